using ModuleSdk.Modules;
using ModuleSdk.Mvs;
using static ModuleSdk.Tests.Mvs.ScenarioGraph;

namespace ModuleSdk.Tests.Mvs;

/// <summary>The 39 scenarios of Go's mvs_test.go (see <see cref="MvsScenarios"/>), every check of each.</summary>
[TestClass]
public class MvsScenarioTests
{
    private sealed record Check(string Line, string Op, string[] Args, ModuleId[] Want);

    private sealed record Scenario(string Name, ScenarioGraph Graph, List<Check> Checks);

    private static readonly Lazy<Dictionary<string, Scenario>> All = new(() => Parse(MvsScenarios.Text));

    public static IEnumerable<object[]> ScenarioNames => All.Value.Keys.Select(n => new object[] { n });

    [TestMethod]
    public void Scenarios_AreAllThere()
    {
        Assert.HasCount(39, All.Value);
        foreach (var s in All.Value.Values) Assert.IsNotEmpty(s.Checks, s.Name);
    }

    [TestMethod]
    [DynamicData(nameof(ScenarioNames))]
    public void Scenario_MatchesGo(string name)
    {
        var s = All.Value[name];
        var failures = new List<string>();
        foreach (var c in s.Checks)
        {
            foreach (var (how, got) in Run(s.Graph, c))
            {
                if (!got.SequenceEqual(c.Want))
                    failures.Add($"{c.Line}{how}: got {string.Join(" ", got)}, want {string.Join(" ", c.Want)}");
            }
        }
        if (failures.Count > 0) Assert.Fail(string.Join("\n", failures));
    }

    private static IEnumerable<(string How, IReadOnlyList<ModuleId> Got)> Run(ScenarioGraph g, Check c)
    {
        var target = M(c.Args[0]);
        var rest = c.Args.Skip(1).ToArray();
        switch (c.Op)
        {
            case "build":
                yield return ("", MinimalVersionSelection.BuildList([target], g));
                // The same graph loaded by parallel helpers and asynchronously must give the same list.
                yield return (" (parallel)", new GraphLoader([target], g, null, maxParallelism: 4, startParallel: true).Load().BuildList());
                yield return (" (async)", MinimalVersionSelection.BuildGraphAsync([target], new AsyncScenarioGraph(g)).GetAwaiter().GetResult().BuildList());
                break;
            case "upgrade-all":
                yield return ("", MinimalVersionSelection.UpgradeAll(target, g));
                break;
            case "upgrade":
                yield return ("", MinimalVersionSelection.Upgrade(target, g, rest.Select(M).ToArray()));
                break;
            case "upgrade-req":
                var upgraded = MinimalVersionSelection.Upgrade(target, g, rest.Select(M).ToArray());
                yield return ("", MinimalVersionSelection.Req(target, [], g.With(target, upgraded)));
                break;
            case "downgrade":
                // Like Go's test, the target itself is passed among the downgrades.
                yield return ("", MinimalVersionSelection.Downgrade(target, g, c.Args.Select(M).ToArray()));
                break;
            case "req":
                yield return ("", MinimalVersionSelection.Req(target, rest, g));
                var list = MinimalVersionSelection.BuildList([target], g);
                yield return (" (from build list)", MinimalVersionSelection.Req(target, list, rest, g));
                yield return (" (from graph)", MinimalVersionSelection.Req(target, MinimalVersionSelection.BuildGraph([target], g), rest));
                break;
            default:
                throw new InvalidOperationException($"unknown operation in: {c.Line}");
        }
    }

    private static Dictionary<string, Scenario> Parse(string text)
    {
        var result = new Dictionary<string, Scenario>();
        Scenario? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith("== ", StringComparison.Ordinal))
            {
                var name = line[3..].Split(':')[0].Trim();
                current = new Scenario(name, new ScenarioGraph(), []);
                result.Add(name, current);
                continue;
            }
            if (current is null) throw new FormatException($"line outside a scenario: {line}");
            int arrow = line.IndexOf("=>", StringComparison.Ordinal);
            if (arrow >= 0)
            {
                var words = line[..arrow].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                current.Checks.Add(new Check(line, words[0], words[1..], Ms(line[(arrow + 2)..])));
                continue;
            }
            int req = line.IndexOf("->", StringComparison.Ordinal);
            if (req < 0) throw new FormatException($"bad line: {line}");
            current.Graph.Define(line[..req].Trim(), line[(req + 2)..]);
        }
        return result;
    }

    /// <summary>The scenario graph behind the asynchronous interface, yielding before each answer.</summary>
    private sealed class AsyncScenarioGraph(ScenarioGraph g) : IAsyncRequirements
    {
        public async ValueTask<IReadOnlyList<ModuleId>> RequiredAsync(ModuleId module, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return g.Required(module);
        }

        public string Max(string v1, string v2) => g.Max(v1, v2);
    }
}
