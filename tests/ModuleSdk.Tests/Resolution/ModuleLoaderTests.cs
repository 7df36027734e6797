using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Mvs;

namespace ModuleSdk.Tests.Resolution;

[TestClass]
public class ModuleLoaderTests
{
    private static async Task<string> BuildListText(LoaderFixture f)
    {
        var graph = await f.Loader().LoadGraphAsync();
        return string.Join("\n", graph.BuildList().Select(m => m.ToString()));
    }

    [TestMethod]
    public async Task LoadGraph_SelectsMinimalVersions()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0\n)\n");
        Assert.AreEqual("example.com/app\nexample.com/a@v1.0.0\nexample.com/b@v1.2.0\nexample.com/d@v1.2.0", await BuildListText(f));
    }

    [TestMethod]
    public async Task LoadGraph_ExcludeDropsTheEdge()
    {
        // Go >= 1.16: a requirement on an excluded version is dropped, not raised.
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0\n)\n\nexclude example.com/d v1.2.0\n");
        Assert.AreEqual("example.com/app\nexample.com/a@v1.0.0\nexample.com/b@v1.2.0\nexample.com/d@v1.0.6", await BuildListText(f));
    }

    [TestMethod]
    public async Task LoadGraph_VersionReplacementReadsTheReplacementsRequirements()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.Proxy.Add("example.com/fork", "v1.5.0", ["example.com/d v1.4.2"], modulePath: "example.com/b");
        f.WriteMain("module example.com/app\n\nrequire example.com/b v1.2.0\n\nreplace example.com/b v1.2.0 => example.com/fork v1.5.0\n");
        Assert.AreEqual("example.com/app\nexample.com/b@v1.2.0\nexample.com/d@v1.4.2", await BuildListText(f));
    }

    [TestMethod]
    public async Task LoadGraph_DirectoryReplacement()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        Directory.CreateDirectory(Path.Combine(f.MainDir, "local", "b"));
        File.WriteAllText(Path.Combine(f.MainDir, "local", "b", "module.mod"), "module example.com/b\n\nrequire example.com/d v1.3.2\n");
        f.WriteMain("module example.com/app\n\nrequire example.com/b v1.2.0\n\nreplace example.com/b => ./local/b\n");
        Assert.AreEqual("example.com/app\nexample.com/b@v1.2.0\nexample.com/d@v1.3.2", await BuildListText(f));
    }

    [TestMethod]
    public async Task LoadGraph_MissingReplacementDirectory_IsClear()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire example.com/b v1.2.0\n\nreplace example.com/b => ./nowhere\n");
        var e = await Assert.ThrowsExactlyAsync<BuildListException>(() => f.Loader().LoadGraphAsync());
        StringAssert.Contains(e.Message, "replacement directory ./nowhere does not exist");
    }

    [TestMethod]
    public async Task LoadGraph_PathMismatch_ReportsLikeGo()
    {
        using var f = new LoaderFixture();
        f.Proxy.Add("example.com/a", "v1.0.0", ["example.com/b v1.0.0"]);
        f.Proxy.Add("example.com/b", "v1.0.0", modulePath: "example.com/other");
        f.WriteMain("module example.com/app\n\nrequire example.com/a v1.0.0\n");
        var e = await Assert.ThrowsExactlyAsync<BuildListException>(() => f.Loader().LoadGraphAsync());
        Assert.AreEqual(
            "example.com/a@v1.0.0 requires\n\texample.com/b@v1.0.0: parsing module.mod:\n\tmodule declares its path as: example.com/other\n" +
            "\t        but was required as: example.com/b",
            e.Message);
    }

    [TestMethod]
    public async Task LoadGraph_MissingModule_ShowsTheChain()
    {
        using var f = new LoaderFixture();
        f.Proxy.Add("example.com/a", "v1.0.0", ["example.com/gone v1.0.0"]);
        f.WriteMain("module example.com/app\n\nrequire example.com/a v1.0.0\n");
        var e = await Assert.ThrowsExactlyAsync<BuildListException>(() => f.Loader().LoadGraphAsync());
        StringAssert.StartsWith(e.Message, "example.com/a@v1.0.0 requires\n\texample.com/gone@v1.0.0: ");
        Assert.IsFalse(e.Message.Contains("example.com/gone@v1.0.0: example.com/gone@v1.0.0"), e.Message);
    }

    [TestMethod]
    public async Task LoadGraph_RecordsModuleSums_AndSaveWritesThemSorted()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0\n)\n");
        var loader = f.Loader();
        await loader.LoadGraphAsync();
        loader.Sums.Save();
        var lines = File.ReadAllLines(f.SumFile);
        CollectionAssert.AreEqual(new[] { "example.com/a v1.0.0/module.mod", "example.com/b v1.2.0/module.mod", "example.com/d v1.0.6/module.mod",
            "example.com/d v1.2.0/module.mod" },
            lines.Select(l => l[..l.LastIndexOf(' ')]).ToArray());
    }

    [TestMethod]
    public async Task LoadGraph_SumMismatch_IsSecurityErrorAndLeavesNothing()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire example.com/a v1.0.0\n");
        string sum = "example.com/a v1.0.0/module.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
        File.WriteAllText(f.SumFile, sum);
        var loader = f.Loader();
        var e = await Assert.ThrowsExactlyAsync<BuildListException>(() => loader.LoadGraphAsync());
        StringAssert.Contains(e.Message, "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        StringAssert.Contains(e.Message.ToUpperInvariant(), "SECURITY ERROR");
        loader.Sums.Save();
        Assert.AreEqual(sum, File.ReadAllText(f.SumFile));
        Assert.IsFalse(File.Exists(loader.Cache.ModFile(new ModuleId("example.com/a", "v1.0.0"))), "a refused .mod must not enter the cache");
    }

    [TestMethod]
    public async Task LoadGraph_LockedMode_RefusesMissingSums()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire example.com/a v1.0.0\n");
        var loader = f.Loader(locked: true);
        var e = await Assert.ThrowsExactlyAsync<BuildListException>(() => loader.LoadGraphAsync());
        StringAssert.Contains(e.Message, "module.sum");
        loader.Sums.Save();
        Assert.IsFalse(File.Exists(f.SumFile));
    }

    [TestMethod]
    public async Task LoadGraph_DeadProxy_FailsWithClearError()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire example.com/a v1.0.0\n");
        var e = await Assert.ThrowsExactlyAsync<BuildListException>(() => f.Loader(proxy: "file:///nonexistent/proxy/dir").LoadGraphAsync());
        StringAssert.Contains(e.Message, "example.com/a@v1.0.0");
        Assert.AreNotEqual("", e.Code);
    }

    [TestMethod]
    public async Task LoadGraph_CycleIsFine()
    {
        using var f = new LoaderFixture();
        f.Proxy.Add("example.com/x", "v1.0.0", ["example.com/y v1.0.0"]).Add("example.com/y", "v1.0.0", ["example.com/x v1.1.0"])
            .Add("example.com/x", "v1.1.0", ["example.com/y v1.0.0"]);
        f.WriteMain("module example.com/app\n\nrequire example.com/x v1.0.0\n");
        Assert.AreEqual("example.com/app\nexample.com/x@v1.1.0\nexample.com/y@v1.0.0", await BuildListText(f));
    }

    [TestMethod]
    public void MainModule_NotFound_HasCode()
    {
        using var dir = new TestSupport.TempDir();
        var e = Assert.ThrowsExactly<ModuleException>(() => ModuleSdk.Resolution.MainModule.Find(dir.Path));
        Assert.AreEqual(DiagnosticCodes.MainModuleNotFound, e.Code);
    }
}
