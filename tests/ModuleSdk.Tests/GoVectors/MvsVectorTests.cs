using ModuleSdk.Modules;
using ModuleSdk.Mvs;
using ModuleSdk.Tests.Mvs;
using static ModuleSdk.Tests.Mvs.ScenarioGraph;

namespace ModuleSdk.Tests.GoVectors;

/// <summary>
/// cmd/go/internal/mvs/mvs_test.go of Go 1.19.8: its scenario script, read from the vectors as it
/// is and run as Go's test runs it (same operations, same requirement graph semantics:
/// <see cref="ScenarioGraph"/> is Go's reqsMap).
/// </summary>
[TestClass]
public class MvsVectorTests
{
    private sealed record Step(string Scenario, string Line, Func<IReadOnlyList<ModuleId>> Run, ModuleId[] Want);

    private static List<Step> Parse(string script)
    {
        var steps = new List<Step>();
        string name = "";
        var reqs = new ScenarioGraph();
        foreach (var raw in script.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int colon = line.IndexOf(':');
            if (colon < 0) throw new FormatException("missing colon: " + line);
            string key = line[..colon].Trim(), val = line[(colon + 1)..].Trim();
            var kf = key.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var g = reqs; // the graph as the scenario defines it (each scenario gets a fresh one)
            var want = Ms(val);
            void Add(Func<IReadOnlyList<ModuleId>> run) => steps.Add(new Step(name, line, run, want));
            switch (kf[0])
            {
                case "name":
                    name = val;
                    reqs = new ScenarioGraph();
                    continue;
                case "build":
                    Add(() => MinimalVersionSelection.BuildList([M(kf[1])], g));
                    continue;
                case "upgrade*":
                    Add(() => MinimalVersionSelection.UpgradeAll(M(kf[1]), g));
                    continue;
                case "upgradereq":
                    Add(() =>
                    {
                        var upgraded = MinimalVersionSelection.Upgrade(M(kf[1]), g, kf[2..].Select(M).ToArray());
                        return MinimalVersionSelection.Req(M(kf[1]), [], g.With(M(kf[1]), upgraded));
                    });
                    continue;
                case "upgrade":
                    Add(() => MinimalVersionSelection.Upgrade(M(kf[1]), g, kf[2..].Select(M).ToArray()));
                    continue;
                case "downgrade":
                    // As Go's test: the target itself is among the downgrades (ms(kf[1:])).
                    Add(() => MinimalVersionSelection.Downgrade(M(kf[1]), g, kf[1..].Select(M).ToArray()));
                    continue;
                case "req":
                    Add(() => MinimalVersionSelection.Req(M(kf[1]), kf[2..], g));
                    continue;
            }
            if (kf.Length == 1 && key[0] is >= 'A' and <= 'Z')
            {
                reqs.Define(key, val);
                continue;
            }
            throw new FormatException("bad line: " + line);
        }
        return steps;
    }

    [TestMethod]
    public void Scenarios_MatchGo()
    {
        string script = GoVectorFiles.Json("go/mvs_test.json").GetProperty("tests").GetString()!;
        var steps = Parse(script);
        var f = new VectorFailures();
        foreach (var s in steps)
        {
            string got;
            try
            {
                got = string.Join(" ", s.Run());
            }
            catch (Exception ex) when (ex is InvalidOperationException or Diagnostics.ModuleException)
            {
                got = "error: " + ex.Message;
            }
            f.Equal(string.Join(" ", s.Want), got, $"{s.Scenario}: {s.Line}");
        }
        Assert.IsTrue(steps.Select(s => s.Scenario).Distinct().Count() >= 39, "the script should hold the 39 scenarios of Go 1.19");
        f.AssertNone("mvs_test.go");
    }
}
