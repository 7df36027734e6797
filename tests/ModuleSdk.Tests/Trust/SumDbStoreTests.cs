using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.SumDb;
using ModuleSdk.Trust;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Trust;

/// <summary>
/// The client's pluggable store (<see cref="ISumDbStore"/>): a store other than the cache folder
/// keeps the timeline, clients sharing a store extend one history, and a head another writer
/// stored between the client's read and its write is checked before the client's own replaces it.
/// </summary>
[TestClass]
public sealed class SumDbStoreTests
{
    private static string Hash(int i) => "h1:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));

    /// <summary>A store in memory; <see cref="BeforeReplace"/> plays another writer.</summary>
    private sealed class MemoryStore : ISumDbStore
    {
        private readonly Dictionary<string, byte[]> _files = [];
        private byte[]? _latest;

        public Func<byte[]?>? BeforeReplace { get; set; }

        public int Replacements { get; private set; }

        public byte[]? Latest => _latest;

        public string LatestLocation => "memory";

        public ValueTask<byte[]?> ReadLatestAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_latest);

        public ValueTask<bool> TryReplaceLatestAsync(byte[]? expected, byte[] note, CancellationToken cancellationToken)
        {
            Replacements++;
            if (BeforeReplace is { } other)
            {
                BeforeReplace = null;
                _latest = other();
            }
            if (!(_latest ?? []).AsSpan().SequenceEqual(expected ?? [])) return ValueTask.FromResult(false);
            _latest = note;
            return ValueTask.FromResult(true);
        }

        public ValueTask<byte[]?> ReadTileAsync(Tile tile, CancellationToken cancellationToken) => ValueTask.FromResult(_files.GetValueOrDefault(tile.Path));

        public void SaveTile(Tile tile, byte[] data) => _files[tile.Path] = data;

        public ValueTask<byte[]?> ReadLookupAsync(string key, CancellationToken cancellationToken) =>
            ValueTask.FromResult(_files.GetValueOrDefault("lookup/" + key));

        public void SaveLookup(string key, byte[] data) => _files["lookup/" + key] = data;
    }

    private static ModuleSdk.Trust.SumDbClient Client(FileLog log, ISumDbStore store) =>
        new(SumDbConfig.Parse(log.ModSumDb, null, null)!, ProxyList.Parse("off"), store);

    private static FileLog Log(TempDir temp, int records, string dir = "log", (string, string)? keys = null)
    {
        var log = new FileLog(temp.Combine(dir), keys: keys);
        for (int i = 0; i < records; i++) log.Add($"example.com/m{i}", "v1.0.0", Hash(i), Hash(-i - 1));
        return log;
    }

    [TestMethod]
    public async Task AStoreOtherThanTheCacheFolder_KeepsTheTimeline_ForEveryClientSharingIt()
    {
        using var temp = new TempDir("sumdb-store");
        var log = Log(temp, 3);
        byte[] head3 = log.Publish();
        var store = new MemoryStore();
        await Client(log, store).LookupAsync("example.com/m1", "v1.0.0", default);
        CollectionAssert.AreEqual(head3, store.Latest);
        Assert.IsNotNull(await store.ReadLookupAsync("example.com/m1@v1.0.0", default));
        Assert.IsFalse(Directory.Exists(temp.Combine("cache")));

        // A second client (another instance) on the same store starts from that head, and a fork
        // signed by the same key is caught against it.
        var forked = new FileLog(temp.Combine("forked"), keys: (log.SignerKey, log.VerifierKey));
        forked.Add("example.com/m0", "v1.0.0", Hash(0), Hash(-1)).Add("example.com/m1", "v1.0.0", Hash(100), Hash(-2))
            .Add("example.com/m2", "v1.0.0", Hash(2), Hash(-3)).Add("example.com/m3", "v1.0.0", Hash(3), Hash(-4));
        forked.Publish();
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => Client(forked, store).LookupAsync("example.com/m3", "v1.0.0", default));
        Assert.AreEqual(DiagnosticCodes.SumDbFork, e.Code);
        StringAssert.Contains(e.Message, "Keep memory as evidence");
        CollectionAssert.AreEqual(head3, store.Latest, "the timeline is not moved onto the fork");
    }

    [TestMethod]
    public async Task AHeadStoredByAnotherWriterMeanwhile_IsCheckedBeforeTheClientsReplacesIt()
    {
        using var temp = new TempDir("sumdb-store");
        var log = Log(temp, 4);
        byte[] head4 = log.Publish();
        log.Add("example.com/m4", "v1.0.0", Hash(4), Hash(-5));
        byte[] head5 = log.Publish();

        // Another instance stores head 4 between this client's read (nothing) and its write.
        var store = new MemoryStore { BeforeReplace = () => head4 };
        var client = Client(log, store);
        await client.LookupAsync("example.com/m4", "v1.0.0", default);
        Assert.AreEqual(2, store.Replacements, "the first replacement lost the race, the second replaced the other writer's head");
        CollectionAssert.AreEqual(head5, store.Latest);
        Assert.AreEqual(5, client.Latest.N);

        // The other writer stores a fork of the same key meanwhile: a SECURITY ERROR, not overwritten.
        var forked = new FileLog(temp.Combine("forked"), keys: (log.SignerKey, log.VerifierKey));
        for (int i = 0; i < 4; i++) forked.Add($"example.com/m{i}", "v1.0.0", Hash(i == 2 ? 200 : i), Hash(-i - 1));
        byte[] forkedHead = forked.Publish();
        var fresh = new MemoryStore { BeforeReplace = () => forkedHead };
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => Client(log, fresh).LookupAsync("example.com/m1", "v1.0.0", default));
        Assert.AreEqual(DiagnosticCodes.SumDbFork, e.Code);
        CollectionAssert.AreEqual(forkedHead, fresh.Latest);
    }
}
