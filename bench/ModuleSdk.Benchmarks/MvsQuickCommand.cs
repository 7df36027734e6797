using System.Diagnostics;
using ModuleSdk.Mvs;

namespace ModuleSdk.Benchmarks;

/// <summary>
/// <c>mvs [runs=30] [BuildList|BuildGraphAsync|BuildGraphAsync+BuildList|Helpers|Fresh]</c>: the MvsBenchmarks graph
/// (10,000 paths, 100,000 edges, seed 42) timed with a stopwatch, for quick A/B runs on a shared machine where a
/// BenchmarkDotNet run takes minutes. The filter keeps the rows whose names start with it.
/// Prints, after 30 warm-up runs each, the median, minimum and maximum wall time, the median CPU
/// time, the bytes allocated, the collections and the collector's pauses per run of BuildList,
/// BuildGraphAsync (the graph only) and BuildGraphAsync followed by the graph's BuildList; and how many
/// synchronous loads started helper threads (Helpers). A row timed first in a process runs while tiered
/// compilation finishes: time each row in its own process for A/B comparisons.
/// </summary>
internal static class MvsQuickCommand
{
    public static int Run(string[] args)
    {
        int runs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 30;
        string only = args.Length > 1 ? args[1] : "";
        bool Wanted(string name) => only.Length == 0 || name.StartsWith(only, StringComparison.Ordinal);
        var (graph, main) = MvsBenchmarks.MemoryGraph.Generate(seed: 42, paths: 10_000, edges: 100_000);
        if (Wanted("BuildList")) Time("BuildList", runs, () => MinimalVersionSelection.BuildList([main], graph).Count);
        if (Wanted("BuildGraphAsync"))
            Time("BuildGraphAsync", runs, () => MinimalVersionSelection.BuildGraphAsync([main], graph).GetAwaiter().GetResult().Count);
        // The graph alone (above) against the graph and its build list: what BuildList adds to the load.
        if (Wanted("BuildGraphAsync+BuildList"))
            Time("BuildGraphAsync, then its BuildList", runs,
                () => MinimalVersionSelection.BuildGraphAsync([main], graph).GetAwaiter().GetResult().BuildList().Count);
        if (Wanted("Helpers"))
        {
            int runsWithHelpers = 0, helpers = 0;
            for (int i = 0; i < runs; i++)
            {
                var loader = new GraphLoader([main], graph, upgrade: null);
                loader.Load();
                if (loader.HelpersStarted > 0) runsWithHelpers++;
                helpers += loader.HelpersStarted;
            }
            Console.WriteLine($"Helpers: {runsWithHelpers} of {runs} synchronous loads started helper threads ({helpers} in all)");
        }
        if (Wanted("Fresh"))
        {
            var (fresh, freshMain) = MvsBenchmarks.MemoryGraph.Generate(seed: 42, paths: 10_000, edges: 100_000, pooled: false);
            Time("BuildList, a fresh string per edge (no pool)", runs, () => MinimalVersionSelection.BuildList([freshMain], fresh).Count);
        }
        return 0;
    }

    // Enough runs for tiered compilation to finish with the code every row shares (ModuleGraph):
    // with 5, the first row measured was still being recompiled and read 3-5 ms slower than the rest.
    private const int Warmup = 30;

    private static void Time(string name, int runs, Func<int> run)
    {
        for (int i = 0; i < Warmup; i++) run();
        var ms = new double[runs];
        var cpu = new double[runs];
        int count = 0;
        var self = Process.GetCurrentProcess();
        long bytes0 = GC.GetTotalAllocatedBytes(precise: true);
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var paused0 = GC.GetTotalPauseDuration();
        for (int i = 0; i < runs; i++)
        {
            self.Refresh();
            var c0 = self.TotalProcessorTime;
            long t0 = Stopwatch.GetTimestamp();
            count = run();
            ms[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            self.Refresh();
            cpu[i] = (self.TotalProcessorTime - c0).TotalMilliseconds;
        }
        // Allocations and collections per run do not depend on the machine's load.
        double mb = (GC.GetTotalAllocatedBytes(precise: true) - bytes0) / (double)runs / (1024 * 1024);
        string gcs = $"{(GC.CollectionCount(0) - gen0) / (double)runs:F1}/{(GC.CollectionCount(1) - gen1) / (double)runs:F1}/" +
            $"{(GC.CollectionCount(2) - gen2) / (double)runs:F1}";
        double pausedMs = (GC.GetTotalPauseDuration() - paused0).TotalMilliseconds / runs;
        Array.Sort(ms);
        Array.Sort(cpu);
        // CPU time (the whole process's) is what a loaded machine disturbs least: wall time includes waiting for a core.
        Console.WriteLine($"{name}: wall median {ms[runs / 2]:F1} ms, min {ms[0]:F1}, max {ms[^1]:F1}; " +
            $"CPU median {cpu[runs / 2]:F1} ms, min {cpu[0]:F1}; {mb:F1} MB allocated and gen0/1/2 collections {gcs}, GC pauses {pausedMs:F1} ms per run " +
            $"({runs} runs; {count} results)");
    }
}
