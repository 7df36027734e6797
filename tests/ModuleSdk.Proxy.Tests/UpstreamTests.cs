using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using ModuleSdk.Tests.Fetching;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests;

/// <summary>
/// Upstream lists with <c>MODPROXY</c>'s <c>,</c> and <c>|</c> rules, upstreams that fail half-way
/// or serve bad zips (nothing stored, nothing half-served), and the list cache's background refresh.
/// </summary>
[TestClass]
public sealed class UpstreamTests
{
    private static LoopbackServer Status(int status) => new((req, conn, ct) =>
        LoopbackServer.WriteTextAsync(conn, status, status == 404 ? "Not Found" : "Internal Server Error", "upstream says " + status + "\n",
            cancellationToken: ct));

    [TestMethod]
    public async Task CommaFallsThroughOnNotFoundOnly_BarOnAnyError()
    {
        using var repos = new ModuleRepos();
        await using var notFound = Status(404);
        await using var broken = Status(500);

        await using (var proxy = await ProxyHost.StartAsync($"Upstream={notFound.BaseUrl},direct", "Repos=" + repos.Rules))
        {
            using var res = await proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.zip");
            Assert.AreEqual(HttpStatusCode.OK, res.StatusCode, "404 from the first entry: on to direct");
            Assert.IsTrue(notFound.Count("v1.0.0.info") >= 1);
        }
        await using (var proxy = await ProxyHost.StartAsync($"Upstream={broken.BaseUrl},direct", "Repos=" + repos.Rules))
        {
            using var res = await proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.info");
            Assert.AreEqual(HttpStatusCode.BadGateway, res.StatusCode, "a real failure stops a , list");
            StringAssert.Contains(await res.Content.ReadAsStringAsync(), "MOD6002");
            Assert.IsFalse(await proxy.Storage.ExistsAsync("example.com/lib", "v1.0.0", default));
        }
        await using (var proxy = await ProxyHost.StartAsync($"Upstream={broken.BaseUrl}|direct", "Repos=" + repos.Rules))
        {
            using var res = await proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.zip");
            Assert.AreEqual(HttpStatusCode.OK, res.StatusCode, "| falls through on any error");
        }
        await using (var proxy = await ProxyHost.StartAsync("Upstream=off"))
        {
            using var res = await proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.info");
            Assert.AreEqual(HttpStatusCode.NotFound, res.StatusCode, "off: nothing is fetched, and nothing is here");
        }
    }

    [TestMethod]
    public async Task UpstreamDyingMidZip_StoresNothing_AndTheNextRequestFetchesAgain()
    {
        using var dir = new TempDir("dying");
        var origin = new ModuleProxyBuilder(dir.Combine("origin")).Add("example.com/m", "v1.0.0");
        byte[] zip = File.ReadAllBytes(origin.FileOf("example.com/m", "v1.0.0", "zip"));
        bool healthy = false;
        var serve = LoopbackServer.Directory(origin.Root);
        await using var upstream = new LoopbackServer(async (req, conn, ct) =>
        {
            if (!healthy && req.Target.EndsWith(".zip", StringComparison.Ordinal))
            {
                // Promise the whole zip, send half, hang up: a killed upstream.
                await LoopbackServer.WriteAsync(conn, 200, "OK", "application/zip", zip[..(zip.Length / 2)], declaredLength: zip.Length, cancellationToken: ct);
                return;
            }
            await serve(req, conn, ct);
        });
        await using var proxy = await ProxyHost.StartAsync("Storage:Kind=disk", "Upstream=" + upstream.BaseUrl);
        using (var res = await proxy.Http.GetAsync("example.com/m/@v/v1.0.0.zip"))
        {
            Assert.AreEqual(HttpStatusCode.BadGateway, res.StatusCode, await res.Content.ReadAsStringAsync());
        }
        Assert.IsFalse(await proxy.Storage.ExistsAsync("example.com/m", "v1.0.0", default), "nothing half-stored");
        using (var info = await proxy.Http.GetAsync("example.com/m/@v/v1.0.0.info"))
            Assert.AreEqual(HttpStatusCode.BadGateway, info.StatusCode, "the info is not served before the version is stored whole");

        healthy = true;
        using var ok = await proxy.Http.GetAsync("example.com/m/@v/v1.0.0.zip");
        Assert.AreEqual(HttpStatusCode.OK, ok.StatusCode);
        CollectionAssert.AreEqual(zip, await ok.Content.ReadAsByteArrayAsync());
        StringAssert.Contains(proxy.Metrics.Format(), "modproxy_upstream_fetch_failures_total 2");
    }

