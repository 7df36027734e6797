using System.Net;
using ModuleSdk.Tests.Fetching;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests;

/// <summary>
/// Many instances, one upstream fetch: two proxies on one Azurite container and one Redis, 100
/// concurrent clients asking both for the same new version; and a lock left in Redis by a
/// crashed instance expires instead of blocking the version for ever.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class TwoInstanceTests
{
    [TestMethod]
    public async Task TwoInstances_OneAzuriteContainer_OneRedis_HundredClients_OneUpstreamFetch()
    {
        using var azurite = ServerProcess.StartAzurite();
        using var redis = ServerProcess.StartRedis();
        using var dir = new TempDir("two");
        var origin = new ModuleProxyBuilder(dir.Combine("origin")).Add("example.com/m", "v1.0.0");
        var serve = LoopbackServer.Directory(origin.Root);
        // Slow enough that every client arrives while the one fetch runs.
        await using var upstream = new LoopbackServer(async (req, conn, ct) =>
        {
            if (req.Target.EndsWith(".zip", StringComparison.Ordinal)) await Task.Delay(700, ct);
            await serve(req, conn, ct);
        });
        string[] shared =
        [
            "Upstream=" + upstream.BaseUrl,
            "Storage:Kind=azureblob",
            "Storage:ConnectionString=" + azurite.AzuriteConnectionString,
            "Storage:Container=shared",
            "SingleFlight:Kind=redis",
            "SingleFlight:Redis=127.0.0.1:" + redis.Port,
        ];
        await using var a = await ProxyHost.StartAsync(shared);
        await using var b = await ProxyHost.StartAsync(shared);
        Assert.AreEqual("ready\n", await a.Http.GetStringAsync("readyz"));

        var bodies = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            var proxy = i % 2 == 0 ? a : b;
            // Clients ask as the go command does: info, mod, then the zip.
            using (var info = await proxy.Http.GetAsync("example.com/m/@v/v1.0.0.info"))
                Assert.AreEqual(HttpStatusCode.OK, info.StatusCode, await info.Content.ReadAsStringAsync());
            using var res = await proxy.Http.GetAsync("example.com/m/@v/v1.0.0.zip");
            Assert.AreEqual(HttpStatusCode.OK, res.StatusCode, await res.Content.ReadAsStringAsync());
            return await res.Content.ReadAsByteArrayAsync();
        })));

        byte[] expected = File.ReadAllBytes(origin.FileOf("example.com/m", "v1.0.0", "zip"));
        foreach (var body in bodies) CollectionAssert.AreEqual(expected, body, "every client gets identical bytes");
        Assert.AreEqual(1, a.Metrics.UpstreamFetches + b.Metrics.UpstreamFetches, "modproxy_upstream_fetches_total over both instances");
        Assert.AreEqual(1, upstream.Count(".zip"), "the upstream saw one zip request");
        string metricsA = await a.Http.GetStringAsync("metrics"), metricsB = await b.Http.GetStringAsync("metrics");
        Assert.AreEqual(1, new[] { metricsA, metricsB }.Count(m => m.Contains("modproxy_upstream_fetches_total 1\n")));
    }
    [TestMethod]
    public async Task ALockLeftByACrashedInstance_Expires()
    {
        using var redis = ServerProcess.StartRedis();
        using var dir = new TempDir("crashed");
        var origin = new ModuleProxyBuilder(dir.Combine("origin")).Add("example.com/m", "v1.0.0");
        // An instance that died while fetching: its lock stays until it expires.
        using (var other = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync("127.0.0.1:" + redis.Port))
            Assert.IsTrue(await other.GetDatabase().LockTakeAsync("modproxy:flight:example.com/m@v1.0.0", "crashed-instance", TimeSpan.FromSeconds(2)));
        await using var proxy = await ProxyHost.StartAsync("Upstream=" + origin.Url, "SingleFlight:Kind=redis", "SingleFlight:Redis=127.0.0.1:" + redis.Port);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var res = await proxy.Http.GetAsync("example.com/m/@v/v1.0.0.zip");
        Assert.AreEqual(HttpStatusCode.OK, res.StatusCode);
        Assert.IsTrue(clock.Elapsed > TimeSpan.FromSeconds(1), "it waited for the dead holder's lock");
        Assert.AreEqual(1, proxy.Metrics.UpstreamFetches);
    }
}
