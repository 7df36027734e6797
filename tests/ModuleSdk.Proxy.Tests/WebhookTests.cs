using System.Net;
using System.Text;
using System.Text.Json;
using ModuleSdk.Proxy.Operations;
using ModuleSdk.Proxy.Webhooks;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests;

/// <summary>
/// Push a tag, the proxy updates: GitHub, GitLab and generic deliveries (signatures checked)
/// mapped to modules by the Repos rules, the new version stored at once and listed, served and
/// indexed; polling with back-off for hosts without webhooks; and a module whose repository is
/// deleted stays served from storage.
/// </summary>
[TestClass]
public sealed class WebhookTests
{
    private const string Secret = "It's a Secret to Everybody";

    [TestMethod]
    public void Signatures_MatchGitHubsDocumentedExample()
    {
        // docs.github.com, "Validating webhook deliveries": this secret and payload give this signature.
        const string expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        byte[] body = Encoding.UTF8.GetBytes("Hello, World!");
        Assert.AreEqual(expected, WebhookPayloads.Sign(Secret, body));
        Assert.IsTrue(WebhookPayloads.VerifyHmac(Secret, body, expected));
        Assert.IsFalse(WebhookPayloads.VerifyHmac(Secret, body, expected[..^1] + "0"));
        Assert.IsFalse(WebhookPayloads.VerifyHmac(Secret, body, "sha1=abc"));
        Assert.IsFalse(WebhookPayloads.VerifyHmac(Secret, body, "sha256=not-hex"));
        Assert.IsFalse(WebhookPayloads.VerifyHmac(Secret, body, null));
        Assert.IsTrue(WebhookPayloads.VerifyToken(Secret, Secret));
        Assert.IsFalse(WebhookPayloads.VerifyToken(Secret, Secret + " "));
    }

    [TestMethod]
    public void RepositoryUrls_MapBackToModulePaths_ByTheReposRules()
    {
        var map = new RepoModuleMap("corp.example/*=https://git.corp.example/*.git,example.com/lib=file:///srv/git/lib.git," +
            "github.com/acme/*=git@github.com:acme/*.git,example.com/a/*/b/*=https://x.example/*");
        CollectionAssert.AreEqual(new[] { "corp.example/tools" }, map.RootsOf(["https://git.corp.example/tools"]).ToArray());
        CollectionAssert.AreEqual(new[] { "corp.example/tools" }, map.RootsOf(["ssh://git@git.corp.example:22/tools.git"]).ToArray());
        CollectionAssert.AreEqual(new[] { "corp.example/tools" }, map.RootsOf(["git@git.corp.example:tools.git", "https://GIT.corp.example/tools/"]).ToArray());
        CollectionAssert.AreEqual(new[] { "example.com/lib" }, map.RootsOf(["file:///srv/git/lib.git"]).ToArray());
        CollectionAssert.AreEqual(new[] { "github.com/acme/widgets" },
            map.RootsOf(["https://github.com/acme/widgets.git", "git@github.com:acme/widgets.git"]).ToArray());
        Assert.AreEqual(0, map.RootsOf(["https://x.example/one"]).Count, "a rule with fewer * in its URL than in its pattern cannot be read backwards");
        Assert.AreEqual(0, map.RootsOf(["https://elsewhere.example/tools"]).Count);

        CollectionAssert.AreEqual(new[] { ("example.com/lib", "v1.2.0") }, RepoModuleMap.TagModules("example.com/lib", "v1.2.0").ToArray());
        CollectionAssert.AreEqual(new[] { ("example.com/lib/v2", "v2.0.0"), ("example.com/lib", "v2.0.0") },
            RepoModuleMap.TagModules("example.com/lib", "v2.0.0").ToArray());
        CollectionAssert.AreEqual(new[] { ("example.com/lib/sub", "v1.0.0") }, RepoModuleMap.TagModules("example.com/lib", "sub/v1.0.0").ToArray());
        Assert.AreEqual(0, RepoModuleMap.TagModules("example.com/lib", "v1.2").Count, "not canonical: Go ignores such tags");
        Assert.AreEqual(0, RepoModuleMap.TagModules("example.com/lib", "release-1").Count);
    }

