using System.Net;
using System.Text;
using ModuleSdk.Cache;
using ModuleSdk.Diagnostics;
using ModuleSdk.Direct;
using ModuleSdk.Tests.Fetching;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Direct;

[TestClass]
public class RepoResolutionTests
{
    [TestMethod]
    [DataRow("example.com/*=file:///srv/git/*.git", "example.com/lib", "example.com/lib", "file:///srv/git/lib.git", DisplayName = "star")]
    [DataRow("example.com/*=file:///srv/git/*.git", "example.com/lib/tools", "example.com/lib", "file:///srv/git/lib.git", DisplayName = "subdirectory")]
    [DataRow("example.com/*=file:///srv/git/*.git", "example.com/lib/v2", "example.com/lib", "file:///srv/git/lib.git", DisplayName = "major suffix")]
    [DataRow("example.com/*=https://a/*,example.com/special=https://b/s.git", "example.com/special/x", "example.com/special", "https://b/s.git",
        DisplayName = "longest wins")]
    [DataRow("example.com/*/*=https://git/*/*.git", "example.com/team/repo/sub", "example.com/team/repo", "https://git/team/repo.git",
        DisplayName = "two stars")]
    [DataRow("corp.example/lib=https://tok:secret@git.corp/lib.git", "corp.example/lib", "corp.example/lib", "https://tok:secret@git.corp/lib.git",
        DisplayName = "credentials kept in Url")]
    public void Rules_Match(string rules, string path, string root, string url)
    {
        var r = RepoRules.Parse(rules).Match(path);
        Assert.IsNotNull(r);
        Assert.AreEqual(root, r.Root);
        Assert.AreEqual(url, r.Url);
    }

    [TestMethod]
    public void Rules_LocalPath_MadeAbsolute()
    {
        var r = RepoRules.Parse("example.com/*=repos/*")!.Match("example.com/lib")!;
        Assert.AreEqual(Path.GetFullPath("repos/lib"), r.Url);
        Assert.IsNull(RepoRules.Parse("example.com/*=repos/*").Match("other.com/lib"));
        Assert.IsNull(RepoRules.Parse("example.com/a/b=x").Match("example.com/a"));
    }

