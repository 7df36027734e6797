using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.SumDb;
using ModuleSdk.Trust;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Trust;

/// <summary>The checksum database client against real logs on disk: proofs, the timeline kept under the cache, forks, tampering.</summary>
[TestClass]
public sealed class SumDbClientTests
{
    private const string ZipA = "h1:GdQ1tKq2I8ljbLyGQYGX9ArVnIVdm3PEvQsAk5WCWCM=";
    private const string ZipB = "h1:8bVd7Aun7p2GmjSmE9DlRbJ+xlUcoyEtaczlHT0jRi8=";

    private static string Hash(int i) => "h1:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));

    private static FileLog Log(TempDir temp, int records, string dir = "log", (string, string)? keys = null)
    {
        var log = new FileLog(temp.Combine(dir), keys: keys);
        for (int i = 0; i < records; i++) log.Add($"example.com/m{i}", "v1.0.0", Hash(i), Hash(-i - 1));
        return log;
    }

    private static ClientFactory Client(TempDir temp, FileLog log) => new(temp, log);

    // A new client each time is a new process: it knows only what the cache kept.
    private sealed record ClientFactory(TempDir Temp, FileLog Log)
    {
        public ModuleSdk.Trust.SumDbClient Create() =>
            new(SumDbConfig.Parse(Log.ModSumDb, null, null)!, ProxyList.Parse("off"), Temp.Combine("cache"));
    }

    [TestMethod]
    public async Task Lookup_ProvesRecordsAcrossTiles_AndKeepsTheTimelineUnderTheCache()
    {
        using var temp = new TempDir("sumdb");
        var log = Log(temp, 300);
        log.Publish();
        var client = Client(temp, log).Create();
        var early = await client.LookupAsync("example.com/m3", "v1.0.0", default);
        var late = await client.LookupAsync("example.com/m290", "v1.0.0", default);
        Assert.AreEqual(Hash(3), early.ZipHash);
        Assert.AreEqual(Hash(-291), late.ModHash);
        Assert.AreEqual(300, client.Latest.N);
        Assert.IsTrue(File.Exists(temp.Combine("cache", "cache", "download", "sumdb", log.Name, "latest")));
        Assert.IsTrue(File.Exists(temp.Combine("cache", "cache", "download", "sumdb", log.Name, "tile", "8", "0", "000")), "the full tile is cached");
        Assert.IsTrue(File.Exists(temp.Combine("cache", "cache", "download", "sumdb", log.Name, "lookup", "example.com", "m3@v1.0.0")));
    }

