using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModuleSdk.Diagnostics;
using ModuleSdk.Proxy.Serving;
using ModuleSdk.Proxy.SumDb;
using ModuleSdk.SumDb;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests.SumDb;

/// <summary>
/// The proxy's checksum database over real HTTP: Go's protocol paths, lookups that fetch and log,
/// proofs that check, one record per version, the log surviving a restart, many appenders
/// through one writer, and <c>modproxy keygen</c>.
/// </summary>
[TestClass]
public sealed class SumDbServerTests
{
    [TestMethod]
    [DataRow("memory")]
    [DataRow("disk")]
    [DataRow("azureblob")]
    public async Task Lookup_FetchesLogsAndProves_TilesServeTheTree(string storage)
    {
        using var azurite = storage == "azureblob" ? ServerProcess.StartAzurite() : null;
        string[] storageSettings = azurite is null
            ? ["Storage:Kind=" + storage]
            : ["Storage:Kind=azureblob", "Storage:ConnectionString=" + azurite.AzuriteConnectionString, "Storage:Container=sumdb"];
        using var f = new SumDbFixture(("example.org/Hello", "v1.0.0"), ("example.org/Hello", "v1.1.0"), ("example.org/other", "v0.1.0"));
        await using var proxy = await ProxyHost.StartAsync(f.Settings(storageSettings));
        var client = f.Client(proxy);

        using (var supported = await proxy.Http.GetAsync($"sumdb/{SumDbFixture.Name}/supported"))
            Assert.AreEqual(HttpStatusCode.OK, supported.StatusCode);
        using (var other = await proxy.Http.GetAsync("sumdb/sum.golang.org/supported"))
            Assert.AreEqual(HttpStatusCode.NotFound, other.StatusCode, "another database is not served: the go command then goes to it directly");
        var empty = await client.LatestAsync();
        Assert.AreEqual(new LogTree(0, LogHash.Empty), empty);

        var (r1, id1, t1) = await client.LookupAsync("example.org/Hello", "v1.0.0");
        Assert.AreEqual(0, id1);
        Assert.AreEqual(1, t1.N);
        // The record is what the go command puts in go.sum: the stored zip's hash, go.mod's hash under Go's name.
        Assert.AreEqual(ModuleSdk.Sums.Hash1.HashZip(Path.Combine(f.Origin, "example.org", "!hello", "@v", "v1.0.0.zip")), r1.ZipHash);
        Assert.AreEqual(ModuleRecord.HashModFile(File.ReadAllBytes(Path.Combine(f.Origin, "example.org", "!hello", "@v", "v1.0.0.mod"))), r1.ModHash);

        // A version the proxy stores through its protocol path is logged when stored.
        using (var zip = await proxy.Http.GetAsync("example.org/other/@v/v0.1.0.zip"))
            Assert.AreEqual(HttpStatusCode.OK, zip.StatusCode);
        var afterStore = await client.LatestAsync();
        Assert.AreEqual(2, afterStore.N);
        var (_, id2, _) = await client.LookupAsync("example.org/other", "v0.1.0");
        Assert.AreEqual(1, id2);
        var (_, id3, t3) = await client.LookupAsync("example.org/Hello", "v1.1.0");
        Assert.AreEqual(2, id3);
        Assert.AreEqual(3, t3.N);
        // Looking up again changes nothing.
        Assert.AreEqual(0, (await client.LookupAsync("example.org/Hello", "v1.0.0")).Id);
        Assert.AreEqual(3, (await client.LatestAsync()).N);
        await client.CheckConsistentAsync(t1, t3);

        // Tiles as Go serves them.
        Assert.AreEqual(3 * 32, (await client.TileAsync(Tile.Parse("tile/8/0/000.p/3"))).Length);
        string data = Encoding.UTF8.GetString(await client.TileAsync(Tile.Parse("tile/8/data/000.p/2")));
        StringAssert.StartsWith(data, $"example.org/Hello v1.0.0 {r1.ZipHash}\nexample.org/Hello v1.0.0/go.mod {r1.ModHash}\n\nexample.org/other v0.1.0 ");
        Assert.AreEqual(2, data.Split("\n\n").Length - 1);
        foreach (var (path, want) in new[]
        {
            ("tile/8/0/000.p/4", HttpStatusCode.NotFound), // past the signed tree
            ("tile/8/0/000", HttpStatusCode.NotFound),
            ("tile/8/1/000.p/1", HttpStatusCode.NotFound),
            ("tile/8/0/0", HttpStatusCode.BadRequest),
            ("lookup/example.org/Hello@v1.0", HttpStatusCode.BadRequest),
            ("lookup/example.org/nothere@v1.0.0", HttpStatusCode.NotFound),
            ("nothing", HttpStatusCode.NotFound),
        })
        {
            using var res = await proxy.Http.GetAsync($"sumdb/{SumDbFixture.Name}/{path}");
            Assert.AreEqual(want, res.StatusCode, path);
        }
        StringAssert.Contains(await proxy.Http.GetStringAsync("metrics"), "modproxy_sumdb_appended_total 3\n");
        // The version listings never see the log's blobs or files.
        var all = new List<ModuleSdk.Modules.ModuleId>();
        await foreach (var id in proxy.Storage.ListAllAsync(default)) all.Add(id);
        Assert.AreEqual(3, all.Count, string.Join(", ", all));

        // A second instance on the same storage serves the same log (azureblob and disk share it).
        if (storage == "memory") return;
        await using var second = await ProxyHost.StartAsync(f.Settings(storage == "disk"
            ? ["Storage:Kind=disk", "Storage:Path=" + DiskRoot(proxy.Storage)]
            : storageSettings));
        Assert.AreEqual(await client.LatestAsync(), await f.Client(second).LatestAsync());
        Assert.AreEqual(2, (await f.Client(second).LookupAsync("example.org/Hello", "v1.1.0")).Id);
    }

