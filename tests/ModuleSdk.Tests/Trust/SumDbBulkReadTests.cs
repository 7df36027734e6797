using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.SumDb;
using ModuleSdk.Trust;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Trust;

/// <summary>
/// The client's bulk read of the log's data tiles (SumDbClient.Bulk.cs) against real logs on
/// disk: the same answers as one lookup per version, every record proven against the verified
/// head, a tampered tile and a version with two hashes refused, versions added after the head
/// looked up, and the cap and the "lookups spent" rule respected.
/// </summary>
[TestClass]
public sealed class SumDbBulkReadTests
{
    private static string Hash(int i) => "h1:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));

    private static FileLog Log(TempDir temp, int records)
    {
        var log = new FileLog(temp.Combine("log"));
        for (int i = 0; i < records; i++) log.Add($"example.com/m{i}", "v1.0.0", Hash(i), Hash(-i - 1));
        log.Publish();
        return log;
    }

    // A new client is a new process: it knows only what its cache kept.
    private static ModuleSdk.Trust.SumDbClient Client(TempDir temp, FileLog log, string cache = "cache", int? limit = null) =>
        new(SumDbConfig.Parse(log.ModSumDb, null, null)!, ProxyList.Parse("off"), temp.Combine(cache))
        {
            BulkTileLimit = limit ?? ModuleSdk.Trust.SumDbClient.DefaultBulkTileLimit,
        };

    private string Store(TempDir temp, FileLog log, string cache, params string[] path) =>
        Path.Combine([temp.Combine(cache, "cache", "download", "sumdb", log.Name), .. path]);

    // A 300-record log has 2 data tiles: two lookups (m0 and m1) pay for them, so the next lookup reads both.
    private static async Task PayForTwoTilesAsync(ModuleSdk.Trust.SumDbClient client)
    {
        await client.LookupAsync("example.com/m0", "v1.0.0", default);
        await client.LookupAsync("example.com/m1", "v1.0.0", default);
    }

    [TestMethod]
    public async Task BulkRead_GivesTheLookupClientsAnswers_AfterAsManyLookupsAsTiles()
    {
        using var temp = new TempDir("sumdb-bulk");
        var log = Log(temp, 600); // tiles 0 and 1 full, tile 2 partial (88 records)
        var lookups = Client(temp, log, "lookups", limit: 0);
        var bulk = Client(temp, log, "bulk");
        for (int i = 0; i < 600; i += 7)
        {
            var want = await lookups.LookupAsync($"example.com/m{i}", "v1.0.0", default);
            var have = await bulk.LookupAsync($"example.com/m{i}", "v1.0.0", default);
            Assert.AreEqual(want, have, $"m{i}");
            Assert.AreEqual(Hash(i), have.ZipHash);
        }
        Assert.AreEqual(86, lookups.RemoteLookups, "Go's way: one lookup per version");
        // The first lookup learns the tree (600 records: 3 data tiles); after 3 lookups the tiles are read.
        Assert.AreEqual(3, bulk.RemoteLookups);
        Assert.AreEqual(600, bulk.BulkRecords);
        Assert.IsTrue(File.Exists(Store(temp, log, "bulk", "tile", "8", "data", "001")), "proven data tiles are kept with the hash tiles");
        Assert.IsTrue(File.Exists(Store(temp, log, "bulk", "tile", "8", "data", "002.p", "88")));
        Assert.IsFalse(File.Exists(Store(temp, log, "bulk", "lookup", "example.com", "m595@v1.0.0")), "no lookup file per version read from the tiles");

        // The next run (a new client on the same cache) answers from the kept tiles and head alone.
        var again = Client(temp, log, "bulk");
        Assert.AreEqual(Hash(-596), (await again.LookupAsync("example.com/m595", "v1.0.0", default)).ModHash);
        Assert.AreEqual(Hash(3), (await again.LookupAsync("example.com/m3", "v1.0.0", default)).ZipHash);
        Assert.AreEqual(0, again.RemoteLookups);
        Assert.AreEqual(600, again.BulkRecords);
    }

    [TestMethod]
    public async Task ConcurrentLookups_ShareOneBulkRead()
    {
        using var temp = new TempDir("sumdb-bulk");
        var log = Log(temp, 300);
        var bulk = Client(temp, log);
        await PayForTwoTilesAsync(bulk);
        var all = await Task.WhenAll(Enumerable.Range(2, 298).Select(i => bulk.LookupAsync($"example.com/m{i}", "v1.0.0", default)));
        for (int i = 2; i < 300; i++) Assert.AreEqual(Hash(i), all[i - 2].ZipHash);
        Assert.AreEqual(2, bulk.RemoteLookups);
    }

    [TestMethod]
    public async Task ATamperedDataTile_IsRefused_AndNotKept()
    {
        using var temp = new TempDir("sumdb-bulk");
        var log = Log(temp, 300);
        // The server serves another zip hash for m5 in the data tile (its lookup answer is honest).
        string tile = Path.Combine(log.Directory, "tile", "8", "data", "000");
        File.WriteAllText(tile, File.ReadAllText(tile).Replace(Hash(5), Hash(1000)));
        var bulk = Client(temp, log);
        await PayForTwoTilesAsync(bulk);
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => bulk.LookupAsync("example.com/m5", "v1.0.0", default));
        Assert.AreEqual(DiagnosticCodes.SumDbTileInvalid, e.Code, e.Message);
        StringAssert.Contains(e.Message, "record 5 in tile/8/data/000 is not the one tree#300");
        // Every later answer is refused too: this server serves a log other than the one it signed.
        var later = await Assert.ThrowsExactlyAsync<ModuleException>(() => bulk.LookupAsync("example.com/m200", "v1.0.0", default));
        Assert.AreEqual(DiagnosticCodes.SumDbTileInvalid, later.Code);
        Assert.IsFalse(File.Exists(Store(temp, log, "cache", "tile", "8", "data", "000")), "an unproven tile is not kept");

