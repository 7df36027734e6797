using BenchmarkDotNet.Attributes;
using ModuleSdk.Modules;
using ModuleSdk.Mvs;

namespace ModuleSdk.Benchmarks;

/// <summary>
/// Minimal Version Selection over an in-memory graph the size of a large monorepo's: 10,000
/// module paths with 1 to 5 versions each and 100,000 requirement edges, generated from a fixed
/// seed. Target: BuildList well under 50 ms.
/// </summary>
[MemoryDiagnoser]
public class MvsBenchmarks
{
    private MemoryGraph _graph = null!;
    private CustomOrderGraph _customOrder = null!;
    private ModuleId _main;

    [GlobalSetup]
    public void Setup()
    {
        (_graph, _main) = MemoryGraph.Generate(seed: 42, paths: 10_000, edges: 100_000);
        _customOrder = new CustomOrderGraph(_graph);
        (_fresh, _freshMain) = MemoryGraph.Generate(seed: 42, paths: 10_000, edges: 100_000, pooled: false);
    }

    private MemoryGraph _fresh = null!;
    private ModuleId _freshMain;

    /// <summary>The same graph with a fresh string per requirement edge, as the loader parsed before it pooled them.</summary>
    [Benchmark]
    public int BuildList_FreshStrings() => MinimalVersionSelection.BuildList([_freshMain], _fresh).Count;

    /// <summary>The build list with the default (semver) order: versions parsed once per node.</summary>
    [Benchmark(Baseline = true)]
    public int BuildList() => MinimalVersionSelection.BuildList([_main], _graph).Count;

    /// <summary>The same with an order of the caller's own: one Max call per comparison, as in Go.</summary>
    [Benchmark]
    public int BuildList_CustomMax() => MinimalVersionSelection.BuildList([_main], _customOrder).Count;

    /// <summary>The graph plus every edge in <c>go mod graph</c> order.</summary>
    [Benchmark]
    public int BuildGraph_Edges()
    {
        int n = 0;
        foreach (var _ in MinimalVersionSelection.BuildGraph([_main], _graph).Edges()) n++;
        return n;
    }

    /// <summary>The graph loaded through the asynchronous path (all loads complete synchronously).</summary>
    [Benchmark]
    public int BuildGraphAsync() => MinimalVersionSelection.BuildGraphAsync([_main], _graph).GetAwaiter().GetResult().Count;

    /// <summary>The minimal requirement list of the main module.</summary>
    [Benchmark]
    public int Req() => MinimalVersionSelection.Req(_main, [], _graph).Count;

    /// <summary>
    /// A generated requirement graph. Every requirement is parsed through a <see cref="ModuleIdPool"/>,
    /// as the loader parses module files (the pool's cost is paid at generation, as the loader pays it
    /// while parsing); with <c>pooled: false</c> every requirement is a fresh ModuleId with fresh strings.
    /// </summary>
    public sealed class MemoryGraph : IAsyncRequirements
    {
        private readonly Dictionary<ModuleId, ModuleId[]> _reqs = new();

        public int ModuleVersions => _reqs.Count;

        public static (MemoryGraph Graph, ModuleId Main) Generate(int seed, int paths, int edges, bool pooled = true)
        {
            // The loader parses each module file's requirements through a ModuleIdPool; pooled: false
            // keeps a fresh string per edge, as the loader produced before the pool.
            var pool = new ModuleIdPool();
            ModuleId Parsed(ModuleId m) => pooled ? pool.Intern(m) : m;
            var rnd = new Random(seed);
            var g = new MemoryGraph();
            var versions = new string[paths][];
            for (int p = 0; p < paths; p++)
            {
                versions[p] = new string[rnd.Next(1, 6)];
                for (int v = 0; v < versions[p].Length; v++)
                    versions[p][v] = $"v{rnd.Next(0, 3)}.{rnd.Next(0, 20)}.{rnd.Next(0, 10)}";
            }
            var all = new List<ModuleId>();
            for (int p = 0; p < paths; p++)
                foreach (var v in versions[p].Distinct())
                    all.Add(Parsed(new ModuleId(PathOf(p), v)));

            var main = new ModuleId("example.com/main", "");
            const int mainEdges = 100;
            var lists = new List<ModuleId>[all.Count];
            for (int i = 0; i < lists.Length; i++) lists[i] = new List<ModuleId>();
            for (int e = 0; e < edges - mainEdges; e++)
            {
                int p = rnd.Next(paths);
                var dep = new ModuleId(PathOf(p), new string(versions[p][rnd.Next(versions[p].Length)].AsSpan()));
                lists[rnd.Next(all.Count)].Add(Parsed(dep));
            }
            for (int i = 0; i < all.Count; i++) g._reqs[all[i]] = lists[i].ToArray();
            var mainReqs = new List<ModuleId>();
            for (int e = 0; e < mainEdges; e++)
            {
                int p = rnd.Next(paths);
                mainReqs.Add(Parsed(new ModuleId(PathOf(p), versions[p][0])));
            }
            g._reqs[main] = mainReqs.ToArray();
            return (g, main);
        }

        private static string PathOf(int p) => "example.com/org" + (p % 97) + "/module" + p;

        public IReadOnlyList<ModuleId> Required(ModuleId module) =>
            _reqs.TryGetValue(module, out var list) ? list : throw new InvalidOperationException($"missing module: {module}");

        public ValueTask<IReadOnlyList<ModuleId>> RequiredAsync(ModuleId module, CancellationToken cancellationToken) =>
            new(Required(module));
    }

    /// <summary>The same graph with Max implemented by the caller (semver, re-parsed per call).</summary>
    public sealed class CustomOrderGraph(MemoryGraph inner) : IRequirements
    {
        public IReadOnlyList<ModuleId> Required(ModuleId module) => inner.Required(module);

        public string Max(string v1, string v2) => ModuleVersionOrder.Max(v1, v2);
    }
}