    internal static HttpRequestMessage GitHubPush(string repoUrl, string reference, string secret = Secret, string eventName = "push")
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            @ref = reference,
            before = new string('0', 40),
            after = "1111111111111111111111111111111111111111",
            deleted = false,
            repository = new { full_name = "acme/lib", clone_url = repoUrl, html_url = "https://github.example/acme/lib" },
        });
        var req = new HttpRequestMessage(HttpMethod.Post, "webhooks/github") { Content = new ByteArrayContent(body) };
        req.Content.Headers.ContentType = new("application/json");
        req.Headers.Add("X-GitHub-Event", eventName);
        req.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        req.Headers.Add("X-Hub-Signature-256", WebhookPayloads.Sign(secret, body));
        return req;
    }

    private static HttpRequestMessage GitLabPush(string repoUrl, string reference, string token, string eventName = "Tag Push Hook")
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            object_kind = "tag_push",
            @ref = reference,
            after = "1111111111111111111111111111111111111111",
            project = new { git_http_url = repoUrl, git_ssh_url = "git@gitlab.example:acme/lib.git", web_url = "https://gitlab.example/acme/lib" },
        });
        var req = new HttpRequestMessage(HttpMethod.Post, "webhooks/gitlab") { Content = new ByteArrayContent(body) };
        req.Headers.Add("X-Gitlab-Event", eventName);
        req.Headers.Add("X-Gitlab-Token", token);
        return req;
    }

    internal static HttpRequestMessage Generic(string json, string secret = Secret)
    {
        byte[] body = Encoding.UTF8.GetBytes(json);
        var req = new HttpRequestMessage(HttpMethod.Post, "webhooks/generic") { Content = new ByteArrayContent(body) };
        req.Headers.Add(WebhookPayloads.GenericSignatureHeader, WebhookPayloads.Sign(secret, body));
        return req;
    }

    internal static async Task WaitUntil(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out waiting until " + what);
            await Task.Delay(50);
        }
    }

    [TestMethod]
    [TestCategory("EndToEnd")]
    public async Task GitHubTagPush_StoresTheNewVersionAtOnce_ListedServedAndIndexed()
    {
        using var repos = new ModuleRepos();
        await using var proxy = await ProxyHost.StartAsync("Repos=" + repos.Rules, "Webhooks:Secret=" + Secret);
        Assert.AreEqual("v1.0.0\nv1.1.0\n", await proxy.Http.GetStringAsync("example.com/lib/@v/list"), "the proxy has seen the repository once");

        repos.TagNewLibVersion("v1.2.0");
        using var res = await proxy.Http.SendAsync(GitHubPush(repos.Lib.Url, "refs/tags/v1.2.0"));
        string answer = await res.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.Accepted, res.StatusCode, answer);
        using (var json = JsonDocument.Parse(answer))
        {
            CollectionAssert.AreEqual(new[] { "example.com/lib" },
                json.RootElement.GetProperty("modules").EnumerateArray().Select(e => e.GetString()).ToArray());
            CollectionAssert.AreEqual(new[] { "example.com/lib@v1.2.0" },
                json.RootElement.GetProperty("versions").EnumerateArray().Select(e => e.GetString()).ToArray());
        }
        await WaitUntil(() => proxy.Storage.ExistsAsync("example.com/lib", "v1.2.0", default), "v1.2.0 is stored");
        Assert.AreEqual("v1.0.0\nv1.1.0\nv1.2.0\n", await proxy.Http.GetStringAsync("example.com/lib/@v/list"));
        Assert.AreEqual(HttpStatusCode.OK, (await proxy.Http.GetAsync("example.com/lib/@v/v1.2.0.zip")).StatusCode);
        StringAssert.Contains(await proxy.Http.GetStringAsync("index"), "\"Version\":\"v1.2.0\"");
        Assert.AreEqual(1, proxy.Metrics.UpstreamFetches, "the push fetched v1.2.0 once; the zip request found it stored");
    }

    [TestMethod]
    [TestCategory("EndToEnd")]
    public async Task GitLabAndGenericHooks_StoreTheirTags()
    {
        using var repos = new ModuleRepos();
        await using var proxy = await ProxyHost.StartAsync("Repos=" + repos.Rules, "Webhooks:Secret=" + Secret);
        Assert.AreEqual("v1.0.0\nv1.1.0\n", await proxy.Http.GetStringAsync("example.com/lib/@v/list"));

        repos.TagNewLibVersion("v1.2.0");
        using (var res = await proxy.Http.SendAsync(GitLabPush(repos.Lib.Url, "refs/tags/v1.2.0", Secret)))
            Assert.AreEqual(HttpStatusCode.Accepted, res.StatusCode, await res.Content.ReadAsStringAsync());
        await WaitUntil(() => proxy.Storage.ExistsAsync("example.com/lib", "v1.2.0", default), "the GitLab tag is stored");

        repos.Lib.Tag("v1.3.0", repos.Head);
        using (var res = await proxy.Http.SendAsync(Generic($"{{\"repository\":\"{repos.Lib.Url}\",\"ref\":\"v1.3.0\"}}")))
            Assert.AreEqual(HttpStatusCode.Accepted, res.StatusCode, await res.Content.ReadAsStringAsync());
        await WaitUntil(() => proxy.Storage.ExistsAsync("example.com/lib", "v1.3.0", default), "the generic hook's tag is stored");

        // The generic hook may name the module instead of the repository (no Repos rule needed).
        repos.Lib.Tag("v1.4.0", repos.Head);
        using (var res = await proxy.Http.SendAsync(Generic("{\"module\":\"example.com/lib\",\"ref\":\"refs/tags/v1.4.0\"}")))
            Assert.AreEqual(HttpStatusCode.Accepted, res.StatusCode, await res.Content.ReadAsStringAsync());
        await WaitUntil(() => proxy.Storage.ExistsAsync("example.com/lib", "v1.4.0", default), "the module named is refreshed");
    }

    [TestMethod]
    [TestCategory("EndToEnd")]
    public async Task AWebhookAtOneInstance_RefreshesTheOthersOnTheSameStorageAndRedis()
    {
        using var repos = new ModuleRepos();
        using var redis = ServerProcess.StartRedis();
        using var dir = new TempDir("hook-two");
        string[] shared = ["Repos=" + repos.Rules, "Webhooks:Secret=" + Secret, "Storage:Kind=disk", "Storage:Path=" + dir.Combine("data"),
            "SingleFlight:Kind=redis", "SingleFlight:Redis=127.0.0.1:" + redis.Port];
        await using var a = await ProxyHost.StartAsync(shared);
        await using var b = await ProxyHost.StartAsync(shared);
        foreach (var p in new[] { a, b })
            StringAssert.Contains(await p.Http.GetStringAsync("example.com/lib/@latest"), "\"Version\":\"v1.1.1-0.",
                "each instance has seen the repository once: its untagged head");

        repos.TagNewLibVersion("v1.2.0");
        using (var res = await a.Http.SendAsync(GitHubPush(repos.Lib.Url, "refs/tags/v1.2.0")))
            Assert.AreEqual(HttpStatusCode.Accepted, res.StatusCode);
        // B got no webhook: it hears of the push through Redis, lists the repository again and forgets its cached answers.
        await WaitUntil(async () => (await b.Http.GetStringAsync("example.com/lib/@latest")).Contains("\"Version\":\"v1.2.0\"", StringComparison.Ordinal),
            "instance B's @latest is v1.2.0, the head's new tag");
        Assert.AreEqual("v1.0.0\nv1.1.0\nv1.2.0\n", await b.Http.GetStringAsync("example.com/lib/@v/list"));
    }

    [TestMethod]
    public async Task BadDeliveries_AreRefused_AndNothingIsRefreshed()
    {
        using var repos = new ModuleRepos();
        await using (var off = await ProxyHost.StartAsync("Repos=" + repos.Rules))
        {
            using var res = await off.Http.SendAsync(GitHubPush(repos.Lib.Url, "refs/tags/v1.2.0"));
            Assert.AreEqual(HttpStatusCode.NotFound, res.StatusCode, "no Webhooks:Secret: the hooks are off");
        }
        using var dir = new TempDir("hook-tokens");
        File.WriteAllText(dir.Combine("tokens"), "client-token\n");
        await using var proxy = await ProxyHost.StartAsync("Repos=" + repos.Rules, "Webhooks:Secret=" + Secret, "Auth:Tokens=" + dir.Combine("tokens"));
        async Task<(HttpStatusCode, string)> Send(HttpRequestMessage req)
        {
            using var res = await proxy.Http.SendAsync(req);
            return (res.StatusCode, await res.Content.ReadAsStringAsync());
        }
        var (status, body) = await Send(GitHubPush(repos.Lib.Url, "refs/tags/v1.2.0", secret: "wrong"));
        Assert.AreEqual(HttpStatusCode.Unauthorized, status);
        StringAssert.Contains(body, "MOD6903");
        Assert.IsFalse(body.Contains(Secret, StringComparison.Ordinal), "the secret is never echoed");
        var unsigned = GitHubPush(repos.Lib.Url, "refs/tags/v1.2.0");
        unsigned.Headers.Remove("X-Hub-Signature-256");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await Send(unsigned)).Item1);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await Send(GitLabPush(repos.Lib.Url, "refs/tags/v1.2.0", "wrong"))).Item1);
        (status, body) = await Send(Generic("not json"));
        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        StringAssert.Contains(body, "MOD6904");
        (status, body) = await Send(Generic("{\"ref\":\"v1.0.0\"}"));
        Assert.AreEqual(HttpStatusCode.BadRequest, status, "no repository, no module");
        Assert.AreEqual(HttpStatusCode.NotFound, (await Send(GitHubPush("https://elsewhere.example/x.git", "refs/tags/v1.0.0"))).Item1,
            "no Repos rule maps it");
        Assert.AreEqual(HttpStatusCode.OK, (await Send(GitHubPush(repos.Lib.Url, "refs/heads/main", eventName: "ping"))).Item1,
            "a ping is fine, and does nothing");
        Assert.AreEqual(0, proxy.Metrics.UpstreamFetches);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await proxy.Http.GetAsync("example.com/lib/@v/list")).StatusCode,
            "Auth:Tokens still guards the protocol; only the hooks are open");
    }

    [TestMethod]
    [TestCategory("EndToEnd")]
    public async Task DeletedRepository_ItsModuleStaysServedAndListed()
    {
        using var repos = new ModuleRepos();
        using var dir = new TempDir("deleted-repo");
        string[] settings = ["Repos=" + repos.Rules, "Webhooks:Secret=" + Secret, "Storage:Kind=disk", "Storage:Path=" + dir.Combine("data"),
            "Cache:ListTtlSeconds=0"];
        byte[] zip;
        await using (var proxy = await ProxyHost.StartAsync(settings))
        {
            zip = await proxy.Http.GetByteArrayAsync("example.com/lib/@v/v1.0.0.zip");
            Assert.AreEqual(HttpStatusCode.OK, (await proxy.Http.GetAsync("example.com/lib/@v/v1.1.0.info")).StatusCode);

            Directory.Delete(repos.Lib.RepoPath, recursive: true);
            using (var res = await proxy.Http.SendAsync(GitHubPush(repos.Lib.Url, "refs/heads/main")))
                Assert.AreEqual(HttpStatusCode.Accepted, res.StatusCode, await res.Content.ReadAsStringAsync());
            var inFlight = proxy.Services.GetRequiredServiceOf<InFlightFetches>();
            await WaitUntil(() => Task.FromResult(inFlight.Count == 0), "the refresh ran (and failed: the repository is gone)");

            StringAssert.Contains(await proxy.Http.GetStringAsync("example.com/lib/@v/list"), "v1.0.0\nv1.1.0\n");
            CollectionAssert.AreEqual(zip, await proxy.Http.GetByteArrayAsync("example.com/lib/@v/v1.0.0.zip"));
        }
        // A new instance (no git clone at all) on the same storage: the stored versions are the source of truth.
        await using (var proxy = await ProxyHost.StartAsync(settings))
        {
            Assert.AreEqual("v1.0.0\nv1.1.0\n", await proxy.Http.GetStringAsync("example.com/lib/@v/list"));
            CollectionAssert.AreEqual(zip, await proxy.Http.GetByteArrayAsync("example.com/lib/@v/v1.0.0.zip"));
            StringAssert.Contains(await proxy.Http.GetStringAsync("example.com/lib/@latest"), "\"Version\":\"v1.1.0\"");
            var dotnetMod = await Clients.DotnetModDownload(dir.Combine("client"), new Dictionary<string, string?> { ["MODPROXY"] = proxy.Url },
                "example.com/lib@v1.1.0");
            Assert.AreEqual("v1.1.0", dotnetMod.GetProperty("Version").GetString());
        }
    }

    [TestMethod]
    [TestCategory("EndToEnd")]
    public async Task Polling_FindsNewTags_AndBacksOffWhileNothingChanges()
    {
        using var repos = new ModuleRepos();
        await using var proxy = await ProxyHost.StartAsync("Repos=" + repos.Rules, "Polling:Modules=example.com/*", "Polling:IntervalSeconds=0.3",
            "Polling:MaxIntervalSeconds=2.4");
        Assert.AreEqual(HttpStatusCode.OK, (await proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.info")).StatusCode);
        // The first poll stores what storage lacks (v1.1.0), then nothing changes: the interval grows.
        await WaitUntil(() => proxy.Storage.ExistsAsync("example.com/lib", "v1.1.0", default), "the first poll stores v1.1.0");
        var poller = proxy.Services.GetRequiredServiceOf<ModulePoller>();
        await WaitUntil(() => Task.FromResult(poller.Intervals.GetValueOrDefault("example.com/lib") >= TimeSpan.FromSeconds(1.2)), "the interval backs off");

        repos.TagNewLibVersion("v1.2.0");
        await WaitUntil(() => proxy.Storage.ExistsAsync("example.com/lib", "v1.2.0", default), "a poll stores the new tag");
        await WaitUntil(() => Task.FromResult(poller.Intervals["example.com/lib"] <= TimeSpan.FromSeconds(0.6)), "a new version resets the interval", 5);
    }
}
