using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Mvs;
using static ModuleSdk.Tests.Mvs.MemoryRequirements;

namespace ModuleSdk.Tests.Mvs;

[TestClass]
public class BuildListErrorTests
{
    private static readonly ModuleId Main = new("example.com/main", "");

    private static BuildListException BuildFails(IRequirements reqs, ModuleId? target = null) =>
        Assert.ThrowsExactly<BuildListException>(() => MinimalVersionSelection.BuildList([target ?? Main], reqs));

    [TestMethod]
    public void BuildList_DeepFailure_PrintsChainLikeGo()
    {
        var reqs = new MemoryRequirements()
            .Add("example.com/main", "example.com/a@v1.0.0")
            .Add("example.com/a@v1.0.0", "example.com/b@v1.2.0")
            .Add("example.com/b@v1.2.0", "example.com/c@v1.0.0")
            .Fail("example.com/c@v1.0.0", new InvalidOperationException("reading module.mod: 404 Not Found"));
        var e = BuildFails(reqs);
        Assert.AreEqual(
            "example.com/a@v1.0.0 requires\n\texample.com/b@v1.2.0 requires\n\texample.com/c@v1.0.0: reading module.mod: 404 Not Found",
            e.Message);
        Assert.AreEqual(DiagnosticCodes.BuildListFailed, e.Code);
        Assert.AreEqual(Id("example.com/c@v1.0.0"), e.Module);
        CollectionAssert.AreEqual(
            new[] { Main, Id("example.com/a@v1.0.0"), Id("example.com/b@v1.2.0"), Id("example.com/c@v1.0.0") },
            e.Chain.Select(s => s.Module).ToArray());
        CollectionAssert.AreEqual(new[] { "requires", "requires", "requires", null }, e.Chain.Select(s => s.NextReason).ToArray());
        Assert.AreEqual("reading module.mod: 404 Not Found", e.InnerException!.Message);
    }

    [TestMethod]
    public void BuildList_DirectDependencyFails_NoChainPrinted()
    {
        var reqs = new MemoryRequirements()
            .Add("example.com/main", "example.com/a@v1.0.0")
            .Fail("example.com/a@v1.0.0", new IOException("boom"));
        Assert.AreEqual("example.com/a@v1.0.0: boom", BuildFails(reqs).Message);
    }

    [TestMethod]
    public void BuildList_MainModuleFails_PrintsCauseOnly()
    {
        var reqs = new MemoryRequirements().Fail("example.com/main", new IOException("module.mod: permission denied"));
        var e = BuildFails(reqs);
        Assert.AreEqual("module.mod: permission denied", e.Message);
        Assert.AreEqual(Main, e.Module);
    }

    [TestMethod]
    public void BuildList_VersionedTarget_IsPrintedInChain()
    {
        var reqs = new MemoryRequirements()
            .Add("example.com/a@v1.0.0", "example.com/b@v1.0.0")
            .Fail("example.com/b@v1.0.0", new IOException("boom"));
        Assert.AreEqual("example.com/a@v1.0.0 requires\n\texample.com/b@v1.0.0: boom", BuildFails(reqs, Id("example.com/a@v1.0.0")).Message);
    }

    [TestMethod]
    public void BuildList_TwoRoutesToFailure_ReportsShortest()
    {
        var reqs = new MemoryRequirements()
            .Add("example.com/main", "example.com/a@v1.0.0", "example.com/d@v1.0.0")
            .Add("example.com/a@v1.0.0", "example.com/b@v1.0.0")
            .Add("example.com/b@v1.0.0", "example.com/c@v1.0.0")
            .Add("example.com/d@v1.0.0", "example.com/c@v1.0.0")
            .Fail("example.com/c@v1.0.0", new IOException("boom"));
        Assert.AreEqual("example.com/d@v1.0.0 requires\n\texample.com/c@v1.0.0: boom", BuildFails(reqs).Message);
    }

    [TestMethod]
    public void BuildList_EquallyShortRoutes_ReportsFirstInRequirementOrder()
    {
        var reqs = new MemoryRequirements()
            .Add("example.com/main", "example.com/z@v1.0.0", "example.com/a@v1.0.0")
            .Add("example.com/z@v1.0.0", "example.com/c@v1.0.0")
            .Add("example.com/a@v1.0.0", "example.com/c@v1.0.0")
            .Fail("example.com/c@v1.0.0", new IOException("boom"));
        Assert.AreEqual("example.com/z@v1.0.0 requires\n\texample.com/c@v1.0.0: boom", BuildFails(reqs).Message);
    }

