using System.Net;
using ModuleSdk.Proxy.Operations;
using ModuleSdk.Proxy.Storage;
using ModuleSdk.Tests.Fetching;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests;

/// <summary>Probes, metrics, single flight, graceful shutdown, verify-storage and retention.</summary>
[TestClass]
public sealed class OperationsTests
{
    [TestMethod]
    public async Task Healthz_Readyz_Metrics()
    {
        using var repos = new ModuleRepos();
        await using var proxy = await ProxyHost.StartAsync("Storage:Kind=disk", "Repos=" + repos.Rules);
        Assert.AreEqual("ok\n", await proxy.Http.GetStringAsync("healthz"));
        Assert.AreEqual("ready\n", await proxy.Http.GetStringAsync("readyz"));
        await proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.zip");
        await proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.zip");
        await proxy.Http.GetAsync("example.com/lib/@v/v1.9.9.zip");
        using var res = await proxy.Http.GetAsync("metrics");
        Assert.AreEqual("text/plain; version=0.0.4; charset=utf-8", res.Content.Headers.ContentType!.ToString());
        string text = await res.Content.ReadAsStringAsync();
        StringAssert.Contains(text, "modproxy_requests_total{endpoint=\"zip\",status=\"200\"} 2");
        StringAssert.Contains(text, "modproxy_requests_total{endpoint=\"zip\",status=\"404\"} 1");
        StringAssert.Contains(text, "modproxy_upstream_fetches_total 1\n");
        StringAssert.Contains(text, "modproxy_upstream_fetch_duration_seconds_count 1\n");
        StringAssert.Contains(text, "modproxy_storage_errors_total 0\n");
    }