    [TestMethod]
    [DataRow("example.com/lib", DisplayName = "no equals")]
    [DataRow("=file:///x", DisplayName = "empty pattern")]
    [DataRow("example.com/l*b=file:///x", DisplayName = "partial star")]
    [DataRow("example.com/lib=file:///*/*", DisplayName = "more stars in url")]
    public void Rules_Malformed_Error(string rules)
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => RepoRules.Parse(rules));
        Assert.AreEqual(DiagnosticCodes.InvalidRepoRules, e.Code);
    }

    [TestMethod]
    public void Rules_MalformedWithCredentials_NotInMessage()
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => RepoRules.Parse("example.com/l*b=https://u:hunter2@h/x"));
        Assert.IsFalse(e.Message.Contains("hunter2"), e.Message);
    }

    [TestMethod]
    [DataRow("github.com/owner/repo", "github.com/owner/repo", "https://github.com/owner/repo")]
    [DataRow("github.com/owner/repo/v2", "github.com/owner/repo", "https://github.com/owner/repo")]
    [DataRow("github.com/owner/repo/sub/dir", "github.com/owner/repo", "https://github.com/owner/repo")]
    [DataRow("gitlab.com/group/proj/sub", "gitlab.com/group/proj", "https://gitlab.com/group/proj")]
    [DataRow("bitbucket.org/team/repo", "bitbucket.org/team/repo", "https://bitbucket.org/team/repo")]
    [DataRow("dev.azure.com/org/project/_git/repo/sub", "dev.azure.com/org/project/_git/repo", "https://dev.azure.com/org/project/_git/repo")]
    [DataRow("git.example.com/team/repo.git/sub", "git.example.com/team/repo.git", "https://git.example.com/team/repo.git")]
    public void HostingLayouts_Match(string path, string root, string url)
    {
        var r = HostingLayouts.Match(path);
        Assert.IsNotNull(r);
        Assert.AreEqual(root, r.Root);
        Assert.AreEqual(url, r.Url);
    }

    [TestMethod]
    [DataRow("github.com/owner")]
    [DataRow("example.com/lib")]
    [DataRow("dev.azure.com/org/project/repo")]
    public void HostingLayouts_NoMatch(string path) => Assert.IsNull(HostingLayouts.Match(path));

    [TestMethod]
    public void Vanity_Parse_PicksMatchingGitOrPrefersMod()
    {
        const string Page = """
            <html><head>
            <meta name="go-import" content="example.org/lib git https://git.example.org/lib.git">
            <meta name='go-import' content='example.org/other git https://git.example.org/other.git'>
            <meta name="go-source" content="example.org/lib x y z">
            </head><body><meta name="go-import" content="example.org/lib git https://evil/lib.git"></body></html>
            """;
        var imports = VanityImports.Parse(Page);
        Assert.AreEqual(2, imports.Count);
        var r = VanityImports.Pick("example.org/lib/sub", "page", imports);
        Assert.AreEqual(new RepoRoot("example.org/lib", "https://git.example.org/lib.git"), r);

        var withMod = imports.Append(new VanityImports.Import("example.org/lib", "mod", "https://proxy.example.org")).ToList();
        Assert.AreEqual(RepoKind.ModuleProxy, VanityImports.Pick("example.org/lib", "page", withMod).Kind);
    }

    [TestMethod]
    public void Vanity_ConflictingOrUnsupported_Error()
    {
        var two = new[] { new VanityImports.Import("example.org/lib", "git", "https://a/x"), new VanityImports.Import("example.org", "git", "https://b/y") };
        Assert.AreEqual(DiagnosticCodes.VanityLookupFailed, Assert.ThrowsExactly<ModuleException>(() => VanityImports.Pick("example.org/lib", "p", two)).Code);
        var hg = new[] { new VanityImports.Import("example.org/lib", "hg", "https://a/x") };
        StringAssert.Contains(Assert.ThrowsExactly<ModuleException>(() => VanityImports.Pick("example.org/lib", "p", hg)).Message, "version control \"hg\"");
        Assert.AreEqual(DiagnosticCodes.RepositoryNotFound,
            Assert.ThrowsExactly<DirectNotFoundException>(() => VanityImports.Pick("example.org/lib", "p", [])).Code);
    }

    /// <summary>Sends every request to the loopback server, as if it were the vanity host.</summary>
    private sealed class LoopbackHandler(int port) : DelegatingHandler(new HttpClientHandler())
    {
        public List<Uri> Asked { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Asked) Asked.Add(request.RequestUri!);
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = "http", Host = "127.0.0.1", Port = port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>
    /// The page is read and its repository picked; the repository being a file:// one (the only
    /// kind these tests can serve without a git http server), direct mode then refuses it, as Go
    /// does: a web page cannot choose a repository on this machine (Hardening/DirectSecurityTests).
    /// </summary>
    [TestMethod]
    public async Task Vanity_OverHttp_ResolvesToGitRepository()
    {
        using var g = new GitFixture();
        g.Tag("v1.0.0", g.Commit("one", ("module.mod", "module vanity.example/lib\n"), ("a.cs", "a")));
        await using var server = new LoopbackServer((req, conn, ct) => LoopbackServer.WriteTextAsync(conn, 200, "OK",
            $"<html><head><meta name=\"go-import\" content=\"vanity.example/lib git {g.Url}\"></head></html>", "text/html", ct));
        var handler = new LoopbackHandler(server.Port);
        using var http = new HttpClient(handler);
        using var s = g.Source(rules: "", http: http);
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.VersionsAsync("vanity.example/lib"));
        Assert.AreEqual("https://vanity.example/lib?go-get=1", handler.Asked[0].AbsoluteUri);
        Assert.AreEqual(DiagnosticCodes.InsecureRepository, e.Code, e.Message);
        StringAssert.Contains(e.Message, $"go-import meta tag points vanity.example/lib at \"{g.Url}\": file scheme disallowed");
    }

    [TestMethod]
    public async Task Vanity_ModKind_ResolvesToModuleProxy()
    {
        await using var server = new LoopbackServer((req, conn, ct) =>
            LoopbackServer.WriteTextAsync(conn, 200, "OK", "<meta name=\"go-import\" content=\"vanity.example/m mod https://proxy.vanity.example\">",
                "text/html", ct));
        using var http = new HttpClient(new LoopbackHandler(server.Port));
        using var cacheDir = new TempDir("vcache");
        using var s = new DirectSource(new DirectSourceOptions { Cache = new ModuleCache(cacheDir.Path), Http = http });
        var root = await s.ResolveRootAsync("vanity.example/m/sub");
        Assert.AreEqual(new RepoRoot("vanity.example/m", "https://proxy.vanity.example", RepoKind.ModuleProxy), root);
    }

    /// <summary>A vanity host whose page for each path is given by <paramref name="pages"/> (path → meta tag content).</summary>
    private static LoopbackServer VanityHost(Dictionary<string, string> pages) => new((req, conn, ct) =>
    {
        string path = req.Target.Split('?')[0].TrimStart('/');
        return pages.TryGetValue(path, out var content)
            ? LoopbackServer.WriteTextAsync(conn, 200, "OK", $"<html><head><meta name=\"go-import\" content=\"{content}\"></head></html>", "text/html", ct)
            : LoopbackServer.WriteTextAsync(conn, 404, "Not Found", "no", "text/plain", ct);
    });

    [TestMethod]
    public async Task Vanity_ShorterPrefix_PrefixPageAgrees_Resolved()
    {
        await using var server = VanityHost(new()
        {
            ["lib/sub"] = "vanity.example/lib git https://git.vanity.example/lib.git",
            ["lib"] = "vanity.example/lib git https://git.vanity.example/lib.git",
        });
        var handler = new LoopbackHandler(server.Port);
        using var http = new HttpClient(handler);
        using var cacheDir = new TempDir("vcache");
        using var s = new DirectSource(new DirectSourceOptions { Cache = new ModuleCache(cacheDir.Path), Http = http });
        Assert.AreEqual(new RepoRoot("vanity.example/lib", "https://git.vanity.example/lib.git"), await s.ResolveRootAsync("vanity.example/lib/sub"));
        CollectionAssert.AreEqual(new[] { "https://vanity.example/lib/sub?go-get=1", "https://vanity.example/lib?go-get=1" },
            handler.Asked.Select(u => u.AbsoluteUri).ToArray());
    }

    [TestMethod]
    [DataRow("vanity.example/lib git https://git.vanity.example/real.git", DisplayName = "prefix page names another repository")]
    [DataRow("vanity.example/lib mod https://git.vanity.example/evil.git", DisplayName = "prefix page names another kind")]
    [DataRow("vanity.example/other git https://git.vanity.example/evil.git", DisplayName = "prefix page has no matching tag")]
    public async Task Vanity_ShorterPrefix_PrefixPageDisagrees_Error(string prefixPage)
    {
        // The page of vanity.example/lib/sub claims the whole of vanity.example/lib; the page of
        // vanity.example/lib itself does not say so.
        await using var server = VanityHost(new()
        {
            ["lib/sub"] = "vanity.example/lib git https://git.vanity.example/evil.git",
            ["lib"] = prefixPage,
        });
        using var http = new HttpClient(new LoopbackHandler(server.Port));
        using var cacheDir = new TempDir("vcache");
        using var s = new DirectSource(new DirectSourceOptions { Cache = new ModuleCache(cacheDir.Path), Http = http });
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.ResolveRootAsync("vanity.example/lib/sub"));
        Assert.AreEqual(DiagnosticCodes.VanityLookupFailed, e.Code, e.Message);
        Assert.AreEqual("https://vanity.example/lib/sub?go-get=1 and https://vanity.example/lib?go-get=1 disagree about go-import for vanity.example/lib",
            e.Message);
    }

    [TestMethod]
    public async Task Vanity_ShorterPrefix_PrefixPageMissing_Error()
    {
        await using var server = VanityHost(new() { ["lib/sub"] = "vanity.example/lib git https://git.vanity.example/lib.git" });
        using var http = new HttpClient(new LoopbackHandler(server.Port));
        using var cacheDir = new TempDir("vcache");
        using var s = new DirectSource(new DirectSourceOptions { Cache = new ModuleCache(cacheDir.Path), Http = http });
        var e = await Assert.ThrowsExactlyAsync<DirectNotFoundException>(() => s.ResolveRootAsync("vanity.example/lib/sub"));
        StringAssert.Contains(e.Message, "unrecognized import path \"vanity.example/lib\": reading https://vanity.example/lib?go-get=1: 404");
    }

    [TestMethod]
    public async Task Vanity_NotFoundPage_NotFound()
    {
        await using var server = new LoopbackServer((req, conn, ct) => LoopbackServer.WriteTextAsync(conn, 404, "Not Found", "no", "text/plain", ct));
        using var http = new HttpClient(new LoopbackHandler(server.Port));
        using var cacheDir = new TempDir("vcache");
        using var s = new DirectSource(new DirectSourceOptions { Cache = new ModuleCache(cacheDir.Path), Http = http });
        var e = await Assert.ThrowsExactlyAsync<DirectNotFoundException>(() => s.VersionsAsync("vanity.example/none"));
        StringAssert.Contains(e.Message, "unrecognized import path \"vanity.example/none\"");
    }

    [TestMethod]
    public async Task NoRepository_WithoutHttp_ClearError()
    {
        using var cacheDir = new TempDir("vcache");
        using var s = new DirectSource(new DirectSourceOptions { Cache = new ModuleCache(cacheDir.Path) });
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.VersionsAsync("corp.example/lib"));
        Assert.AreEqual(DiagnosticCodes.RepositoryUnknown, e.Code);
        StringAssert.Contains(e.Message, "MODREPOS");
    }
}