    [TestMethod]
    public void BuildList_SeveralFailures_ReportsNearestRoot()
    {
        var reqs = new MemoryRequirements()
            .Add("example.com/main", "example.com/a@v1.0.0", "example.com/b@v1.0.0")
            .Add("example.com/a@v1.0.0", "example.com/deep@v1.0.0")
            .Fail("example.com/deep@v1.0.0", new IOException("deep"))
            .Fail("example.com/b@v1.0.0", new IOException("near"));
        Assert.AreEqual("example.com/b@v1.0.0: near", BuildFails(reqs).Message);
    }

    [TestMethod]
    public void BuildList_CauseNamesSameModule_NotRepeated()
    {
        var c = Id("example.com/c@v1.0.0");
        var reqs = new MemoryRequirements()
            .Add("example.com/main", "example.com/a@v1.0.0")
            .Add("example.com/a@v1.0.0", "example.com/c@v1.0.0")
            .Fail("example.com/c@v1.0.0",
                new ModuleVersionException(DiagnosticCodes.ModuleNotFound, c, "reading https://proxy/example.com/c/@v/v1.0.0.mod: 404 Not Found"));
        Assert.AreEqual("example.com/a@v1.0.0 requires\n\texample.com/c@v1.0.0: reading https://proxy/example.com/c/@v/v1.0.0.mod: 404 Not Found",
            BuildFails(reqs).Message);
    }

    [TestMethod]
    public void BuildList_CauseNamesReplacement_SaysReplacedBy()
    {
        var fork = Id("example.com/fork@v1.1.0");
        var reqs = new MemoryRequirements()
            .Add("example.com/main", "example.com/a@v1.0.0")
            .Add("example.com/a@v1.0.0", "example.com/c@v1.0.0")
            .Fail("example.com/c@v1.0.0", new ModuleVersionException(DiagnosticCodes.ModuleNotFound, fork, "not found"));
        Assert.AreEqual("example.com/a@v1.0.0 requires\n\texample.com/c@v1.0.0 (replaced by example.com/fork@v1.1.0): not found", BuildFails(reqs).Message);
    }

    [TestMethod]
    public void BuildList_CauseWrapsSameModuleError_PrintedAsIs()
    {
        var c = Id("example.com/c@v1.0.0");
        var inner = new ModuleVersionException(DiagnosticCodes.ModuleNotFound, c, "gone");
        var reqs = new MemoryRequirements()
            .Add("example.com/main", "example.com/c@v1.0.0")
            .Fail("example.com/c@v1.0.0", new InvalidOperationException("loading: " + inner.Message, inner));
        Assert.AreEqual("loading: example.com/c@v1.0.0: gone", BuildFails(reqs).Message);
    }

    [TestMethod]
    public void BuildList_CauseWithFileLocation_KeepsLocation()
    {
        var reqs = new MemoryRequirements()
            .Add("example.com/main", "example.com/c@v1.0.0")
            .Fail("example.com/c@v1.0.0", new ModuleException("MOD2001", "unknown directive: frob", "module.mod", 3, 1));
        Assert.AreEqual("example.com/c@v1.0.0: module.mod:3:1: unknown directive: frob", BuildFails(reqs).Message);
    }

    [TestMethod]
    public void ModuleVersionException_WithoutVersion_SaysModule()
    {
        var e = new ModuleVersionException(new ModuleId("example.com/x", ""), new IOException("bad"));
        Assert.AreEqual("module example.com/x: bad", e.Message);
        Assert.AreEqual(DiagnosticCodes.ModuleVersionFailed, e.Code);
        Assert.AreEqual("bad", e.Reason);
    }

    [TestMethod]
    public void BuildList_FailureInsideCycle_ChainIsFinite()
    {
        var reqs = new MemoryRequirements()
            .Add("example.com/main", "example.com/a@v1.0.0")
            .Add("example.com/a@v1.0.0", "example.com/b@v1.0.0")
            .Add("example.com/b@v1.0.0", "example.com/a@v1.0.0", "example.com/c@v1.0.0")
            .Fail("example.com/c@v1.0.0", new IOException("boom"));
        Assert.AreEqual("example.com/a@v1.0.0 requires\n\texample.com/b@v1.0.0 requires\n\texample.com/c@v1.0.0: boom", BuildFails(reqs).Message);
    }

    [TestMethod]
    public void UpgradeAll_FailureAfterUpgrade_SaysUpdatingTo()
    {
        var g = new ScenarioGraph();
        g.Define("A", "B1");
        g.Define("B1", "");
        g.Define("B2", "");
        var reqs = new FailingScenario(g, ScenarioGraph.M("B2"));
        var e = Assert.ThrowsExactly<BuildListException>(() => MinimalVersionSelection.UpgradeAll(ScenarioGraph.M("A"), reqs));
        Assert.AreEqual("B@1 updating to\n\tB@2: no module file", e.Message);
        Assert.AreEqual("updating to", e.Chain[1].NextReason);
    }

