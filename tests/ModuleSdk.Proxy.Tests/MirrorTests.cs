using System.Diagnostics;
using System.Net;
using ModuleSdk.Proxy.Mirroring;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests;

/// <summary>
/// Mirror mode (issue 13): one origin with a direct upstream (git repositories made by the test)
/// and two mirrors following its <c>/index</c> on storages of their own (disk, memory). A tag
/// pushed at the origin (a webhook) is served identically by both mirrors within seconds; the
/// mirrors keep serving with the origin stopped; a client whose <c>MODPROXY</c> lists both keeps
/// working while one is down; a mirror refuses a version its own record does not vouch for.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class MirrorTests
{
    private const string Secret = "mirror-test-secret";
    private const string SumDbName = "sum.mirror.test";

    private static (string KeyFile, string VerifierKey) Keygen(TempDir dir)
    {
        string file = dir.Combine("signer.key");
        var stdout = new StringWriter();
        Assert.AreEqual(0, global::ModuleSdk.Proxy.SumDb.KeygenCommand.Run([SumDbName, file], stdout, new StringWriter()));
        return (file, stdout.ToString().Trim());
    }

    private static Task<ProxyHost> StartMirror(string origin, params string[] more) =>
        ProxyHost.StartAsync([$"Mirror:Source={origin}", "Mirror:PollSeconds=0.2", "Mirror:MaxBackoffSeconds=1", .. more]);

    private static async Task<bool> Indexed(ProxyHost proxy, string version) =>
        (await proxy.Http.GetStringAsync("index")).Contains($"\"Version\":\"{version}\"", StringComparison.Ordinal);

    [TestMethod]
    public async Task ATagPushedAtTheOrigin_IsServedIdenticallyByBothMirrors_AndAfterTheOriginStops()
    {
        using var repos = new ModuleRepos();
        using var dir = new TempDir("mirrors");
        var (keyFile, verifierKey) = Keygen(dir);
        var origin = await ProxyHost.StartAsync("Repos=" + repos.Rules, "Webhooks:Secret=" + Secret, "Storage:Kind=disk",
            "Storage:Path=" + dir.Combine("origin"),
            "SumDb:Name=" + SumDbName, "SumDb:SignerKey=" + keyFile);
        try
        {
            await using var mirrorA = await StartMirror(origin.Url, "Storage:Kind=disk", "Storage:Path=" + dir.Combine("mirror-a"),
                "Mirror:SumDb=" + verifierKey);
            await using var mirrorB = await StartMirror(origin.Url, "Storage:Kind=memory", "Mirror:SumDb=" + verifierKey);

            // What the origin stored before is copied too.
            Assert.AreEqual(HttpStatusCode.OK, (await origin.Http.GetAsync("example.com/lib/@v/v1.0.0.zip")).StatusCode);
            foreach (var m in new[] { mirrorA, mirrorB })
                await WebhookTests.WaitUntil(() => m.Storage.ExistsAsync("example.com/lib", "v1.0.0", default), "a mirror copies v1.0.0");
            Assert.AreEqual(1, origin.Metrics.UpstreamFetches);

            // Push a tag: the origin's webhook stores it, the mirrors see it in the index and copy it.
            repos.TagNewLibVersion("v1.2.0");
            var clock = Stopwatch.StartNew();
            using (var res = await origin.Http.SendAsync(WebhookTests.GitHubPush(repos.Lib.Url, "refs/tags/v1.2.0", Secret)))
                Assert.AreEqual(HttpStatusCode.Accepted, res.StatusCode);
            // Watched through the mirrors' own index (a version is there once stored): asking for
            // the version itself would make a mirror fetch it on demand, not show the follower at work.
            await WebhookTests.WaitUntil(async () => await Indexed(mirrorA, "v1.2.0") && await Indexed(mirrorB, "v1.2.0"), "both mirrors store v1.2.0", 30);
            var delay = clock.Elapsed;
            // A mirror has an index of its own, so mirrors can follow mirrors.
            Assert.IsTrue(delay < TimeSpan.FromSeconds(10),
                $"served by both mirrors {delay.TotalSeconds:F1} s after the push (goal 5 s; bench/proxy/mirror-delay.sh measures it)");
            foreach (var file in new[] { "info", "mod", "zip" })
            {
                byte[] expected = await origin.Http.GetByteArrayAsync($"example.com/lib/@v/v1.2.0.{file}");
                CollectionAssert.AreEqual(expected, await mirrorA.Http.GetByteArrayAsync($"example.com/lib/@v/v1.2.0.{file}"), "mirror A ." + file);
                CollectionAssert.AreEqual(expected, await mirrorB.Http.GetByteArrayAsync($"example.com/lib/@v/v1.2.0.{file}"), "mirror B ." + file);
            }
            Assert.AreEqual(4, mirrorA.Metrics.UpstreamFetches + mirrorB.Metrics.UpstreamFetches, "each mirror fetched each version once from the origin");
            foreach (var m in new[] { mirrorA, mirrorB })
            {
                var record = m.Services.GetRequiredServiceOf<MirrorFollower>();
                Assert.AreEqual(2, record.Copied);
            }
            // Mirror A's own record, cursor and the last tree it verified are in its storage.
            StringAssert.StartsWith(File.ReadAllLines(dir.Combine("mirror-a/.modproxy/mirror-sumdb-tree.log"))[^1], "2 ",
                "the origin's log of two versions, verified");
            string sums = File.ReadAllText(dir.Combine("mirror-a/.modproxy/mirror-sums.log"));
            StringAssert.Contains(sums, "example.com/lib v1.2.0 h1:");
            StringAssert.Contains(sums, "example.com/lib v1.2.0/module.mod h1:");
            string originFeed = await origin.Http.GetStringAsync("index");
            StringAssert.Contains(originFeed, File.ReadAllLines(dir.Combine("mirror-a/.modproxy/mirror-cursor.log"))[^1],
                "the cursor is the origin's last timestamp");

            // The origin goes away: both mirrors serve on their own.
            await origin.DisposeAsync();
            foreach (var m in new[] { mirrorA, mirrorB })
            {
                CollectionAssert.AreEqual(await mirrorA.Http.GetByteArrayAsync("example.com/lib/@v/v1.2.0.zip"),
                    await m.Http.GetByteArrayAsync("example.com/lib/@v/v1.2.0.zip"));
                Assert.AreEqual("v1.0.0\nv1.2.0\n", await m.Http.GetStringAsync("example.com/lib/@v/list"));
                StringAssert.Contains(await m.Http.GetStringAsync("example.com/lib/@latest"), "v1.2.0");
                Assert.AreEqual("ready\n", await m.Http.GetStringAsync("readyz"), "a mirror is ready while its origin is down");
            }
            var dotnetMod = await Clients.DotnetModDownload(dir.Combine("client"), new Dictionary<string, string?> { ["MODPROXY"] = mirrorB.Url },
                "example.com/lib@v1.2.0");
            Assert.AreEqual("v1.2.0", dotnetMod.GetProperty("Version").GetString());
        }
        finally
        {
            await origin.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task AClientListingTwoMirrors_KeepsWorkingWhileOneIsDown()
    {
        using var repos = new ModuleRepos();
        using var dir = new TempDir("mirror-failover");
        await using var origin = await ProxyHost.StartAsync("Repos=" + repos.Rules);
        Assert.AreEqual(HttpStatusCode.OK, (await origin.Http.GetAsync("example.com/lib/@v/v1.1.0.info")).StatusCode);
        var mirrorA = await StartMirror(origin.Url);
        await using var mirrorB = await StartMirror(origin.Url);
        foreach (var m in new[] { mirrorA, mirrorB })
            await WebhookTests.WaitUntil(() => m.Storage.ExistsAsync("example.com/lib", "v1.1.0", default), "a mirror copies v1.1.0");
        string both = mirrorA.Url + "|" + mirrorB.Url;

        var before = await Clients.DotnetModDownload(dir.Combine("before"), new Dictionary<string, string?> { ["MODPROXY"] = both }, "example.com/lib@v1.1.0");
        await mirrorA.DisposeAsync(); // region A is down: connection refused
        var after = await Clients.DotnetModDownload(dir.Combine("after"), new Dictionary<string, string?> { ["MODPROXY"] = both }, "example.com/lib@v1.1.0");
        Assert.AreEqual(before.GetProperty("Sum").GetString(), after.GetProperty("Sum").GetString(), "the same bits from mirror B");
        // With ',' instead of '|' the client would stop at A's failure: the documented setup uses '|'.
    }

    [TestMethod]
    public async Task AMirrorRefusesAVersionItsOwnRecordDoesNotVouchFor()
    {
        using var repos = new ModuleRepos();
        using var dir = new TempDir("mirror-record");
        await using var origin = await ProxyHost.StartAsync("Repos=" + repos.Rules);
        Assert.AreEqual(HttpStatusCode.OK, (await origin.Http.GetAsync("example.com/lib/@v/v1.0.0.info")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await origin.Http.GetAsync("example.com/lib/@v/v1.1.0.info")).StatusCode);
        // The mirror recorded other bits for v1.0.0 once (the origin has since changed them).
        Directory.CreateDirectory(dir.Combine("mirror/.modproxy"));
        File.WriteAllText(dir.Combine("mirror/.modproxy/mirror-sums.log"), "example.com/lib v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        await using var mirror = await StartMirror(origin.Url, "Storage:Kind=disk", "Storage:Path=" + dir.Combine("mirror"));

        await WebhookTests.WaitUntil(() => mirror.Storage.ExistsAsync("example.com/lib", "v1.1.0", default), "the mirror copies v1.1.0");
        var follower = mirror.Services.GetRequiredServiceOf<MirrorFollower>();
        await WebhookTests.WaitUntil(() => Task.FromResult(follower.Refused >= 1), "the mirror refuses v1.0.0");
        Assert.IsFalse(await mirror.Storage.ExistsAsync("example.com/lib", "v1.0.0", default), "a refused version is not stored");
        using var res = await mirror.Http.GetAsync("example.com/lib/@v/v1.0.0.zip");
        Assert.AreEqual(HttpStatusCode.BadGateway, res.StatusCode, "nor served");
        StringAssert.Contains(await res.Content.ReadAsStringAsync(), "MOD6908");
        Assert.IsFalse((await mirror.Http.GetStringAsync("index")).Contains("v1.0.0", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task AMirrorRefusesAVersionTheOriginsLogDoesNotVouchFor()
    {
        using var repos = new ModuleRepos();
        using var dir = new TempDir("mirror-sumdb");
        var (keyFile, verifierKey) = Keygen(dir);
        string originData = dir.Combine("origin");
        await using var origin = await ProxyHost.StartAsync("Repos=" + repos.Rules, "Storage:Kind=disk", "Storage:Path=" + originData,
            "SumDb:Name=" + SumDbName, "SumDb:SignerKey=" + keyFile);
        Assert.AreEqual(HttpStatusCode.OK, (await origin.Http.GetAsync("example.com/lib/@v/v1.0.0.info")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await origin.Http.GetAsync("example.com/lib/@v/v1.1.0.info")).StatusCode);
        // The origin's stored zip of v1.0.0 is swapped for other (valid) bits after it was logged:
        // what a compromised origin or its storage would serve.
        string zip = Path.Combine(originData, "example.com/lib/@v/v1.0.0.zip");
        File.Delete(zip);
        using (var f = File.Create(zip))
            Zips.ModuleZip.Create(f, new Modules.ModuleId("example.com/lib", "v1.0.0"),
                [new Zips.MemoryModuleFile("module.mod", "module example.com/lib\n"u8.ToArray()),
                    new Zips.MemoryModuleFile("src/Evil.cs", "class Evil { }\n"u8.ToArray())]);

        await using var mirror = await StartMirror(origin.Url, "Mirror:SumDb=" + verifierKey);
        await WebhookTests.WaitUntil(() => mirror.Storage.ExistsAsync("example.com/lib", "v1.1.0", default),
            "the mirror copies v1.1.0, which the log vouches for");
        var follower = mirror.Services.GetRequiredServiceOf<MirrorFollower>();
        await WebhookTests.WaitUntil(() => Task.FromResult(follower.Refused >= 1), "the mirror refuses v1.0.0");
        Assert.IsFalse(await mirror.Storage.ExistsAsync("example.com/lib", "v1.0.0", default), "not stored");
        using var res = await mirror.Http.GetAsync("example.com/lib/@v/v1.0.0.zip");
        Assert.AreEqual(HttpStatusCode.BadGateway, res.StatusCode, "not served");
        string body = await res.Content.ReadAsStringAsync();
        StringAssert.Contains(body, "MOD6907");
        StringAssert.Contains(body, "records h1:");

        // A mirror configured with another database's key believes nothing the origin signs.
        using var otherDir = new TempDir("other-key");
        var (_, otherKey) = Keygen(otherDir);
        await using var misconfigured = await StartMirror(origin.Url, "Mirror:SumDb=" + otherKey);
        using var refused = await misconfigured.Http.GetAsync("example.com/lib/@v/v1.1.0.info");
        Assert.AreEqual(HttpStatusCode.BadGateway, refused.StatusCode);
        StringAssert.Contains(await refused.Content.ReadAsStringAsync(), "MOD6907");

        // The origin's database down: nothing new is served yet (502, MOD6909), nothing is stored.
        await using var blind = await StartMirror("http://127.0.0.1:9", "Mirror:SumDb=" + verifierKey, "Upstream=" + origin.Url);
        using var unavailable = await blind.Http.GetAsync("example.com/lib/@v/v1.1.0.info");
        Assert.AreEqual(HttpStatusCode.BadGateway, unavailable.StatusCode);
        StringAssert.Contains(await unavailable.Content.ReadAsStringAsync(), "MOD6909");
    }

    [TestMethod]
    public async Task MirrorConfiguration_IsChecked()
    {
        var e = await Assert.ThrowsExactlyAsync<Diagnostics.ModuleException>(() => ProxyHost.StartAsync("Mirror:Source=ftp://origin.example"));
        Assert.AreEqual("MOD6905", e.Code);
        e = await Assert.ThrowsExactlyAsync<Diagnostics.ModuleException>(() =>
            ProxyHost.StartAsync("Mirror:Source=http://127.0.0.1:1", "Mirror:SumDb=not-a-key"));
        Assert.AreEqual("MOD6905", e.Code);
        e = await Assert.ThrowsExactlyAsync<Diagnostics.ModuleException>(() => ProxyHost.StartAsync("Polling:IntervalSeconds=-1"));
        Assert.AreEqual("MOD6905", e.Code);
    }
}
