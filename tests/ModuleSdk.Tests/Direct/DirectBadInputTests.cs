using System.Diagnostics;
using ModuleSdk.Configuration;
using ModuleSdk.Diagnostics;
using ModuleSdk.Direct;
using ModuleSdk.Fetching;
using ModuleSdk.Resolution;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Direct;

[TestClass]
public class DirectBadInputTests
{
    private const string Lib = "example.com/lib";

    [TestMethod]
    public async Task MissingRepository_NotFound()
    {
        using var g = new GitFixture();
        using var s = g.Source("example.com/*=" + new Uri(g.Combine("nope.git")).AbsoluteUri);
        var e = await Assert.ThrowsExactlyAsync<DirectNotFoundException>(() => s.VersionsAsync("example.com/lib"));
        Assert.AreEqual(DiagnosticCodes.RepositoryNotFound, e.Code);
    }

    [TestMethod]
    public async Task UnreachableHost_FailsFast_FallsThroughWithPipe()
    {
        using var g = new GitFixture();
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        var settings = new ModuleSettings { Proxy = "direct", Repos = "example.com/*=http://127.0.0.1:1/*.git", CacheRoot = g.CacheRoot };
        using var direct = g.Source(settings.Repos, insecure: "127.0.0.1");
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => direct.VersionsAsync(Lib));
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
        Assert.AreEqual(DiagnosticCodes.RepositoryUnreachable, e.Code, e.Message);
        StringAssert.Contains(e.Message, "http://127.0.0.1:1/lib.git");


