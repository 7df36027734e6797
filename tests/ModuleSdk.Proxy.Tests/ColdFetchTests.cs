using System.Net;
using System.Text;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Storage;
using ModuleSdk.Sums;
using Microsoft.Extensions.DependencyInjection;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests;

/// <summary>
/// The cold fetch from a direct (git) upstream: the zip is built, checked and hashed in one pass
/// (docs/benchmarks.md, issue 11's cold fetch), and what is stored still holds every promise of the
/// slower path: the recorded <c>h1:</c> is the hash of the stored zip, computed here independently,
/// the stored zip passes the zip rules, and a fetch that stops between the zip and the commit
/// marker leaves nothing that is served.
/// </summary>
[TestClass]
public sealed class ColdFetchTests
{
    private const string Lib = "example.com/lib";

    private static async Task<byte[]> ReadStoredAsync(IModuleStorage storage, StoredFileKind kind)
    {
        await using var f = await storage.OpenAsync(Lib, "v1.0.0", kind, default);
        Assert.IsNotNull(f, $"{kind} is stored");
        return await f.ReadAllAsync(default);
    }

    [TestMethod]
    [DataRow("memory")]
    [DataRow("disk")]
    public async Task DirectUpstream_RecordedHash_IsTheStoredZipsHash_ComputedIndependently(string kind)
    {
        using var repos = new ModuleRepos();
        using var dir = new TempDir("coldfetch");
        await using var proxy = await ProxyHost.StartAsync("Repos=" + repos.Rules, "Storage:Kind=" + kind, "Storage:Path=" + dir.Combine("data"));

        using var res = await proxy.Http.GetAsync(Lib + "/@v/v1.0.0.zip");
        Assert.AreEqual(HttpStatusCode.OK, res.StatusCode, await res.Content.ReadAsStringAsync());
        byte[] served = await res.Content.ReadAsByteArrayAsync();

        byte[] stored = await ReadStoredAsync(proxy.Storage, StoredFileKind.Zip);
        CollectionAssert.AreEqual(stored, served);
        string recorded = Encoding.UTF8.GetString(await ReadStoredAsync(proxy.Storage, StoredFileKind.ZipHash)).Trim();
        string file = dir.Combine("stored.zip");
        File.WriteAllBytes(file, stored);
        var (checkedZip, hash) = Hash1.CheckAndHashZip(file, new ModuleId(Lib, "v1.0.0"));
        Assert.IsNull(checkedZip.Error, "the stored zip passes the zip rules");
        Assert.AreEqual(hash, recorded, "the recorded hash is the stored zip's");
        Assert.AreEqual("\"" + hash + "\"", res.Headers.ETag!.Tag);

        // And it is the hash a direct-mode client computes from its own zip of the same tag.
        using var direct = repos.Lib.Source("example.com/lib=" + repos.Lib.Url);
        using var own = new MemoryStream();
        await direct.DownloadZipAsync(Lib, "v1.0.0", own);
        own.Position = 0;
        Assert.AreEqual(Hash1.HashZip(own, "direct.zip"), recorded);
    }

    [TestMethod]
    public async Task FetchStoppedBetweenTheZipAndTheCommitMarker_ServesNothing_UntilAFetchCompletes()
    {
        using var repos = new ModuleRepos();
        using var dir = new TempDir("coldfetch-stopped");
        string data = dir.Combine("data");
        // A directory where the .info goes: the zip, module file and zip hash are written, then
        // the commit (the .info's rename) fails, as if the server were stopped right there.
        string info = Path.Combine(data, "example.com", "lib", "@v", "v1.0.0.info");
        Directory.CreateDirectory(Path.Combine(info, "blocker"));
        await using var proxy = await ProxyHost.StartAsync("Repos=" + repos.Rules, "Storage:Kind=disk", "Storage:Path=" + data);

        foreach (var ext in new[] { "zip", "info", "mod" })
        {
            using var res = await proxy.Http.GetAsync($"{Lib}/@v/v1.0.0.{ext}");
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, res.StatusCode, ext + ": " + await res.Content.ReadAsStringAsync());
        }
        Assert.IsTrue(File.Exists(Path.Combine(data, "example.com", "lib", "@v", "v1.0.0.zip")), "the zip got as far as its final name");
        Assert.IsFalse(await proxy.Storage.ExistsAsync(Lib, "v1.0.0", default), "but the version is not committed");
        foreach (var kind in new[] { StoredFileKind.Zip, StoredFileKind.Mod, StoredFileKind.ZipHash, StoredFileKind.Info })
            Assert.IsNull(await proxy.Storage.OpenAsync(Lib, "v1.0.0", kind, default), kind + " of an uncommitted version is not served");
        CollectionAssert.DoesNotContain((await proxy.Storage.ListVersionsAsync(Lib, default)).ToList(), "v1.0.0");

