using ModuleSdk.Modules;
using ModuleSdk.Mvs;

namespace ModuleSdk.Tests.Mvs;

/// <summary>Parallel and asynchronous loading give the same graph as sequential loading.</summary>
[TestClass]
public class GraphLoadingTests
{
    private static readonly ModuleId Main = new("example.com/main", "");

    /// <summary>A seeded random graph: <paramref name="paths"/> modules, a few versions each.</summary>
    private static MemoryRequirements RandomGraph(int seed, int paths, int edges, bool fancyVersions = false)
    {
        var rnd = new Random(seed);
        string Version()
        {
            string v = $"v{rnd.Next(0, 3)}.{rnd.Next(0, 4)}.{rnd.Next(0, 3)}";
            if (!fancyVersions) return v;
            return rnd.Next(6) switch
            {
                0 => v + "-pre." + rnd.Next(3),
                1 => v + "-RC",
                2 => v + "-0.20200101000000-abcdefabcdef",
                3 => $"v{rnd.Next(2)}.{rnd.Next(2)}.12345678901234567890{rnd.Next(3)}",
                4 => v + "+incompatible",
                _ => v,
            };
        }
        var versions = Enumerable.Range(0, paths).Select(_ => Enumerable.Range(0, rnd.Next(1, 4)).Select(_ => Version()).Distinct().ToArray()).ToArray();
        var all = Enumerable.Range(0, paths).SelectMany(p => versions[p].Select(v => $"example.com/m{p}@{v}")).ToArray();
        var deps = all.ToDictionary(m => m, _ => new List<string>());
        for (int e = 0; e < edges; e++)
        {
            int p = rnd.Next(paths);
            deps[all[rnd.Next(all.Length)]].Add($"example.com/m{p}@{versions[p][rnd.Next(versions[p].Length)]}");
        }
        var reqs = new MemoryRequirements();
        foreach (var (m, d) in deps) reqs.Add(m, d.ToArray());
        reqs.Add("example.com/main", Enumerable.Range(0, 5).Select(i => $"example.com/m{i}@{versions[i][0]}").ToArray());
        return reqs;
    }

    private static string[] Lines(ModuleGraph g) => g.Edges().Select(e => $"{e.From} {e.To}").ToArray();

    [TestMethod]
    public void SlowLoads_RunInParallel_SameGraph()
    {
        var fast = MinimalVersionSelection.BuildGraph([Main], RandomGraph(7, 60, 200));
        var slow = RandomGraph(7, 60, 200);
        slow.Delay = TimeSpan.FromMilliseconds(3);
        var loader = new GraphLoader([Main], slow, upgrade: null);
        var graph = loader.Load();
        Assert.IsGreaterThan(0, loader.HelpersStarted);
        Assert.IsGreaterThan(1, slow.MaxInFlight);
        Assert.IsLessThanOrEqualTo(GraphLoader.DefaultParallelism, slow.MaxInFlight);
        CollectionAssert.AreEqual(fast.BuildList().ToArray(), graph.BuildList().ToArray());
        CollectionAssert.AreEqual(Lines(fast), Lines(graph));
        // Each module version other than "none" is loaded exactly once.
        Assert.AreEqual(graph.Count - CountNone(graph), slow.Calls);
    }

    private static int CountNone(ModuleGraph g) => g.Edges().Select(e => e.To).Distinct().Count(m => m.Version == "none");

    [TestMethod]
    public void FastLoads_StayOnCallingThread()
    {
        var reqs = RandomGraph(11, 300, 1500);
        // Warm up the code paths so that JIT time does not look like a slow load.
        MinimalVersionSelection.BuildGraph([Main], reqs);
        reqs.CallsByThread.Clear();
        int calls = reqs.Calls;
        new GraphLoader([Main], reqs, upgrade: null).Load();
        // A call preempted on a busy machine may bring helpers in briefly; they leave once loads are fast again.
        int mine = reqs.CallsByThread.GetValueOrDefault(Environment.CurrentManagedThreadId);
        Assert.IsGreaterThan((reqs.Calls - calls) / 2, mine);
    }

    [TestMethod]
    public void ForcedParallel_ErrorChainIsDeterministic()
    {
        var messages = new HashSet<string>();
        for (int i = 0; i < 5; i++)
        {
            var reqs = RandomGraph(3, 80, 300);
            reqs.Fail("example.com/m1@" + MinimalVersionSelection.BuildGraph([Main], RandomGraph(3, 80, 300)).Selected("example.com/m1"),
                new IOException("boom"));
            var loader = new GraphLoader([Main], reqs, upgrade: null, maxParallelism: 8, startParallel: true);
            messages.Add(Assert.ThrowsExactly<BuildListException>(() => loader.Load()).Message);
        }
        Assert.HasCount(1, messages);
    }

    [TestMethod]
    public async Task BuildGraphAsync_SameGraph_BoundedConcurrency()
    {
        var sync = MinimalVersionSelection.BuildGraph([Main], RandomGraph(5, 80, 300));
        var reqs = RandomGraph(5, 80, 300);
        reqs.Delay = TimeSpan.FromMilliseconds(1);
        var graph = await MinimalVersionSelection.BuildGraphAsync([Main], reqs);
        CollectionAssert.AreEqual(sync.BuildList().ToArray(), graph.BuildList().ToArray());
        CollectionAssert.AreEqual(Lines(sync), Lines(graph));
        Assert.IsLessThanOrEqualTo(GraphLoader.DefaultParallelism, reqs.MaxInFlight);
    }

    [TestMethod]
    public async Task BuildGraphAsync_Failure_HasChain()
    {
        var reqs = new MemoryRequirements()
            .Add("example.com/main", "example.com/a@v1.0.0")
            .Add("example.com/a@v1.0.0", "example.com/b@v1.0.0")
            .Fail("example.com/b@v1.0.0", new IOException("boom"));
        var e = await Assert.ThrowsExactlyAsync<BuildListException>(() => MinimalVersionSelection.BuildGraphAsync([Main], reqs));
        Assert.AreEqual("example.com/a@v1.0.0 requires\n\texample.com/b@v1.0.0: boom", e.Message);
    }

    [TestMethod]
    public async Task BuildGraphAsync_Cancelled_Throws()
    {
        var reqs = RandomGraph(5, 80, 300);
        reqs.Delay = TimeSpan.FromMilliseconds(50);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        await Assert.ThrowsAsync<OperationCanceledException>(() => MinimalVersionSelection.BuildGraphAsync([Main], reqs, cts.Token));
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void DefaultOrder_MatchesSameOrderThroughMax(int seed)
    {
        // The default order compares pre-parsed versions; an order supplied through Max must agree.
        var reqs = RandomGraph(seed, 200, 900, fancyVersions: true);
        var viaMax = new ExplicitMax(reqs);
        var a = MinimalVersionSelection.BuildGraph([Main], reqs);
        var b = MinimalVersionSelection.BuildGraph([Main], viaMax);
        CollectionAssert.AreEqual(b.BuildList().ToArray(), a.BuildList().ToArray());
        CollectionAssert.AreEqual(Lines(b), Lines(a));
        CollectionAssert.AreEqual(MinimalVersionSelection.Req(Main, [], viaMax).ToArray(), MinimalVersionSelection.Req(Main, [], reqs).ToArray());
    }

    private sealed class ExplicitMax(IRequirements inner) : IRequirements
    {
        public IReadOnlyList<ModuleId> Required(ModuleId module) => inner.Required(module);

        public string Max(string v1, string v2) => ModuleVersionOrder.Compare(v1, v2) < 0 ? v2 : v1;
    }
}
