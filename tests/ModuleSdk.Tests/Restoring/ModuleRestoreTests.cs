using ModuleSdk.Building;
using ModuleSdk.Configuration;
using ModuleSdk.Restoring;
using ModuleSdk.Tests.Resolution;

namespace ModuleSdk.Tests.Restoring;

[TestClass]
public class ModuleRestoreTests
{
    private const string Main = "module example.com/app\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0\n)\n";

    private static ModuleRestore Restore(LoaderFixture f, IReadOnlyList<string>? references = null) =>
        new(f.MainDir, "obj", new ModuleSettings { Proxy = f.Proxy.Url, CacheRoot = f.CacheDir }, null, references ?? []);

    [TestMethod]
    public async Task Restore_StampsLast_ThenTheNoOpPathAndTheCheckSeeItUpToDate()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain(Main);
        var restore = Restore(f);
        Assert.AreEqual(ModuleRestore.State.NotRestored, restore.Check());
        Assert.IsNull(restore.TryUpToDate());

        var outcome = await restore.RestoreAsync(null, "App", staticGraphEvaluation: false);
        Assert.AreEqual(3, outcome.Build.Modules.Count, "a, b and d");
        Assert.IsTrue(File.Exists(Path.Combine(restore.Files.StateDirectory, RestoreStamp.FileName)));
        StringAssert.Contains(File.ReadAllText(f.SumFile), "example.com/d v1.2.0/module.mod h1:", "module.sum written before the stamp");

        var again = Restore(f);
        Assert.AreEqual(ModuleRestore.State.UpToDate, again.Check());
        var upToDate = again.TryUpToDate();
        Assert.IsNotNull(upToDate);
        CollectionAssert.AreEqual(outcome.References.ToArray(), upToDate.Value.References.ToArray());
        Assert.AreEqual("example.com/app", upToDate.Value.ModulePath);
    }

    [TestMethod]
    public async Task ChangedInputs_NeedARestore()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain(Main);
        await Restore(f).RestoreAsync(null, null, false);

        Assert.AreEqual(ModuleRestore.State.Changed, Restore(f, ["example.com/a"]).Check(), "a new ModuleReference item");
        Assert.IsNull(Restore(f, ["example.com/a"]).TryUpToDate());
        File.AppendAllText(f.ModFile, "require example.com/c v1.0.0\n");
        Assert.AreEqual(ModuleRestore.State.Changed, Restore(f).Check(), "module.mod edited");
        Assert.IsNull(Restore(f).TryUpToDate());
    }

    [TestMethod]
    public async Task StaticGraphRestore_LeavesTheMarker_UntilARestoreThatSawTheModules()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain(Main);
        await Restore(f).RestoreAsync("app.csproj", null, staticGraphEvaluation: true);
        Assert.AreEqual(ModuleRestore.State.Incomplete, Restore(f).Check());

        Assert.IsNotNull(Restore(f).TryUpToDate(), "the next restore takes the no-op path...");
        Assert.AreEqual(ModuleRestore.State.UpToDate, Restore(f).Check(), "...and, having seen the modules, clears the marker");
    }

    [TestMethod]
    public void NoModuleFile_IsReported()
    {
        using var f = new LoaderFixture();
        var e = Assert.ThrowsExactly<Diagnostics.ModuleException>(() => Restore(f));
        Assert.AreEqual(Diagnostics.DiagnosticCodes.MainModuleNotFound, e.Code);
    }
}
