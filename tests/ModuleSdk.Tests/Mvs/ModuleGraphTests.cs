using ModuleSdk.Modules;
using ModuleSdk.Mvs;
using static ModuleSdk.Tests.Mvs.ScenarioGraph;

namespace ModuleSdk.Tests.Mvs;

[TestClass]
public class ModuleGraphTests
{
    private static ModuleGraph Blog()
    {
        var g = new ScenarioGraph();
        g.Define("A", "B1 C2");
        g.Define("B1", "D3");
        g.Define("C1", "D2");
        g.Define("C2", "D4");
        g.Define("D3", "E2");
        g.Define("D4", "E2 F1");
        return MinimalVersionSelection.BuildGraph([M("A")], g);
    }

    private static string[] EdgeLines(ModuleGraph graph) => graph.Edges().Select(e => $"{e.From} {e.To}").ToArray();

    [TestMethod]
    public void Edges_AllReachedVersions_BreadthFirstInRequirementOrder()
    {
        // D@3 lost the selection to D@4, but its edge is printed, as go mod graph does.
        CollectionAssert.AreEqual(
            new[] { "A B@1", "A C@2", "B@1 D@3", "C@2 D@4", "D@3 E@2", "D@4 E@2", "D@4 F@1" },
            EdgeLines(Blog()));
    }

    [TestMethod]
    public void Edges_NoneVersions_AreTargetsButNeverSources()
    {
        var g = new ScenarioGraph();
        g.Define("M", "Anone B1 D1 E1");
        g.Define("B1", "Cnone D1");
        g.Define("E1", "Fnone");
        var graph = MinimalVersionSelection.BuildGraph([M("M")], g);
        CollectionAssert.AreEqual(
            new[] { "M A@none", "M B@1", "M D@1", "M E@1", "B@1 C@none", "B@1 D@1", "E@1 F@none" },
            EdgeLines(graph));
        var walked = new List<ModuleId>();
        graph.WalkBreadthFirst(walked.Add);
        CollectionAssert.AreEqual(Ms("M B1 D1 E1"), walked);
        Assert.AreEqual("none", graph.Selected("A"));
    }

    [TestMethod]
    public void Queries_AnswerForReachedAndUnreachedVersions()
    {
        var graph = Blog();
        Assert.AreEqual("4", graph.Selected("D"));
        Assert.AreEqual("none", graph.Selected("Z"));
        CollectionAssert.AreEqual(Ms("E2"), graph.RequiredBy(M("D3"))!.ToArray());
        Assert.IsNull(graph.RequiredBy(M("D2")));          // C1 (which requires D2) was never reached
        Assert.IsTrue(graph.Contains(M("D3")));
        Assert.IsFalse(graph.Contains(M("C1")));
        Assert.AreEqual(7, graph.Count);
        CollectionAssert.AreEqual(Ms("A B1 C2 D4 E2 F1"), graph.BuildList().ToArray());
        CollectionAssert.AreEqual(Ms("A"), graph.Roots.ToArray());
    }

    [TestMethod]
    public void FindPath_ShortestFirstInOrder_ForWhy()
    {
        var graph = Blog();
        CollectionAssert.AreEqual(Ms("A B1 D3 E2"), graph.FindPath(m => m.Path == "E")!.ToArray());
        CollectionAssert.AreEqual(Ms("A C2 D4 F1"), graph.FindPath(m => m.Path == "F")!.ToArray());
        CollectionAssert.AreEqual(Ms("A"), graph.FindPath(m => m.Path == "A")!.ToArray());
        Assert.IsNull(graph.FindPath(m => m.Path == "Z"));
    }

    [TestMethod]
    [DataRow("A -> B1; B1 -> C1; C1 -> B1", "A B1 C1", DisplayName = "cycle among dependencies")]
    [DataRow("A -> B1; B1 -> B1", "A B1", DisplayName = "self requirement")]
    [DataRow("A -> B1; B1 -> A", "A B1", DisplayName = "cycle through the main module")]
    [DataRow("A -> B1; B1 -> A1; A1 -> C1", "A B1 C1", DisplayName = "older version of the main module carries its requirements")]
    [DataRow("A -> B1; B1 -> C2; C2 -> B2; B2 -> C1", "A B2 C2", DisplayName = "cycle that raises both sides")]
    [DataRow("A -> B1 C1; B1 -> C1; C1 -> B1 D1; D1 -> A", "A B1 C1 D1", DisplayName = "nested cycles")]
    public void BuildList_Cycles_Terminate(string graphText, string want)
    {
        var g = new ScenarioGraph();
        foreach (var rule in graphText.Split(';'))
        {
            var parts = rule.Split("->");
            g.Define(parts[0].Trim(), parts[1]);
        }
        CollectionAssert.AreEqual(Ms(want), MinimalVersionSelection.BuildList([M("A")], g).ToArray());
        Assert.IsNotEmpty(MinimalVersionSelection.Req(M("A"), [], g).ToArray());
    }

    [TestMethod]
    public void DeepChain_NoRecursionLimits()
    {
        // 20,000 modules in one chain: the walks are iterative.
        var reqs = new MemoryRequirements();
        const int n = 20_000;
        reqs.Add("example.com/main", "example.com/m0@v1.0.0");
        for (int i = 0; i < n - 1; i++) reqs.Add($"example.com/m{i}@v1.0.0", $"example.com/m{i + 1}@v1.0.0");
        var main = new ModuleId("example.com/main", "");
        var graph = MinimalVersionSelection.BuildGraph([main], reqs);
        Assert.HasCount(n + 1, graph.BuildList());
        Assert.HasCount(n, graph.Edges().ToArray());
        Assert.HasCount(n + 1, graph.FindPath(m => m.Path == $"example.com/m{n - 1}")!);
        CollectionAssert.AreEqual(new[] { new ModuleId("example.com/m0", "v1.0.0") }, MinimalVersionSelection.Req(main, [], reqs).ToArray());
        CollectionAssert.AreEqual(new[] { new ModuleId("example.com/m0", "v1.0.0") },
            MinimalVersionSelection.Req(main, graph.BuildList(), [], reqs).ToArray());
    }
}