    [TestMethod]
    public async Task ZipBreakingTheRules_IsRefused_AndNotStored()
    {
        using var dir = new TempDir("evil");
        var origin = new ModuleProxyBuilder(dir.Combine("origin")).Add("example.com/m", "v1.0.0");
        // A zip-slip entry outside path@version/.
        using (var f = File.Create(origin.FileOf("example.com/m", "v1.0.0", "zip")))
        using (var z = new ZipArchive(f, ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(z.CreateEntry("example.com/m@v1.0.0/module.mod").Open())) w.Write("module example.com/m\n");
            using (var w = new StreamWriter(z.CreateEntry("example.com/m@v1.0.0/../../evil.txt").Open())) w.Write("evil");
        }
        await using var proxy = await ProxyHost.StartAsync("Upstream=" + new Uri(origin.Root + "/").AbsoluteUri);
        using var res = await proxy.Http.GetAsync("example.com/m/@v/v1.0.0.zip");
        Assert.AreEqual(HttpStatusCode.BadGateway, res.StatusCode);
        StringAssert.Contains(await res.Content.ReadAsStringAsync(), "MOD6502");
        Assert.IsFalse(await proxy.Storage.ExistsAsync("example.com/m", "v1.0.0", default));
    }

    [TestMethod]
    public async Task List_IsCached_AndRefreshedInTheBackground_WithoutStallingClients()
    {
        int calls = 0;
        await using var upstream = new LoopbackServer(async (req, conn, ct) =>
        {
            if (!req.Target.EndsWith("/@v/list", StringComparison.Ordinal))
            {
                await LoopbackServer.WriteTextAsync(conn, 404, "Not Found", "no\n", cancellationToken: ct);
                return;
            }
            // The first answer is quick; later ones come from a slow git host.
            if (Interlocked.Increment(ref calls) > 1) await Task.Delay(2000, ct);
            await LoopbackServer.WriteTextAsync(conn, 200, "OK", calls > 1 ? "v1.0.0\nv1.1.0\n" : "v1.0.0\n", cancellationToken: ct);
        });
        await using var proxy = await ProxyHost.StartAsync("Upstream=" + upstream.BaseUrl, "Cache:ListTtlSeconds=0.5");
        Assert.AreEqual("v1.0.0\n", await proxy.Http.GetStringAsync("example.com/m/@v/list"));
        Assert.AreEqual("v1.0.0\n", await proxy.Http.GetStringAsync("example.com/m/@v/list"), "fresh: from the cache");
        Assert.AreEqual(1, upstream.Count("/@v/list"));
        await Task.Delay(700);
        var clock = Stopwatch.StartNew();
        Assert.AreEqual("v1.0.0\n", await proxy.Http.GetStringAsync("example.com/m/@v/list"), "stale: served at once");
        Assert.IsTrue(clock.ElapsedMilliseconds < 1500, $"a stale list is not held up by the slow refresh ({clock.ElapsedMilliseconds} ms)");
        string latest = "";
        for (int i = 0; i < 100 && latest != "v1.0.0\nv1.1.0\n"; i++)
        {
            await Task.Delay(100);
            latest = await proxy.Http.GetStringAsync("example.com/m/@v/list");
        }
        Assert.AreEqual("v1.0.0\nv1.1.0\n", latest, "the background refresh lands");
    }

    [TestMethod]
    public async Task ADirectUpstream_SeesANewTag_OnceTheListIsStale()
    {
        // No webhook and no polling: the stale list's background refresh asks the repository again.
        using var repos = new ModuleRepos();
        await using var proxy = await ProxyHost.StartAsync("Repos=" + repos.Rules, "Cache:ListTtlSeconds=0.5");
        Assert.AreEqual("v1.0.0\nv1.1.0\n", await proxy.Http.GetStringAsync("example.com/lib/@v/list"));
        repos.TagNewLibVersion("v1.2.0");
        string list = "";
        for (int i = 0; i < 100 && list != "v1.0.0\nv1.1.0\nv1.2.0\n"; i++)
        {
            await Task.Delay(100);
            list = await proxy.Http.GetStringAsync("example.com/lib/@v/list");
        }
        Assert.AreEqual("v1.0.0\nv1.1.0\nv1.2.0\n", list, "the new tag is listed without a webhook");
        using var res = await proxy.Http.GetAsync("example.com/lib/@v/v1.2.0.info");
        Assert.AreEqual(HttpStatusCode.OK, res.StatusCode, await res.Content.ReadAsStringAsync());
    }
}
