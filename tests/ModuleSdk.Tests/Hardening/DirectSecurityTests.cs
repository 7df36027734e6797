using System.Text;
using ModuleSdk.Cache;
using ModuleSdk.Diagnostics;
using ModuleSdk.Direct;
using ModuleSdk.Tests.Cli;
using ModuleSdk.Tests.Direct;
using ModuleSdk.Tests.Fetching;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Hardening;

/// <summary>
/// Direct mode against hostile pages and settings: the token goes only to configured https hosts,
/// a go-get page cannot point at file:// (nor http:// or git:// without MODINSECURE), and
/// MODREPOS takes no transport that would make libgit2 run a program.
/// </summary>
[TestClass]
public sealed class DirectSecurityTests
{
    private const string Secret = "s3cr3t-t0ken";

    [TestMethod]
    [DataRow("https://h/r.git", "https")]
    [DataRow("HTTP://h/r.git", "http")]
    [DataRow("ssh://git@h/r.git", "ssh")]
    [DataRow("git@h:r.git", "ssh")]
    [DataRow("h:r.git", "ssh")]
    [DataRow("git://h/r.git", "git")]
    [DataRow("file:///srv/r.git", "file")]
    [DataRow("/srv/r.git", "file")]
    [DataRow("relative/r.git", "file")]
    [DataRow("ext::sh -c touch% /tmp/x", null)]
    [DataRow("fd::17", null)]
    [DataRow("ftp://h/r.git", null)]
    [DataRow("javascript://h/r.git", null)]
    public void SchemeOf(string url, string? scheme) => Assert.AreEqual(scheme, RepoUrlPolicy.SchemeOf(url));