    [TestMethod]
    public async Task Readyz_Is503_WhenTheUpstreamIsUnreachable()
    {
        int port;
        await using (var gone = new LoopbackServer((_, _, _) => Task.CompletedTask)) port = gone.Port;
        await using var proxy = await ProxyHost.StartAsync($"Upstream=http://user:pa55word@127.0.0.1:{port}");
        using var res = await proxy.Http.GetAsync("readyz");
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, res.StatusCode);
        string body = await res.Content.ReadAsStringAsync();
        StringAssert.Contains(body, "unreachable");
        Assert.IsFalse(body.Contains("pa55word"), body);
    }

    [TestMethod]
    public async Task HundredConcurrentClients_OneUpstreamFetch_IdenticalBytes()
    {
        using var dir = new TempDir("flight");
        var origin = new ModuleProxyBuilder(dir.Combine("origin")).Add("example.com/m", "v1.0.0");
        var serve = LoopbackServer.Directory(origin.Root);
        // A slow upstream, so that every client arrives while the fetch is running.
        await using var upstream = new LoopbackServer(async (req, conn, ct) =>
        {
            if (req.Target.EndsWith(".zip", StringComparison.Ordinal)) await Task.Delay(500, ct);
            await serve(req, conn, ct);
        });
        await using var proxy = await ProxyHost.StartAsync("Upstream=" + upstream.BaseUrl);
        var bodies = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            using var res = await proxy.Http.GetAsync("example.com/m/@v/v1.0.0.zip");
            Assert.AreEqual(HttpStatusCode.OK, res.StatusCode);
            return await res.Content.ReadAsByteArrayAsync();
        })));
        byte[] expected = File.ReadAllBytes(origin.FileOf("example.com/m", "v1.0.0", "zip"));
        foreach (var b in bodies) CollectionAssert.AreEqual(expected, b);
        Assert.AreEqual(1, proxy.Metrics.UpstreamFetches);
        Assert.AreEqual(1, upstream.Count(".zip"));
    }

    [TestMethod]
    public async Task Shutdown_FinishesTheFetchInFlight()
    {
        using var dir = new TempDir("shutdown");
        var origin = new ModuleProxyBuilder(dir.Combine("origin")).Add("example.com/m", "v1.0.0");
        var serve = LoopbackServer.Directory(origin.Root);
        var zipAsked = new TaskCompletionSource();
        await using var upstream = new LoopbackServer(async (req, conn, ct) =>
        {
            if (req.Target.EndsWith(".zip", StringComparison.Ordinal))
            {
                zipAsked.TrySetResult();
                await Task.Delay(1500, ct);
            }
            await serve(req, conn, ct);
        });
        string data = dir.Combine("data");
        await using var proxy = await ProxyHost.StartAsync("Storage:Kind=disk", "Storage:Path=" + data, "Upstream=" + upstream.BaseUrl);
        // The client gives up at once; the fetch it started must still complete and be stored.
        using (var cts = new CancellationTokenSource())
        {
            var request = proxy.Http.GetAsync("example.com/m/@v/v1.0.0.zip", cts.Token);
            await zipAsked.Task.WaitAsync(TimeSpan.FromSeconds(10));
            cts.Cancel();
            await Assert.ThrowsAsync<OperationCanceledException>(() => request);
        }
        await proxy.StopAsync();
        Assert.IsTrue(await new DiskStorage(data).ExistsAsync("example.com/m", "v1.0.0", default), "stopping waited for the fetch, which stored the version");
    }

    [TestMethod]
    public async Task VerifyStorage_FindsATamperedZip()
    {
        using var repos = new ModuleRepos();
        using var dir = new TempDir("verify");
        string data = dir.Combine("data");
        await using (var proxy = await ProxyHost.StartAsync("Storage:Kind=disk", "Storage:Path=" + data, "Repos=" + repos.Rules))
        {
            Assert.AreEqual(HttpStatusCode.OK, (await proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.zip")).StatusCode);
            Assert.AreEqual(HttpStatusCode.OK, (await proxy.Http.GetAsync("example.com/lib/@v/v1.1.0.zip")).StatusCode);
        }
        var storage = new DiskStorage(data);
        var output = new StringWriter();
        Assert.AreEqual(0, await StorageCommands.VerifyAsync(storage, output, default), output.ToString());
        StringAssert.Contains(output.ToString(), "all 2 stored versions verified");

        // A valid zip of the same version with other content: only the recorded hash tells.
        string zip = Path.Combine(data, "example.com", "lib", "@v", "v1.1.0.zip");
        using (var f = File.Create(zip))
            Zips.ModuleZip.Create(f, new Modules.ModuleId("example.com/lib", "v1.1.0"),
                [new Zips.MemoryModuleFile("module.mod", "module example.com/lib\n"u8.ToArray()),
                    new Zips.MemoryModuleFile("src/Lib.cs", "// changed\n"u8.ToArray())]);
        output = new StringWriter();
        Assert.AreEqual(1, await StorageCommands.VerifyAsync(storage, output, default));
        StringAssert.Contains(output.ToString(), "example.com/lib v1.1.0: MOD6506:");
        StringAssert.Contains(output.ToString(), "1 of 2 stored versions failed verification");
    }

    [TestMethod]
    public async Task Retention_DeletesVersionsNotAskedForInNDays()
    {
        using var repos = new ModuleRepos();
        await using var proxy = await ProxyHost.StartAsync("Repos=" + repos.Rules);
        Assert.AreEqual(HttpStatusCode.OK, (await proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.zip")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await proxy.Http.GetAsync("example.com/lib/@v/v1.1.0.zip")).StatusCode);
        var s = proxy.Storage;
        var now = DateTimeOffset.UtcNow;
        await Task.Delay(200); // the serving path records accesses in the background
        await s.TouchAsync("example.com/lib", "v1.0.0", now.AddDays(-40), default);
        var output = new StringWriter();
        Assert.AreEqual(1, await StorageCommands.RetentionAsync(s, 30, dryRun: true, now, output, default));
        Assert.IsTrue(await s.ExistsAsync("example.com/lib", "v1.0.0", default), "a dry run deletes nothing");
        Assert.AreEqual(1, await StorageCommands.RetentionAsync(s, 30, dryRun: false, now, output, default));
        StringAssert.Contains(output.ToString(), "deleted example.com/lib v1.0.0");
        Assert.IsFalse(await s.ExistsAsync("example.com/lib", "v1.0.0", default));
        Assert.IsTrue(await s.ExistsAsync("example.com/lib", "v1.1.0", default));
        // A deleted version is fetched again on demand.
        Assert.AreEqual(HttpStatusCode.OK, (await proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.mod")).StatusCode);
    }
}
