using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;

namespace ModuleSdk.Tests.Resolution;

[TestClass]
public class GetAndTidyTests
{
    private const string Main = "module example.com/app\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0\n)\n";

    private static async Task<(ModuleLoader Loader, IReadOnlyList<ModuleGet.Change> Changes)> Get(LoaderFixture f, bool u, params string[] args)
    {
        var loader = f.Loader();
        var changes = await ModuleGet.GetAsync(loader, args.Select(ModuleGet.Target.Parse).ToList(), u);
        return (loader, changes);
    }

    [TestMethod]
    public async Task Get_AddsAModuleAndRaisesWhatItNeeds()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain(Main);
        var (loader, changes) = await Get(f, false, "example.com/c@v1.0.0");
        Assert.AreEqual("module example.com/app\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0\n\texample.com/c v1.0.0\n)\n",
            loader.Main.Format());
        CollectionAssert.AreEqual(new[] { "example.com/c none v1.0.0", "example.com/d v1.2.0 v1.3.2" },
            changes.Select(c => $"{c.Path} {c.From} {c.To}").ToArray());
        Assert.AreEqual(Main, File.ReadAllText(f.ModFile), "get computes; the caller saves");
    }

    [TestMethod]
    public async Task Run_SavesModFileAndSums_ReportsKindsAndRetractions()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        // c v1.1.0 retracts itself; get names c, so the outcome warns of it.
        f.Proxy.Add("example.com/c", "v1.1.0", ["example.com/d v1.3.2"], extra: "retract v1.1.0 // broken");
        f.WriteMain(Main);
        var loader = f.Loader();
        var outcome = await ModuleGet.RunAsync(loader, [ModuleGet.Target.Parse("example.com/c@v1.1.0"), ModuleGet.Target.Parse("example.com/a@none")], false);
        CollectionAssert.AreEqual(
            new[] { "example.com/a Removed", "example.com/c Added", "example.com/d Upgraded" },
            outcome.Changes.Select(c => $"{c.Path} {c.Kind}").OrderBy(s => s, StringComparer.Ordinal).ToArray());
        Assert.AreEqual("example.com/c@v1.1.0 broken", string.Join(",", outcome.Retracted.Select(r => $"{r.Module} {r.Rationale}")));
        Assert.AreEqual("module example.com/app\n\nrequire (\n\texample.com/b v1.2.0\n\texample.com/c v1.1.0\n)\n", File.ReadAllText(f.ModFile), "saved");
        string sums = File.ReadAllText(f.SumFile);
        StringAssert.Contains(sums, "example.com/c v1.1.0 h1:", "the named module's zip is hashed");
        StringAssert.Contains(sums, "example.com/d v1.3.2/module.mod h1:");
        Assert.IsFalse(sums.Contains("example.com/d v1.3.2 h1:", StringComparison.Ordinal), "no zip line for a module only selected");
    }

    [TestMethod]
    public async Task Run_FailedQuery_LeavesModFileAndSumsAlone()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain(Main);
        await Assert.ThrowsAsync<ModuleException>(() => ModuleGet.RunAsync(f.Loader(), [ModuleGet.Target.Parse("example.com/d@v9.9.9")], false));
        Assert.AreEqual(Main, File.ReadAllText(f.ModFile));
        Assert.IsFalse(File.Exists(f.SumFile));
    }

    [TestMethod]
    public async Task Get_UpgradeToLatest_AddsIndirectRequirementOnlyWhenNeeded()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain(Main);
        var (loader, _) = await Get(f, false, "example.com/d@latest");
        StringAssert.Contains(loader.Main.Format(), "example.com/d v1.4.2");
    }

    [TestMethod]
    public async Task Get_Downgrade_LowersDependents()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.Proxy.Add("example.com/b", "v1.1.0", ["example.com/d v1.0.6"]);
        f.WriteMain(Main);
        // d below v1.2.0 forces b down to v1.1.0, which needs only d v1.0.6.
        var (loader, changes) = await Get(f, false, "example.com/d@v1.0.6");
        StringAssert.Contains(loader.Main.Format(), "example.com/b v1.1.0");
        Assert.IsTrue(changes.Any(c => c.Path == "example.com/b" && c.To == "v1.1.0"));
    }

    [TestMethod]
    public async Task Get_None_RemovesTheRequirement()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain(Main);
        var (loader, _) = await Get(f, false, "example.com/a@none");
        Assert.AreEqual("module example.com/app\n\nrequire example.com/b v1.2.0\n", loader.Main.Format());
    }

    [TestMethod]
    public async Task Get_UpgradeAll()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain(Main);
        var (_, changes) = await Get(f, true);
        CollectionAssert.AreEqual(new[] { "example.com/d" }, changes.Select(c => c.Path).ToArray());
        Assert.AreEqual("v1.4.2", changes[0].To);
    }

    [TestMethod]
    public async Task Get_BadArgument_IsClear()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain(Main);
        Assert.AreEqual(DiagnosticCodes.InvalidModulePath, Assert.ThrowsExactly<ModuleException>(() => ModuleGet.Target.Parse("nodot/x@v1.0.0")).Code);
        var e = await Assert.ThrowsAsync<ModuleException>(() => Get(f, false, "example.com/d@v9.9.9"));
        StringAssert.Contains(e.Message, "v9.9.9");
    }

    [TestMethod]
    public async Task Tidy_MinimisesMarksIndirectAndPrunesSums()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        // d v1.2.0 is implied by b; c is listed indirectly but needed by nobody... it stays only if the build list needs it.
        f.WriteMain("module example.com/app\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0\n\texample.com/d v1.0.6 // indirect\n)\n");
        File.WriteAllText(f.SumFile, "example.com/zzz v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        var loader = f.Loader();
        await ModuleTidy.TidyAsync(loader);
        Assert.AreEqual(Main, loader.Main.Format());
        loader.Sums.Save(force: true);
        string sums = File.ReadAllText(f.SumFile);
        Assert.IsFalse(sums.Contains("example.com/zzz"), sums);
        StringAssert.Contains(sums, "example.com/d v1.2.0 h1:");
        StringAssert.Contains(sums, "example.com/d v1.0.6/module.mod h1:");
        Assert.IsFalse(sums.Contains("example.com/d v1.0.6 h1:"), "only selected versions need zip hashes");
    }

    [TestMethod]
    public async Task Tidy_KeepsNeededIndirectRequirementInItsOwnBlock()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/d v1.4.2 // indirect\n)\n");
        var loader = f.Loader();
        await ModuleTidy.TidyAsync(loader);
        Assert.AreEqual("module example.com/app\n\nrequire example.com/a v1.0.0\n\nrequire example.com/d v1.4.2 // indirect\n", loader.Main.Format());
    }
}