    [TestMethod]
    [DataRow("example.com/*=ext::sh -c touch% /tmp/pwned")]
    [DataRow("example.com/*=fd::3")]
    [DataRow("example.com/*=ftp://h/*.git")]
    public void RepoRules_TransportsThatRunProgramsRefused(string rules)
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => RepoRules.Parse(rules));
        Assert.AreEqual(DiagnosticCodes.InvalidRepoRules, e.Code);
        StringAssert.Contains(e.Message, "unsupported URL scheme");
    }

    [TestMethod]
    public async Task Cli_ExtTransportRule_RefusedNothingRun()
    {
        using var f = Universe.Create("module example.com/main\n");
        string marker = Path.Combine(f.Root, "pwned");
        f.Env["MODPROXY"] = "direct";
        f.Env["MODREPOS"] = $"example.com/*=ext::sh -c touch% {marker}";
        var r = await f.Fails(1, "get", "example.com/x@latest");
        StringAssert.StartsWith(r.Error, "error MOD6102: ", r.ToString());
        Assert.IsFalse(r.Error.Contains("ssh: ", StringComparison.Ordinal), r.ToString());
        Assert.IsFalse(File.Exists(marker));
        Assert.AreEqual("module example.com/main\n", f.Mod);
    }

    [TestMethod]
    [DataRow("http://127.0.0.1:1/*.git")]
    [DataRow("git://127.0.0.1:1/*.git")]
    public async Task Rule_InsecureScheme_RefusedUnlessModInsecure(string url)
    {
        using var g = new GitFixture();
        using (var s = g.Source("example.com/*=" + url))
        {
            var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.VersionsAsync("example.com/lib"));
            Assert.AreEqual(DiagnosticCodes.InsecureRepository, e.Code, e.Message);
            StringAssert.Contains(e.Message, "MODINSECURE");
        }
        foreach (var insecure in new[] { "example.com", "127.0.0.1", "127.0.0.1:1" })
        {
            using var s = new DirectSource(new DirectSourceOptions { Cache = g.Cache, Rules = RepoRules.Parse("example.com/*=" + url), Insecure = insecure });
            // Allowed: the policy passes, and the fetch then fails on the closed port.
            var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.VersionsAsync("example.com/lib"));
            Assert.AreNotEqual(DiagnosticCodes.InsecureRepository, e.Code, insecure + ": " + e.Message);
        }
    }

    /// <summary>Sends every request to the loopback server, as if it were the vanity host.</summary>
    private sealed class LoopbackHandler(int port) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = "http", Host = "127.0.0.1", Port = port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static LoopbackServer Page(string content) => new((req, conn, ct) =>
        LoopbackServer.WriteTextAsync(conn, 200, "OK", $"<html><head><meta name=\"go-import\" content=\"{content}\"></head></html>", "text/html", ct));

    [TestMethod]
    public async Task Vanity_FileScheme_Refused_EvenWithModInsecure()
    {
        using var g = new GitFixture();
        g.Tag("v1.0.0", g.Commit("one", ("module.mod", "module vanity.example/lib\n"), ("a.cs", "a")));
        foreach (var kind in new[] { "git", "mod" })
        {
            await using var server = Page($"vanity.example/lib {kind} {g.Url}");
            using var http = new HttpClient(new LoopbackHandler(server.Port));
            using var s = new DirectSource(new DirectSourceOptions { Cache = g.Cache, Http = http, Insecure = "*" });
            var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.VersionsAsync("vanity.example/lib"));
            Assert.AreEqual(DiagnosticCodes.InsecureRepository, e.Code, e.Message);
            StringAssert.Contains(e.Message, "file scheme disallowed");
            StringAssert.Contains(e.Message, "https://vanity.example/lib?go-get=1");
        }
        Assert.IsFalse(Directory.Exists(Path.Combine(g.CacheRoot, "cache", "vcs"))
            && Directory.EnumerateFileSystemEntries(Path.Combine(g.CacheRoot, "cache", "vcs")).Any(),
            "nothing may be cloned from a repository a page chose on this machine");
    }

    [TestMethod]
    [DataRow("http://git.vanity.example/lib.git")]
    [DataRow("git://git.vanity.example/lib.git")]
    public async Task Vanity_InsecureScheme_OnlyWithModInsecure(string repo)
    {
        await using var server = Page("vanity.example/lib git " + repo);
        using var http = new HttpClient(new LoopbackHandler(server.Port));
        using var cacheDir = new TempDir("vcache");
        using (var s = new DirectSource(new DirectSourceOptions { Cache = new ModuleCache(cacheDir.Path), Http = http }))
        {
            var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.ResolveRootAsync("vanity.example/lib"));
            Assert.AreEqual(DiagnosticCodes.InsecureRepository, e.Code, e.Message);
        }
        foreach (var insecure in new[] { "vanity.example", "git.vanity.example", "*.example" })
        {
            using var s = new DirectSource(new DirectSourceOptions { Cache = new ModuleCache(cacheDir.Path), Http = http, Insecure = insecure });
            Assert.AreEqual(new RepoRoot("vanity.example/lib", repo), await s.ResolveRootAsync("vanity.example/lib"), insecure);
        }
    }

    [TestMethod]
    public void Token_OnlyOverHttpsToConfiguredHosts()
    {
        GitCredentials Creds(string? hosts) => new(new Dictionary<string, string?>
        {
            [GitCredentials.TokenVariable] = Secret,
            [GitCredentials.TokenHostsVariable] = hosts,
        }, useCredentialHelpers: false);

        Assert.IsNull(Creds(null).Find("https://github.com/o/r.git"), "no hosts configured: the token goes nowhere");
        var scoped = Creds("github.com, *.corp.example,git.local:8443");
        Assert.AreEqual((GitCredentials.DefaultTokenUser, Secret), scoped.Find("https://github.com/o/r.git"));
        Assert.AreEqual((GitCredentials.DefaultTokenUser, Secret), scoped.Find("https://git.corp.example/o/r.git"));
        Assert.AreEqual((GitCredentials.DefaultTokenUser, Secret), scoped.Find("https://git.local:8443/o/r.git"));
        Assert.IsNull(scoped.Find("https://git.local/o/r.git"), "another port is another server");
        Assert.IsNull(scoped.Find("https://evil.example/o/r.git"), "a host nobody configured");
        Assert.IsNull(scoped.Find("https://github.com.evil.example/o/r.git"));
        Assert.IsNull(scoped.Find("http://github.com/o/r.git"), "never over plain http");
        Assert.IsNull(scoped.Find("ssh://github.com/o/r.git"));
        // User information in a URL the user wrote is still used (it is theirs, for that URL).
        Assert.AreEqual(("u", "pw"), scoped.Find("https://u:pw@evil.example/r.git"));
    }

    /// <summary>
    /// End to end: a go-get page sends direct mode to a git server (plain http, allowed by
    /// MODINSECURE) that asks for credentials. With the token configured, even for that very
    /// host, the server never receives it: not over http, and not to a host a page picked.
    /// </summary>
    [TestMethod]
    [DataRow(null)]
    [DataRow("127.0.0.1")]
    [DataRow("*")]
    public async Task Token_NeverReachesHostChosenByPage_OverHttp(string? tokenHosts)
    {
        int port = 0;
        await using var server = new LoopbackServer((req, conn, ct) =>
            req.Target.Contains("go-get=1", StringComparison.Ordinal)
                ? LoopbackServer.WriteTextAsync(conn, 200, "OK",
                    $"<meta name=\"go-import\" content=\"vanity.example/lib git http://127.0.0.1:{port}/lib.git\">", "text/html", ct)
                : LoopbackServer.WriteAsync(conn, 401, "Unauthorized", "text/plain", Encoding.UTF8.GetBytes("auth"),
                    headers: ["WWW-Authenticate: Basic realm=\"git\""], cancellationToken: ct));
        port = server.Port;
        using var http = new HttpClient(new LoopbackHandler(server.Port));
        using var cacheDir = new TempDir("vcache");
        var creds = new GitCredentials(new Dictionary<string, string?>
        {
            [GitCredentials.TokenVariable] = Secret,
            [GitCredentials.TokenHostsVariable] = tokenHosts,
        }, useCredentialHelpers: false);
        using var s = new DirectSource(new DirectSourceOptions { Cache = new ModuleCache(cacheDir.Path), Http = http, Insecure = "vanity.example",
            Credentials = creds });
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.VersionsAsync("vanity.example/lib"));
        Assert.IsFalse(e.ToString().Contains(Secret, StringComparison.Ordinal));
        var git = server.Requests.Where(r => !r.Target.Contains("go-get=1", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(git.Count > 0, "the git server was asked");
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(GitCredentials.DefaultTokenUser + ":" + Secret));
        foreach (var r in server.Requests)
            foreach (var (k, v) in r.Headers)
                Assert.IsFalse(v.Contains(basic, StringComparison.Ordinal) || v.Contains(Secret, StringComparison.Ordinal), $"{r.Target} got {k}: {v}");
    }

    /// <summary>
    /// libgit2 runs the ssh client with our stderr: its raw messages must not reach the terminal
    /// (they are quoted in the coded error instead). Out of process, since the client writes to
    /// the file descriptor, not to the CLI's writers.
    /// </summary>
    [TestMethod]
    [DataRow("ssh://127.0.0.1:1/x.git", "ssh: connect to host 127.0.0.1 port 1: Connection refused")]
    [DataRow("git@127.0.0.1:x.git", "ssh: connect to host 127.0.0.1 port 22: Connection refused")]
    public void Ssh_ClientOutput_OnlyInTheCodedError(string url, string sshSays)
    {
        if (OperatingSystem.IsWindows()) Assert.Inconclusive("the ssh wrapper is for Unix (libgit2 on Windows uses its own ssh)");
        if (!CommandExists("ssh")) Assert.Inconclusive("no ssh client installed (.ci/run installs openssh-client)");
        using var dir = new TempDir("sshout");
        Directory.CreateDirectory(dir.Combine("work"));
        File.WriteAllText(dir.Combine("work", "module.mod"), "module example.com/main\n");
        var r = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "dotnet-mod.dll"), "get", "example.com/x@latest"], dir.Combine("work"),
            new Dictionary<string, string?>
        {
            ["MODPROXY"] = "direct",
            ["MODCACHE"] = dir.Combine("cache"),
            ["HOME"] = dir.Path,
            ["MODREPOS"] = "example.com/*=" + url,
            ["GIT_SSH"] = null,
            ["GIT_SSH_COMMAND"] = null,
        }, TimeSpan.FromMinutes(2));
        string stderr = r.Stderr;
        Assert.AreEqual(1, r.ExitCode, stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Length, stderr);
        StringAssert.StartsWith(lines[0], "error MOD6111: ", stderr);
        StringAssert.Contains(lines[0], "(" + sshSays + ")");
        Assert.AreEqual("", r.Stdout);
    }

    private static bool CommandExists(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => d.Length > 0 && File.Exists(Path.Combine(d, name)));

    /// <summary>A go-get page that redirects to file:// is a coded vanity-lookup error naming the path, not an exception.</summary>
    [TestMethod]
    public async Task Vanity_RedirectToFileScheme_CodedError()
    {
        await using var server = new LoopbackServer((req, conn, ct) =>
            LoopbackServer.WriteAsync(conn, 302, "Found", "text/plain", [], headers: ["Location: file:///etc/passwd"], cancellationToken: ct));
        using var http = new HttpClient(new LoopbackHandler(server.Port));
        using var cacheDir = new TempDir("vcache");
        using var s = new DirectSource(new DirectSourceOptions { Cache = new ModuleCache(cacheDir.Path), Http = http });
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.ResolveRootAsync("vanity.example/lib"));
        Assert.AreEqual(DiagnosticCodes.VanityLookupFailed, e.Code, e.Message);
        StringAssert.Contains(e.Message, "vanity.example/lib");
    }
}