        // Behind a proxy that has the module, direct is never reached; behind one that lacks
        // it, direct's error is the one reported (Go ranks it first).
        using var proxyDir = new TempDir("proxy");
        var proxy = new ModuleProxyBuilder(proxyDir.Path).Add(Lib, "v1.0.0");
        var routed = new RoutedSource(ProxyList.Parse(proxy.Url + ",direct"), direct: () => direct);
        CollectionAssert.AreEqual(new[] { "v1.0.0" }, (await routed.VersionsAsync(Lib)).ToArray());
        var e2 = await Assert.ThrowsExactlyAsync<ModuleException>(() => routed.VersionsAsync("example.com/other"));
        Assert.AreEqual(DiagnosticCodes.RepositoryUnreachable, e2.Code, e2.Message);
    }

    [TestMethod]
    public async Task ProxyThenDirect_FallsThroughOnNotFound()
    {
        using var g = new GitFixture();
        using var direct = g.Source("example.com/*=" + new Uri(g.Combine("nope.git")).AbsoluteUri);
        using var proxyDir = new TempDir("proxy");
        var proxy = new ModuleProxyBuilder(proxyDir.Path).Add(Lib, "v1.0.0");
        // The proxy lacks example.com/lib: "not found" falls through to direct, which has it.
        using var g2 = new GitFixture();
        g2.Tag("v2.0.0", g2.Commit("one", ("module.mod", "module example.com/lib/v2\n")));
        using var direct2 = g2.Source("example.com/*=" + g2.Url);
        var routed = new RoutedSource(ProxyList.Parse(proxy.Url + ",direct"), direct: () => direct2);
        CollectionAssert.AreEqual(new[] { "v2.0.0" }, (await routed.VersionsAsync("example.com/lib/v2")).ToArray());
        // And a missing repository behind a proxy that has the module: the proxy answers.
        var routed2 = new RoutedSource(ProxyList.Parse(proxy.Url + ",direct"), direct: () => direct);
        CollectionAssert.AreEqual(new[] { "v1.0.0" }, (await routed2.VersionsAsync(Lib)).ToArray());
        await Assert.ThrowsExactlyAsync<DirectNotFoundException>(() => routed2.VersionsAsync("example.com/zzz"));
    }

    [TestMethod]
    public async Task NonSemverTag_UnknownAsVersion_ResolvesAsRevision()
    {
        using var g = new GitFixture();
        var c = g.Commit("one", ("module.mod", "module example.com/lib\n"));
        g.Tag("release-1", c);
        using var s = g.Source();
        Assert.AreEqual(0, (await s.VersionsAsync(Lib)).Count);
        Assert.AreEqual("v0.0.0-20210304050607-" + c.Sha[..12], (await s.StatAsync(Lib, "release-1")).Version);
        var e = await Assert.ThrowsExactlyAsync<DirectNotFoundException>(() => s.StatAsync(Lib, "v1.0.0"));
        Assert.AreEqual(DiagnosticCodes.UnknownRevision, e.Code);
        Assert.AreEqual("example.com/lib@v1.0.0: invalid version: unknown revision v1.0.0", e.Message);
        await Assert.ThrowsExactlyAsync<DirectNotFoundException>(() => s.StatAsync(Lib, "no-such-branch"));
    }

    [TestMethod]
    public async Task Symlink_LeftOutOfZip()
    {
        using var g = new GitFixture();
        var c = g.Commit("one", ("module.mod", "module example.com/lib\n"), ("a.cs", "a"), ("link.cs", "->a.cs"), ("module.link", "->/etc/passwd"));
        g.Tag("v1.0.0", c);
        using var s = g.Source();
        CollectionAssert.AreEqual(new[] { "example.com/lib@v1.0.0/a.cs", "example.com/lib@v1.0.0/module.mod" },
            (await DirectSourceTests.ZipNamesAsync(s, Lib, "v1.0.0")).ToArray());
    }

    [TestMethod]
    public async Task SymlinkedModFile_NotRead()
    {
        using var g = new GitFixture();
        g.Tag("v1.0.0", g.Commit("one", ("real.mod", "module example.com/other\n"), ("module.mod", "->real.mod")));
        using var s = g.Source();
        Assert.AreEqual("module example.com/lib\n", System.Text.Encoding.UTF8.GetString(await s.GetModAsync(Lib, "v1.0.0")));
    }

    [TestMethod]
    public async Task CaseFoldingCollision_ZipRefused()
    {
        using var g = new GitFixture();
        g.Tag("v1.0.0", g.Commit("one", ("module.mod", "module example.com/lib\n"), ("Readme.md", "a"), ("README.md", "b")));
        using var s = g.Source();
        using var ms = new MemoryStream();
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.DownloadZipAsync(Lib, "v1.0.0", ms));
        Assert.AreEqual(DiagnosticCodes.DirectZipFailed, e.Code);
        StringAssert.Contains(e.Message, "case-insensitive file name collision");
    }

    [TestMethod]
    public async Task ForcePushedTag_ChecksumMismatchCaught()
    {
        using var g = new GitFixture();
        var c = g.Commit("one", ("module.mod", "module example.com/lib\n"), ("a.cs", "original"));
        g.Tag("v1.0.0", c);
        using var main = new TempDir("main");
        File.WriteAllText(Path.Combine(main.Path, "module.mod"), "module example.com/app\n\nrequire example.com/lib v1.0.0\n");
        var settings = new ModuleSettings { Proxy = "direct", Repos = g.Rule, CacheRoot = g.CacheRoot };
        var loader = ModuleLoader.Create(MainModule.Load(main.Path), settings);
        await loader.Fetcher.DownloadAsync(new ModuleSdk.Modules.ModuleId(Lib, "v1.0.0"));
        loader.Sums.Save();
        StringAssert.Contains(File.ReadAllText(Path.Combine(main.Path, "module.sum")), "example.com/lib v1.0.0 h1:");

        // The tag is moved to another tree upstream; a fresh cache (another machine) fetches it.
        var evil = g.Commit("evil", ("a.cs", "changed"));
        g.Tag("v1.0.0", evil, force: true);
        using var other = new TempDir("cache2");
        var loader2 = ModuleLoader.Create(MainModule.Load(main.Path), settings with { CacheRoot = other.Path });
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => loader2.Fetcher.DownloadAsync(new ModuleSdk.Modules.ModuleId(Lib, "v1.0.0")));
        StringAssert.Contains(e.Message, "checksum mismatch");
    }

    [TestMethod]
    public async Task BadModulePath_Error()
    {
        using var g = new GitFixture();
        using var s = g.Source();
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.VersionsAsync("not a path"));
        Assert.AreEqual(DiagnosticCodes.InvalidModulePath, e.Code);
    }
}