        // A data tile with a record missing is refused as well.
        File.WriteAllText(tile, string.Join("\n\n", File.ReadAllText(tile).Split("\n\n").Skip(1)));
        var short_ = Client(temp, log, "cache2");
        await PayForTwoTilesAsync(short_);
        var s = await Assert.ThrowsExactlyAsync<ModuleException>(() => short_.LookupAsync("example.com/m7", "v1.0.0", default));
        Assert.AreEqual(DiagnosticCodes.SumDbTileInvalid, s.Code, s.Message);
    }

    [TestMethod]
    public async Task AVersionWithTwoHashesInTheLog_IsASecurityError()
    {
        using var temp = new TempDir("sumdb-bulk");
        var log = new FileLog(temp.Combine("log"));
        for (int i = 0; i < 300; i++) log.Add($"example.com/m{i}", "v1.0.0", Hash(i), Hash(-i - 1));
        log.Add("example.com/m7", "v1.0.0", Hash(1000), Hash(-8)).Publish();
        var bulk = Client(temp, log);
        await PayForTwoTilesAsync(bulk);
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => bulk.LookupAsync("example.com/m7", "v1.0.0", default));
        Assert.AreEqual(DiagnosticCodes.SumDbLogTwoHashes, e.Code);
        StringAssert.Contains(e.Message, "SECURITY ERROR");
        StringAssert.Contains(e.Message, $"record 7: {Hash(7)} {Hash(-8)}");
        StringAssert.Contains(e.Message, $"record 300: {Hash(1000)} {Hash(-8)}");
        // The other versions' records are proven and answered.
        Assert.AreEqual(Hash(8), (await bulk.LookupAsync("example.com/m8", "v1.0.0", default)).ZipHash);
        Assert.AreEqual(301, bulk.BulkRecords);
    }

    [TestMethod]
    public async Task VersionsAddedAfterTheHead_AreLookedUp_AndTheIndexGrowsByTheSameRule()
    {
        using var temp = new TempDir("sumdb-bulk");
        var log = Log(temp, 300);
        var bulk = Client(temp, log);
        for (int i = 0; i < 10; i++) await bulk.LookupAsync($"example.com/m{i}", "v1.0.0", default);
        Assert.AreEqual(300, bulk.BulkRecords);
        Assert.AreEqual(2, bulk.RemoteLookups);

        for (int i = 300; i < 600; i++) log.Add($"example.com/m{i}", "v1.0.0", Hash(i), Hash(-i - 1));
        log.Publish();
        // Not in the tiles read: asked of the server, which brings the newer head (checked consistent).
        Assert.AreEqual(Hash(450), (await bulk.LookupAsync("example.com/m450", "v1.0.0", default)).ZipHash);
        Assert.AreEqual(600, bulk.Latest.N);
        Assert.AreEqual(3, bulk.RemoteLookups);
        Assert.AreEqual(300, bulk.BulkRecords, "a record beyond the head known when it was asked does not pay for the tiles");
        // Tiles 1 and 2 are new: two lookups of records the newer head holds pay for them, then they are read.
        await bulk.LookupAsync("example.com/m451", "v1.0.0", default);
        await bulk.LookupAsync("example.com/m452", "v1.0.0", default);
        Assert.AreEqual(5, bulk.RemoteLookups);
        Assert.AreEqual(Hash(-560), (await bulk.LookupAsync("example.com/m559", "v1.0.0", default)).ModHash);
        Assert.AreEqual(5, bulk.RemoteLookups);
        Assert.AreEqual(600, bulk.BulkRecords);
        Assert.AreEqual(Hash(299), (await bulk.LookupAsync("example.com/m299", "v1.0.0", default)).ZipHash);

        // A version the log does not know: the server's answer, as without the bulk read.
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => bulk.LookupAsync("example.com/none", "v1.0.0", default));
        Assert.IsTrue(ModuleSdk.Trust.SumDbClient.IsUnknownVersion(e), e.ToString());
        Assert.AreEqual(6, bulk.RemoteLookups);
    }

    [TestMethod]
    public async Task ALogLargerThanTheCap_IsNeverReadWhole()
    {
        using var temp = new TempDir("sumdb-bulk");
        var log = Log(temp, 300); // 2 data tiles
        var capped = Client(temp, log, limit: 1);
        for (int i = 0; i < 60; i++) Assert.AreEqual(Hash(i), (await capped.LookupAsync($"example.com/m{i}", "v1.0.0", default)).ZipHash);
        Assert.AreEqual(60, capped.RemoteLookups);
        Assert.AreEqual(0, capped.BulkRecords);
        Assert.IsFalse(Directory.Exists(Store(temp, log, "cache", "tile", "8", "data")), "no data tile read");
    }
}
