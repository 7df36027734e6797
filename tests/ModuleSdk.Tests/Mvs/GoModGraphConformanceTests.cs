using ModuleSdk.Modules;
using ModuleSdk.Mvs;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Mvs;

/// <summary>
/// The graph's edges and build list against Go 1.19's <c>go mod graph</c> and <c>go list -m all</c>
/// on the same modules, served from a file:// proxy (unpruned: <c>go 1.16</c> main module).
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public class GoModGraphConformanceTests
{
    // Module versions and their requirements, in module-file order (deliberately unsorted in places).
    private static readonly (string Module, string[] Requires)[] Modules =
    [
        ("example.com/a@v1.0.0", ["example.com/c@v1.1.0", "example.com/d@v1.0.0"]),
        ("example.com/b@v1.0.0", ["example.com/d@v1.2.0", "example.com/c@v1.0.0"]),
        ("example.com/c@v1.0.0", ["example.com/e@v1.0.0"]),
        ("example.com/c@v1.1.0", []),
        ("example.com/d@v1.0.0", ["example.com/c@v1.0.0"]),
        ("example.com/d@v1.2.0", ["example.com/e@v1.1.0", "example.com/a@v1.0.0"]),
        ("example.com/e@v1.0.0", []),
        ("example.com/e@v1.1.0", []),
    ];

    // The main module's requirements; the go command orders them by path.
    private static readonly string[] MainRequires = ["example.com/a@v1.0.0", "example.com/b@v1.0.0"];

    [TestMethod]
    public void Edges_MatchGoModGraph()
    {
        GoTool.RequireGo();
        using var tmp = new TempDir("mvs-graph");
        string proxy = tmp.Combine("proxy"), work = tmp.Combine("work"), gopath = tmp.Combine("gopath");
        Directory.CreateDirectory(work);
        foreach (var group in Modules.GroupBy(m => MemoryRequirements.Id(m.Module).Path))
        {
            string dir = Path.Combine(proxy, group.Key, "@v");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "list"), string.Join("\n", group.Select(m => MemoryRequirements.Id(m.Module).Version)) + "\n");
            foreach (var (module, requires) in group)
            {
                var id = MemoryRequirements.Id(module);
                File.WriteAllText(Path.Combine(dir, id.Version + ".mod"), ModFile(id.Path, requires, goLine: false));
                File.WriteAllText(Path.Combine(dir, id.Version + ".info"), $"{{\"Version\":\"{id.Version}\",\"Time\":\"2020-01-01T00:00:00Z\"}}");
            }
        }
        File.WriteAllText(Path.Combine(work, "go.mod"), ModFile("example.com/main", MainRequires, goLine: true));

        var graphRun = GoTool.Run(work, gopath, "file://" + proxy, "mod", "graph");
        Assert.AreEqual(0, graphRun.ExitCode, graphRun.Stderr);
        var listRun = GoTool.Run(work, gopath, "file://" + proxy, "list", "-m", "all");
        Assert.AreEqual(0, listRun.ExitCode, listRun.Stderr);

        var reqs = new MemoryRequirements();
        reqs.Add("example.com/main", MainRequires);
        foreach (var (module, requires) in Modules) reqs.Add(module, requires);
        var graph = MinimalVersionSelection.BuildGraph([new ModuleId("example.com/main", "")], reqs);

        CollectionAssert.AreEqual(
            graphRun.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            graph.Edges().Select(e => $"{e.From} {e.To}").ToArray());
        CollectionAssert.AreEqual(
            listRun.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            graph.BuildList().Select(m => m.Version.Length == 0 ? m.Path : $"{m.Path} {m.Version}").ToArray());
    }

    private static string ModFile(string path, string[] requires, bool goLine)
    {
        var lines = new List<string> { $"module {path}", "" };
        if (goLine) lines.AddRange(["go 1.16", ""]);
        foreach (var r in requires)
        {
            var id = MemoryRequirements.Id(r);
            lines.Add($"require {id.Path} {id.Version}");
        }
        return string.Join("\n", lines) + "\n";
    }
}