    [TestMethod]
    public void UpgradeAll_NoVersionAvailable_ReportsUpgradeError()
    {
        var g = new ScenarioGraph();
        g.Define("A", "B1");
        var reqs = new FailingScenario(g, default, noUpgradeFor: "B");
        var e = Assert.ThrowsExactly<BuildListException>(() => MinimalVersionSelection.UpgradeAll(ScenarioGraph.M("A"), reqs));
        Assert.AreEqual("B@1: no versions of B", e.Message);
    }

    [TestMethod]
    public void Downgrade_PreviousFails_PropagatesUnchanged()
    {
        var g = new ScenarioGraph();
        g.Define("A", "B2");
        g.Define("B2", "C2");
        g.Define("B1", "C1");
        var reqs = new FailingScenario(g, default, previousFails: true);
        var e = Assert.ThrowsExactly<IOException>(() => MinimalVersionSelection.Downgrade(ScenarioGraph.M("A"), reqs, ScenarioGraph.M("C1")));
        Assert.AreEqual("network down", e.Message);
    }

    [TestMethod]
    public void Upgrade_TargetRequirementsFail_PropagatesUnchanged()
    {
        var reqs = new MemoryRequirements().Fail("example.com/main", new IOException("no module.mod"));
        Assert.ThrowsExactly<IOException>(() => MinimalVersionSelection.Upgrade(Main, reqs, Id("example.com/a@v1.0.0")));
    }

    [TestMethod]
    public void BuildList_VersionAboveTarget_IsMod5002()
    {
        // A target with a real version, and a dependency requiring a newer version of it.
        var reqs = new MemoryRequirements()
            .Add("example.com/a@v1.0.0", "example.com/b@v1.0.0")
            .Add("example.com/b@v1.0.0", "example.com/a@v1.1.0");
        var e = Assert.ThrowsExactly<ModuleException>(() => MinimalVersionSelection.BuildList([Id("example.com/a@v1.0.0")], reqs));
        Assert.AreEqual(DiagnosticCodes.TargetNotSelected, e.Code);
        StringAssert.Contains(e.Message, "chose versions [example.com/a@v1.1.0] instead of targets [example.com/a@v1.0.0]");
    }

    [TestMethod]
    public void BuildList_NoTargets_IsArgumentError()
    {
        Assert.ThrowsExactly<ArgumentException>(() => MinimalVersionSelection.BuildList([], new MemoryRequirements()));
        Assert.ThrowsExactly<ArgumentNullException>(() => MinimalVersionSelection.BuildList([Main], null!));
        Assert.ThrowsExactly<ArgumentException>(() => MinimalVersionSelection.BuildList([default], new MemoryRequirements()));
    }

    [TestMethod]
    public void BuildList_RequirementWithoutPath_IsArgumentError()
    {
        var reqs = new BrokenRequirements([default]);
        Assert.ThrowsExactly<ArgumentException>(() => MinimalVersionSelection.BuildList([Main], reqs));
    }

    [TestMethod]
    public void BuildList_MaxThrows_PropagatesUnchanged()
    {
        var reqs = new BrokenRequirements([Id("example.com/a@v1.0.0"), Id("example.com/a@v1.1.0")], maxThrows: true);
        Assert.ThrowsExactly<NotSupportedException>(() => MinimalVersionSelection.BuildList([Main], reqs));
    }

    private sealed class BrokenRequirements(ModuleId[] mainReqs, bool maxThrows = false) : IRequirements
    {
        public IReadOnlyList<ModuleId> Required(ModuleId module) => module == Main ? mainReqs : [];

        public string Max(string v1, string v2) =>
            maxThrows && v1 != "none" && v2 != "none" ? throw new NotSupportedException("no order") : ModuleVersionOrder.Max(v1, v2);
    }

    private sealed class FailingScenario(ScenarioGraph g, ModuleId fails, string? noUpgradeFor = null, bool previousFails = false)
        : IUpgradeRequirements, IDowngradeRequirements
    {
        public IReadOnlyList<ModuleId> Required(ModuleId module) =>
            module == fails ? throw new IOException("no module file") : g.Required(module);

        public string Max(string v1, string v2) => g.Max(v1, v2);

        public ModuleId Upgrade(ModuleId module) =>
            module.Path == noUpgradeFor ? throw new IOException($"no versions of {module.Path}") : g.Upgrade(module);

        public ModuleId Previous(ModuleId module) => previousFails ? throw new IOException("network down") : g.Previous(module);
    }
}