    [TestMethod]
    public async Task Log_SurvivesRestart_AndAStoredVersionFromBeforeIsLoggedOnLookup()
    {
        using var f = new SumDbFixture(("example.org/a", "v1.0.0"), ("example.org/b", "v1.0.0"));
        string data = f.Dir.Combine("data");
        LogTree before;
        // First without the database: a version stored before it was turned on.
        await using (var plain = await ProxyHost.StartAsync("Upstream=" + f.OriginUrl, "Storage:Kind=disk", "Storage:Path=" + data))
            Assert.AreEqual(HttpStatusCode.OK, (await plain.Http.GetAsync("example.org/b/@v/v1.0.0.zip")).StatusCode);
        await using (var first = await ProxyHost.StartAsync(f.Settings("Storage:Kind=disk", "Storage:Path=" + data)))
        {
            await f.Client(first).LookupAsync("example.org/a", "v1.0.0");
            var (_, idB, tree) = await f.Client(first).LookupAsync("example.org/b", "v1.0.0");
            Assert.AreEqual(1, idB);
            before = tree;
        }
        // Restarted with no upstream at all: the log answers from storage.
        await using var second = await ProxyHost.StartAsync("Upstream=off", "SumDb:Name=" + SumDbFixture.Name, "SumDb:SignerKey=" + f.KeyFile,
            "Storage:Kind=disk", "Storage:Path=" + data);
        var client = f.Client(second);
        Assert.AreEqual(before, await client.LatestAsync());
        Assert.AreEqual(0, (await client.LookupAsync("example.org/a", "v1.0.0")).Id);
        Assert.IsTrue(File.Exists(Path.Combine(data, "sumdb", SumDbFixture.Name, "latest")));
    }

    private static SumDbLog NewLog(ILogStore store, NoteSigner signer, ISingleFlight flight, SumDbMetrics metrics) =>
        new(store, signer, flight, metrics, NullLogger<SumDbLog>.Instance);

    private static ModuleRecord Record(int i, string hashSeed = "") =>
        new($"example.org/m{i}", "v1.0.0", Hash(hashSeed + "zip" + i), Hash(hashSeed + "mod" + i));

