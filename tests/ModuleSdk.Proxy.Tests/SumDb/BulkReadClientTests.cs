using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Trust;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests.SumDb;

/// <summary>
/// The engine's checksum database client reading the proxy's log in bulk (its data tiles, each
/// record proven against the signed head) gives the answers of one lookup per version, and a
/// version the tiles read do not hold (logged since, or unknown) goes to the server's
/// <c>/lookup</c>, which logs it first, exactly as without the bulk read.
/// </summary>
[TestClass]
public sealed class BulkReadClientTests
{
    [TestMethod]
    public async Task TheBulkReadingClient_AnswersAsTheLookupClient_AgainstTheProxysLog()
    {
        var versions = Enumerable.Range(0, 16).Select(i => ($"example.org/m{i}", "v1.0.0")).ToArray();
        using var f = new SumDbFixture(versions);
        await using var proxy = await ProxyHost.StartAsync(f.Settings("Storage:Kind=disk"));
        var config = SumDbConfig.Parse($"{f.VerifierKey} {proxy.Url}/sumdb/{SumDbFixture.Name}", null, null)!;
        var lookups = new ModuleSdk.Trust.SumDbClient(config, ProxyList.Parse("off"), f.Dir.Combine("lookups")) { BulkTileLimit = 0 };
        var bulk = new ModuleSdk.Trust.SumDbClient(config, ProxyList.Parse("off"), f.Dir.Combine("bulk"));

        // The lookup client's lookups log the first ten versions.
        for (int i = 0; i < 10; i++) await lookups.LookupAsync($"example.org/m{i}", "v1.0.0", default);
        for (int i = 0; i < 10; i++)
            Assert.AreEqual(await lookups.LookupAsync($"example.org/m{i}", "v1.0.0", default), await bulk.LookupAsync($"example.org/m{i}", "v1.0.0", default));
        // One lookup told the log's size (10 records, one data tile): the tile answered the rest.
        Assert.AreEqual(1, bulk.RemoteLookups);
        Assert.AreEqual(10, bulk.BulkRecords);

        // Versions not logged yet: the bulk client's lookup makes the server log them.
        for (int i = 10; i < 16; i++)
        {
            var record = await bulk.LookupAsync($"example.org/m{i}", "v1.0.0", default);
            Assert.AreEqual(await lookups.LookupAsync($"example.org/m{i}", "v1.0.0", default), record);
        }
        Assert.AreEqual(16, bulk.Latest.N);
        // Each was logged after the head the client knew: re-reading the tile would not have
        // answered it, so it is not read again.
        Assert.AreEqual(7, bulk.RemoteLookups);
        Assert.AreEqual(10, bulk.BulkRecords);

        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => bulk.LookupAsync("example.org/none", "v1.0.0", default));
        Assert.IsTrue(ModuleSdk.Trust.SumDbClient.IsUnknownVersion(e), e.ToString());
    }
}
