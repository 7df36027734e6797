using ModuleSdk.Trust;
using ModuleSdk.Tests.Sboms;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Trust;

/// <summary><see cref="SumDbClientFactory"/>: the clients of <c>MODSUMDB</c> and of a database named by URL, against a real log on disk.</summary>
[TestClass]
public sealed class SumDbClientFactoryTests
{
    [TestMethod]
    public async Task FromEnvironment_NullWithoutMODSUMDB_ElseItsDatabase()
    {
        using var temp = new TempDir("sumdbfactory");
        var log = new FileLog(temp.Combine("log"));
        log.Add("example.com/lib", "v1.0.0", SbomTests.LibSum, SbomTests.NewSum).Publish();
        var env = new Dictionary<string, string?>(StringComparer.Ordinal) { ["MODCACHE"] = temp.Combine("cache"), ["MODPROXY"] = "off" };
        Assert.IsNull(SumDbClientFactory.FromEnvironment(env));

        env["MODSUMDB"] = log.ModSumDb;
        var client = SumDbClientFactory.FromEnvironment(env)!;
        Assert.AreEqual(log.Name, client.Config.Name);
        var record = await client.LookupAsync("example.com/lib", "v1.0.0", CancellationToken.None);
        Assert.AreEqual(SbomTests.LibSum, record.ZipHash);
        Assert.AreEqual(1, client.Latest.N);
        Assert.IsTrue(Directory.Exists(temp.Combine("cache")), "what it verified is kept in MODCACHE");
    }

    [TestMethod]
    public async Task ForDatabase_ReadsTheUrlDirectly_AndAuditsIt()
    {
        using var temp = new TempDir("sumdbfactory");
        var log = new FileLog(temp.Combine("log"));
        for (int i = 0; i < 5; i++) log.Add($"example.com/m{i}", "v1.0.0", SbomTests.LibSum, SbomTests.NewSum);
        log.Publish();
        // MODPROXY would be used by the MODSUMDB client; an audit reads the URL it is given, never a proxy.
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["MODCACHE"] = temp.Combine("cache"), ["MODPROXY"] = "http://127.0.0.1:9/unreachable",
        };
        var client = SumDbClientFactory.ForDatabase(log.VerifierKey, log.Url.AbsoluteUri, env);
        Assert.AreEqual(log.Name, client.Config.Name);
        var result = await LogAudit.RunAsync(client, CancellationToken.None);
        Assert.IsTrue(result.Sound);
        Assert.AreEqual(5, result.Records);
    }
}
