using System.Net;
using System.Text.Json;
using ModuleSdk.Cache;
using ModuleSdk.Direct;
using ModuleSdk.Sums;
using ModuleSdk.Tests.Direct;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests.Registry;

/// <summary>
/// Vanity domains end to end on loopback. The module path <c>vanity.test/lib</c> is a name no DNS
/// knows; the clients reach "the vanity host" through an HTTP proxy that is the modproxy itself
/// (<c>HTTPS_PROXY</c>/<c>HTTP_PROXY</c> for the go command, a <see cref="WebProxy"/> for direct
/// mode): the https attempt fails (modproxy refuses the CONNECT), and because <c>GOINSECURE</c> /
/// <c>MODINSECURE</c> allow the path, both fall back to <c>http://vanity.test/lib?go-get=1</c>,
/// which modproxy answers from <c>Vanity:Rules</c> with a go-import tag naming a git repository
/// served over smart HTTP by <c>git http-backend</c>. Both clients then list the repository's tags
/// and download the same zip (same <c>h1:</c>).
/// </summary>
[TestClass]
public sealed class VanityTests
{
    private const string Module = "vanity.test/lib";

    private static (GitFixture Git, GitHttpServer Server, ProxyHost Proxy)? _env;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        var git = new GitFixture();
        var c1 = git.Commit("v1", ("go.mod", $"module {Module}\n"), ("module.mod", $"module {Module}\n"), ("lib.go", "package lib\n"),
            ("Lib.cs", "class L {}\n"));
        git.Tag("v1.0.0", c1);
        git.Tag("v1.1.0", git.Commit("v1.1", ("lib.go", "package lib\n\nconst V = 1\n")), annotated: true);
        var server = await GitHttpServer.StartAsync(git.Dir);
        var proxy = await ProxyHost.StartAsync($"Vanity:Rules=vanity.test/*={server.Url}/*.git,vanity.test/lib={server.Url}/remote.git");
        _env = (git, server, proxy);
    }

    [ClassCleanup]
    public static async Task Stop()
    {
        if (_env is not { } e) return;
        await e.Proxy.DisposeAsync();
        await e.Server.DisposeAsync();
        e.Git.Dispose();
    }

    [TestMethod]
    public async Task Page_NamesTheRepository()
    {
        var e = _env!.Value;
        using var http = ProxiedClient(e.Proxy.Url);
        string page = await http.GetStringAsync($"http://{Module}/sub/pkg?go-get=1");
        StringAssert.Contains(page, $"<meta name=\"go-import\" content=\"{Module} git {e.Server.Url}/remote.git\">");
    }

    [TestMethod]
    public async Task DirectMode_FollowsTheVanityTags()
    {
        var e = _env!.Value;
        using var dir = new TempDir("vanity-direct");
        using var http = ProxiedClient(e.Proxy.Url);
        using var source = new DirectSource(new DirectSourceOptions { Cache = new ModuleCache(dir.Combine("modcache")), Http = http,
            Insecure = "vanity.test" });
        var root = await source.ResolveRootAsync(Module);
        Assert.AreEqual(Module, root.Root);
        Assert.AreEqual(e.Server.Url + "/remote.git", root.Url);
        CollectionAssert.AreEqual(new[] { "v1.0.0", "v1.1.0" }, (await source.VersionsAsync(Module)).ToArray());
        string zip = dir.Combine("lib.zip");
        await using (var f = File.Create(zip))
            await source.DownloadZipAsync(Module, "v1.1.0", f);
        string ours = Hash1.HashZip(zip);

        if (!GoTool.IsAvailable) return;
        var go = GoModDownload(dir.Combine("go"), e.Proxy.Url, Module + "@v1.1.0");
        Assert.AreEqual(go.GetProperty("Sum").GetString(), ours, "the go command and direct mode disagree on the zip");
    }

    [TestMethod]
    public void DirectMode_WithoutInsecure_StaysOnHttps()
    {
        var e = _env!.Value;
        using var dir = new TempDir("vanity-secure");
        using var http = ProxiedClient(e.Proxy.Url);
        using var source = new DirectSource(new DirectSourceOptions { Cache = new ModuleCache(dir.Combine("modcache")), Http = http });
        var ex = Assert.ThrowsExactly<ModuleSdk.Diagnostics.ModuleException>(() => source.ResolveRootAsync(Module).GetAwaiter().GetResult());
        Assert.AreEqual(ModuleSdk.Diagnostics.DiagnosticCodes.VanityLookupFailed, ex.Code, ex.Message);
    }

    [TestMethod]
    public void GoCommand_FollowsTheVanityTags()
    {
        GoTool.RequireGo();
        var e = _env!.Value;
        using var dir = new TempDir("vanity-go");
        var json = GoModDownload(dir.Path, e.Proxy.Url, Module + "@latest");
        Assert.AreEqual("v1.1.0", json.GetProperty("Version").GetString());
        var list = Go(dir.Path, e.Proxy.Url, "list", "-m", "-versions", Module);
        Assert.AreEqual(0, list.Code, list.Output);
        Assert.AreEqual($"{Module} v1.0.0 v1.1.0", list.Output.Trim());
    }

    private static HttpClient ProxiedClient(string proxyUrl) =>
        new(new SocketsHttpHandler { Proxy = new WebProxy(proxyUrl), UseProxy = true }) { Timeout = TimeSpan.FromSeconds(30) };

    private static JsonElement GoModDownload(string work, string proxyUrl, string query)
    {
        var r = Go(work, proxyUrl, "mod", "download", "-json", query);
        Assert.AreEqual(0, r.Code, r.Output);
        var json = JsonDocument.Parse(r.Output).RootElement.Clone();
        Assert.IsFalse(json.TryGetProperty("Error", out var err), err.ToString());
        return json;
    }

    private static (int Code, string Output) Go(string work, string proxyUrl, params string[] args)
    {
        Directory.CreateDirectory(work);
        if (!File.Exists(Path.Combine(work, "go.mod"))) File.WriteAllText(Path.Combine(work, "go.mod"), "module example.com/goclient\n\ngo 1.16\n");
        var env = new Dictionary<string, string?>
        {
            ["GOINSECURE"] = "vanity.test", ["GOVCS"] = "*:git", ["HOME"] = work,
            // The vanity host is reached through modproxy as an HTTP proxy; git goes straight to loopback.
            ["HTTP_PROXY"] = proxyUrl, ["HTTPS_PROXY"] = proxyUrl, ["NO_PROXY"] = "127.0.0.1,localhost",
            ["http_proxy"] = "", ["https_proxy"] = "", ["no_proxy"] = "127.0.0.1,localhost",
            ["GIT_TERMINAL_PROMPT"] = "0", ["GIT_CONFIG_NOSYSTEM"] = "1",
        };
        // GOPROXY=direct, GOSUMDB=off, GOPRIVATE= and the private GOPATH are GoTool's.
        var r = GoTool.RunWith(work, Path.Combine(work, "gopath"), "direct", env, TimeSpan.FromSeconds(120), args);
        return (r.ExitCode, r.ExitCode == 0 ? r.Stdout : r.Stdout + r.Stderr);
    }
}