    [TestMethod]
    public async Task ConcurrentFirstLookups_ShareOneTileProof_AndATamperedTileFailsThemAll()
    {
        using var temp = new TempDir("sumdb");
        var log = Log(temp, 300);
        log.Publish();
        var client = new ModuleSdk.Trust.SumDbClient(
            SumDbConfig.Parse(log.ModSumDb, null, null)!, ProxyList.Parse("off"), temp.Combine("cache")) { BulkTileLimit = 0 };
        var all = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => client.LookupAsync($"example.com/m{i}", "v1.0.0", default)));
        for (int i = 0; i < 300; i++) Assert.AreEqual(Hash(i), all[i].ZipHash);

        // A hash tile the server altered: no lookup proves against it, however many wait on the proof.
        string tile = Path.Combine(log.Directory, "tile", "8", "0", "000");
        byte[] bytes = File.ReadAllBytes(tile);
        bytes[40] ^= 1;
        File.WriteAllBytes(tile, bytes);
        var fresh = new ModuleSdk.Trust.SumDbClient(
            SumDbConfig.Parse(log.ModSumDb, null, null)!, ProxyList.Parse("off"), temp.Combine("cache2")) { BulkTileLimit = 0 };
        var lookups = Enumerable.Range(0, 20).Select(i => fresh.LookupAsync($"example.com/m{i}", "v1.0.0", default)).ToList();
        foreach (var l in lookups)
            Assert.AreEqual(DiagnosticCodes.SumDbTileInvalid, (await Assert.ThrowsExactlyAsync<ModuleException>(() => l)).Code);
    }

    [TestMethod]
    public async Task ALogThatGrows_IsConsistentWithTheTreeSeenBefore()
    {
        using var temp = new TempDir("sumdb");
        var log = Log(temp, 5);
        log.Publish();
        await Client(temp, log).Create().LookupAsync("example.com/m1", "v1.0.0", default);
        for (int i = 5; i < 270; i++) log.Add($"example.com/m{i}", "v1.0.0", Hash(i), Hash(-i - 1));
        log.Publish();
        // A new process (client) starts from the latest tree kept in the cache.
        var client = Client(temp, log).Create();
        await client.LookupAsync("example.com/m260", "v1.0.0", default);
        Assert.AreEqual(270, client.Latest.N);
    }

    [TestMethod]
    public async Task AFork_IsASecurityError_WithBothHeads()
    {
        using var temp = new TempDir("sumdb");
        var honest = Log(temp, 3);
        byte[] honestHead = honest.Publish();
        await Client(temp, honest).Create().LookupAsync("example.com/m0", "v1.0.0", default);

        // The same key signs another history: record 1 rewritten, then one more record.
        var forked = new FileLog(temp.Combine("forked"), keys: (honest.SignerKey, honest.VerifierKey));
        forked.Add("example.com/m0", "v1.0.0", Hash(0), Hash(-1)).Add("example.com/m1", "v1.0.0", ZipB, Hash(-2))
            .Add("example.com/m2", "v1.0.0", Hash(2), Hash(-3)).Add("example.com/m3", "v1.0.0", Hash(3), Hash(-4));
        byte[] forkedHead = forked.Publish();
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => Client(temp, forked).Create().LookupAsync("example.com/m3", "v1.0.0", default));
        Assert.AreEqual(DiagnosticCodes.SumDbFork, e.Code);
        StringAssert.Contains(e.Message, "SECURITY ERROR");
        StringAssert.Contains(e.Message, "misbehavior detected");
        StringAssert.Contains(e.Message, System.Text.Encoding.UTF8.GetString(honestHead).Split('\n')[2]);
        StringAssert.Contains(e.Message, System.Text.Encoding.UTF8.GetString(forkedHead).Split('\n')[2]);
        // The timeline is not moved onto the fork.
        CollectionAssert.AreEqual(honestHead, File.ReadAllBytes(temp.Combine("cache", "cache", "download", "sumdb", honest.Name, "latest")));
    }

    [TestMethod]
    public async Task ATamperedRecord_IsRefused()
    {
        using var temp = new TempDir("sumdb");
        var log = Log(temp, 4);
        log.Publish();
        log.TamperLookup(new ModuleRecord("example.com/m2", "v1.0.0", ZipA, Hash(-3)));
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => Client(temp, log).Create().LookupAsync("example.com/m2", "v1.0.0", default));
        Assert.AreEqual(DiagnosticCodes.SumDbRecordUnproven, e.Code);
        Assert.IsFalse(File.Exists(temp.Combine("cache", "cache", "download", "sumdb", log.Name, "lookup", "example.com", "m2@v1.0.0")),
            "an unproven answer is not cached");
    }

    [TestMethod]
    public async Task AHeadSignedByAnotherKey_IsRefused()
    {
        using var temp = new TempDir("sumdb");
        var log = Log(temp, 2);
        log.Publish();
        var other = NoteKeys.Generate(log.Name);
        var config = SumDbConfig.Parse($"{other.VerifierKey} {log.Url.AbsoluteUri}", null, null)!;
        var client = new ModuleSdk.Trust.SumDbClient(config, ProxyList.Parse("off"), temp.Combine("cache"));
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => client.LookupAsync("example.com/m1", "v1.0.0", default));
        Assert.IsTrue(e.Code is DiagnosticCodes.SumDbNoteBadSignature or DiagnosticCodes.SumDbNoteUnverified, e.ToString());
    }

    [TestMethod]
    public async Task AnUnknownVersion_IsMOD6706()
    {
        using var temp = new TempDir("sumdb");
        var log = Log(temp, 2);
        log.Publish();
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => Client(temp, log).Create().LookupAsync("example.com/none", "v1.0.0", default));
        Assert.AreEqual(DiagnosticCodes.SumDbUnreachable, e.Code);
    }

    [TestMethod]
    public void Config_FollowsGoSumDbSyntax()
    {
        var (_, key) = NoteKeys.Generate("sum.example.com");
        Assert.IsNull(SumDbConfig.Parse(null, null, null));
        Assert.IsNull(SumDbConfig.Parse("", null, null));
        Assert.IsNull(SumDbConfig.Parse("off", null, null));
        var c = SumDbConfig.Parse(key, null, "corp.example.com")!;
        Assert.AreEqual("sum.example.com", c.Name);
        Assert.IsNull(c.Url);
        Assert.AreEqual(new Uri("https://sum.example.com"), c.DirectUrl);
        Assert.IsTrue(c.Skips("corp.example.com/lib"), "MODNOSUMDB defaults to MODPRIVATE");
        Assert.IsFalse(c.Skips("example.com/lib"));
        var d = SumDbConfig.Parse($"  {key}   http://127.0.0.1:5000/sumdb/sum.example.com ", "example.com/*", "corp.example.com")!;
        Assert.AreEqual("http://127.0.0.1:5000/sumdb/sum.example.com", d.Url!.ToString());
        Assert.IsTrue(d.Skips("example.com/lib"));
        Assert.IsFalse(d.Skips("corp.example.com/lib"), "MODNOSUMDB, when set, replaces MODPRIVATE");
        foreach (var bad in new[] { "sum.golang.org", $"{key} https://a https://b", $"{key} ftp://x" })
            Assert.AreEqual(DiagnosticCodes.SumDbConfigInvalid, Assert.ThrowsExactly<ModuleException>(() => SumDbConfig.Parse(bad, null, null)).Code, bad);
        Assert.AreEqual(DiagnosticCodes.SumDbKeyInvalid,
            Assert.ThrowsExactly<ModuleException>(() => SumDbConfig.Parse("sum.example.com+12345678+AAAA", null, null)).Code);
    }
}