        Directory.Delete(info, recursive: true);
        using var ok = await proxy.Http.GetAsync(Lib + "/@v/v1.0.0.zip");
        Assert.AreEqual(HttpStatusCode.OK, ok.StatusCode, "the next request fetches and commits it");
        string file = dir.Combine("served.zip");
        File.WriteAllBytes(file, await ok.Content.ReadAsByteArrayAsync());
        Assert.AreEqual(Encoding.UTF8.GetString(await ReadStoredAsync(proxy.Storage, StoredFileKind.ZipHash)).Trim(), Hash1.HashZip(file));
    }

    [TestMethod]
    public async Task Warmup_RunsTheFetchPath_BeforeReadyz_AndLeavesNothingBehind()
    {
        using var repos = new ModuleRepos();
        using var dir = new TempDir("coldfetch-warmup");
        string temp = dir.Combine("tmp");
        await using var proxy = await ProxyHost.StartAsync("Repos=" + repos.Rules, "Storage:Kind=disk", "Storage:Path=" + dir.Combine("data"),
            "TempPath=" + temp, "Warmup:Fetches=12");

        using (var first = await proxy.Http.GetAsync("readyz"))
        {
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, first.StatusCode, "not ready while warming up");
            StringAssert.Contains(await first.Content.ReadAsStringAsync(), "warming up (Warmup:Fetches");
        }
        using (var served = await proxy.Http.GetAsync(Lib + "/@v/v1.0.0.info"))
            Assert.AreEqual(HttpStatusCode.OK, served.StatusCode, "requests are served meanwhile");

        string ready = "";
        for (int i = 0; i < 600 && ready != "ready\n"; i++)
        {
            await Task.Delay(100);
            using var res = await proxy.Http.GetAsync("readyz");
            ready = await res.Content.ReadAsStringAsync();
        }
        Assert.AreEqual("ready\n", ready, "ready once the warm-up is over");
        var warmup = (Operations.FetchWarmup)proxy.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
            .Single(s => s is Operations.FetchWarmup);
        Assert.AreEqual(12, warmup.Fetched, "every warm-up fetch went through");

        // None of it is stored, served, listed, indexed or counted; its folder is gone.
        var stored = new List<ModuleId>();
        await foreach (var m in proxy.Storage.ListAllAsync(default)) stored.Add(m);
        CollectionAssert.AreEqual(new[] { new ModuleId(Lib, "v1.0.0") }, stored);
        using (var res = await proxy.Http.GetAsync("warmup.invalid/m0/@v/v1.0.0.info"))
            Assert.AreNotEqual(HttpStatusCode.OK, res.StatusCode);
        StringAssert.Contains(proxy.Metrics.Format(), "modproxy_upstream_fetches_total 1\n");
        Assert.AreEqual(0, Directory.Exists(temp) ? Directory.GetDirectories(temp, "warmup-*").Length : 0, "the warm-up's folder is removed");
    }

    [TestMethod]
    public async Task InfoModAndZip_AskedTogether_ForAnUncachedVersion_ShareOneFetch()
    {
        using var repos = new ModuleRepos();
        await using var proxy = await ProxyHost.StartAsync("Repos=" + repos.Rules, "Storage:Kind=disk");
        var requests = Enumerable.Range(0, 10).SelectMany(_ => new[] { "info", "mod", "zip" })
            .Select(ext => proxy.Http.GetAsync($"{Lib}/@v/v1.1.0.{ext}")).ToList();
        foreach (var res in await Task.WhenAll(requests))
        {
            using (res) Assert.AreEqual(HttpStatusCode.OK, res.StatusCode, res.RequestMessage!.RequestUri + ": " + await res.Content.ReadAsStringAsync());
        }
        StringAssert.Contains(proxy.Metrics.Format(), "modproxy_upstream_fetches_total 1\n", "the .mod and .zip requests waited on the .info's fetch");
    }
}