    private static string Hash(string seed) => "h1:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    [TestMethod]
    public async Task SecondDifferentHash_IsRefused_Reported_AndTheFirstKept()
    {
        using var f = new SumDbFixture();
        var metrics = new SumDbMetrics();
        using var log = NewLog(new MemoryLogStore(), f.Signer(), new MemorySingleFlight(), metrics);
        Assert.AreEqual(0, await log.AppendAsync(Record(0), default));
        Assert.AreEqual(1, await log.AppendAsync(Record(1), default));
        Assert.AreEqual(0, await log.AppendAsync(Record(0), default), "the same record again is the same id");
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => log.AppendAsync(Record(0, "tampered"), default));
        Assert.AreEqual(DiagnosticCodes.SumDbConflictingHash, e.Code);
        StringAssert.Contains(e.Message, Record(0).ZipHash);
        StringAssert.Contains(e.Message, Record(0, "tampered").ZipHash);
        Assert.AreEqual(1, metrics.Conflicts);
        var (tree, _) = await log.LatestAsync(default);
        Assert.AreEqual(2, tree.N);
        Assert.AreEqual(Record(0), ModuleRecord.Parse(await log.ReadRecordAsync(0, tree.N, default)));
    }

    [TestMethod]
    public async Task MovedContent_IsRefused_NothingStored_TheLogKeepsTheFirst()
    {
        // The origin's content changes under a logged version (a moved tag): the proxy keeps the
        // log's first record and refuses to store the new bytes.
        using var f = new SumDbFixture(("example.org/moved", "v1.0.0"));
        await using var proxy = await ProxyHost.StartAsync(f.Settings("Storage:Kind=disk"));
        var (first, _, _) = await f.Client(proxy).LookupAsync("example.org/moved", "v1.0.0");
        Assert.IsTrue(await proxy.Storage.DeleteAsync("example.org/moved", "v1.0.0", default));
        string mod = Path.Combine(f.Origin, "example.org", "moved", "@v", "v1.0.0.mod");
        File.WriteAllText(mod, "module example.org/moved\n\ngo 1.17\n");
        using var res = await proxy.Http.GetAsync("example.org/moved/@v/v1.0.0.info");
        string body = await res.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.BadGateway, res.StatusCode, body);
        StringAssert.Contains(body, DiagnosticCodes.SumDbConflictingHash);
        Assert.IsFalse(await proxy.Storage.ExistsAsync("example.org/moved", "v1.0.0", default), "nothing stored");
        StringAssert.Contains(await proxy.Http.GetStringAsync("metrics"), "modproxy_sumdb_conflicts_total 1\n");
        Assert.AreEqual(first, (await f.Client(proxy).LookupAsync("example.org/moved", "v1.0.0")).Record);
    }

    [TestMethod]
    public async Task ManyConcurrentAppends_OneWriter_OneConsistentTree()
    {
        using var f = new SumDbFixture();
        var store = new MemoryLogStore();
        using var log = NewLog(store, f.Signer(), new MemorySingleFlight(), new SumDbMetrics());
        // 300 records cross a tile boundary (256) and several tree levels; some ask twice.
        var ids = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() => log.AppendAsync(Record(i % 280), default))));
        var (tree, _) = await log.LatestAsync(default);
        Assert.AreEqual(280, tree.N);
        Assert.AreEqual(280, ids.Distinct().Count());
        for (int i = 0; i < 300; i++) Assert.AreEqual(ids[i % 280], ids[i]);
        await CheckWholeLogAsync(log, tree);
    }

    [TestMethod]
    public async Task TwoInstances_OneStore_OneRedis_AppendThroughOneWriter()
    {
        using var redis = ServerProcess.StartRedis();
        using var f = new SumDbFixture();
        var store = new MemoryLogStore();
        using var flightA = new RedisSingleFlight("127.0.0.1:" + redis.Port);
        using var flightB = new RedisSingleFlight("127.0.0.1:" + redis.Port);
        using var a = NewLog(store, f.Signer(), flightA, new SumDbMetrics());
        using var b = NewLog(store, f.Signer(), flightB, new SumDbMetrics());
        var ids = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).AppendAsync(Record(i % 100), default))));
        var (tree, _) = await a.LatestAsync(default);
        Assert.AreEqual(100, tree.N, "no record lost or logged twice by two writers");
        Assert.AreEqual(100, ids.Distinct().Count());
        await CheckWholeLogAsync(b, tree);
    }

    [TestMethod]
    public async Task TwoProcessesOnOneDiskFolder_WithoutRedis_AppendOneAtATime()
    {
        // Two logs, each with its own in-process single flight (as two processes would have),
        // on one folder: the disk store's lock file keeps them from writing over each other.
        using var f = new SumDbFixture();
        string root = f.Dir.Combine("log");
        using var a = NewLog(new DiskLogStore(root), f.Signer(), new MemorySingleFlight(), new SumDbMetrics());
        using var b = NewLog(new DiskLogStore(root), f.Signer(), new MemorySingleFlight(), new SumDbMetrics());
        var ids = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).AppendAsync(Record(i % 100), default))));
        var (tree, _) = await a.LatestAsync(default);
        Assert.AreEqual(100, tree.N);
        Assert.AreEqual(100, ids.Distinct().Count());
        await CheckWholeLogAsync(b, tree);
    }

    // Every record's inclusion proof from the stored tiles, and every record where its id says.
    private static async Task CheckWholeLogAsync(SumDbLog log, LogTree tree)
    {
        var reader = new TileHashReader(tree, new StoreTiles(log));
        Assert.AreEqual(tree.Hash, await Tlog.TreeHashAsync(tree.N, reader, default));
        for (long id = 0; id < tree.N; id += 7)
        {
            byte[] text = await log.ReadRecordAsync(id, tree.N, default);
            var proof = await Tlog.ProveRecordAsync(tree.N, id, reader, default);
            Tlog.CheckRecord(proof, tree.N, tree.Hash, id, Tlog.RecordHash(text));
            var r = ModuleRecord.Parse(text);
            Assert.AreEqual(id, await log.FindAsync(r.Id, tree.N, default));
        }
    }

    private sealed class StoreTiles(SumDbLog log) : ITileReader
    {
        public int Height => 8;

        public async ValueTask<IReadOnlyList<byte[]>> ReadTilesAsync(IReadOnlyList<Tile> tiles, CancellationToken cancellationToken)
        {
            var list = new List<byte[]>();
            foreach (var t in tiles) list.Add(await log.ReadTileAsync(t, cancellationToken) ?? throw new AssertFailedException("missing " + t.Path));
            return list;
        }

        public void SaveTiles(IReadOnlyList<Tile> tiles, IReadOnlyList<byte[]> data)
        {
        }
    }

    [TestMethod]
    public async Task Keygen_WritesA0600Key_PrintsTheVerifier_NeverOverwrites()
    {
        using var dir = new TempDir("keygen");
        string file = dir.Combine("k");
        var o = new StringWriter();
        Assert.AreEqual(0, KeygenCommand.Run(["sum.example.test", file], o, new StringWriter()));
        string vkey = o.ToString().Trim();
        StringAssert.StartsWith(vkey, "sum.example.test+");
        using (var signer = NoteSigner.Parse(File.ReadAllText(file)))
            Assert.AreEqual(vkey, signer.VerifierKey);
        if (!OperatingSystem.IsWindows())
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.IsFalse(o.ToString().Contains("PRIVATE", StringComparison.Ordinal), "the signer key is never printed");
        string before = File.ReadAllText(file);
        var e = Assert.ThrowsExactly<ModuleException>(() => KeygenCommand.Run(["sum.example.test", file], new StringWriter(), new StringWriter()));
        Assert.AreEqual(DiagnosticCodes.SumDbConfigurationInvalid, e.Code);
        Assert.AreEqual(before, File.ReadAllText(file));
        Assert.AreEqual(2, KeygenCommand.Run(["only-name"], new StringWriter(), new StringWriter()));
        await Task.CompletedTask;
    }

    [TestMethod]
    public async Task BadConfiguration_FailsAtStartUp()
    {
        using var f = new SumDbFixture();
        foreach (var (settings, want) in new[]
        {
            (new[] { "SumDb:Name=" + SumDbFixture.Name }, "SumDb:SignerKey"),
            (new[] { "SumDb:Name=" + SumDbFixture.Name, "SumDb:SignerKey=" + f.Dir.Combine("missing") }, "cannot read"),
            (new[] { "SumDb:Name=other.example", "SumDb:SignerKey=" + f.KeyFile }, "holds the key of " + SumDbFixture.Name),
        })
        {
            var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => ProxyHost.StartAsync(settings), string.Join(" ", settings));
            Assert.AreEqual(DiagnosticCodes.SumDbConfigurationInvalid, e.Code);
            StringAssert.Contains(e.Message, want);
            Assert.IsFalse(e.Message.Contains("PRIVATE+KEY", StringComparison.Ordinal));
        }
    }

    /// <summary>The disk backend's folder, under the index's wrapper (every store goes through it).</summary>
    private static string DiskRoot(ModuleSdk.Proxy.Storage.IModuleStorage storage) => storage switch
    {
        ModuleSdk.Proxy.Index.IndexingStorage indexing => DiskRoot(indexing.Inner),
        ModuleSdk.Proxy.Storage.DiskStorage disk => disk.Root,
        _ => throw new InvalidOperationException("not disk storage: " + storage.GetType()),
    };
}
