using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Build.Definition;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Evaluation.Context;
using Microsoft.Build.Locator;

// Usage: EvalBench <rounds> <name>=<project list file> [<name>=<project list file> ...]
//
// Evaluates every project of each list, as MSBuild does at the start of a restore (global
// properties MSBuildIsRestoring=true, ExcludeRestorePackageImports=true) and of a build (none),
// each list in a ProjectCollection of its own per round (so the SDK's files are parsed once per
// list and round, as in one build) and with SDK resolutions shared within it but file system
// queries not (as a build's nodes do), the lists interleaved round by round. Round 1 is a warm-up
// (JIT). Prints, per list and mode, the median over rounds of the wall time, the process's CPU
// time and the bytes allocated for the whole list and per project, and what an evaluation holds
// (properties, items, targets, imports: counts that do not depend on the machine's load).
if (args.Length < 2 || !int.TryParse(args[0], out int rounds) || rounds < 2)
{
    Console.Error.WriteLine("usage: EvalBench <rounds (>= 2)> <name>=<project list file> ...");
    return 2;
}
MSBuildLocator.RegisterDefaults();
return Bench.Run(rounds, args.Skip(1).Select(a => a.Split('=', 2)).Select(p => (p[0], File.ReadAllLines(p[1]).Where(l => l.Length > 0).ToArray())).ToList());

static class Bench
{
    private static readonly (string Mode, Dictionary<string, string> Globals)[] Modes =
    [
        ("restore", new() { ["MSBuildIsRestoring"] = "true", ["ExcludeRestorePackageImports"] = "true" }),
        ("build", new()),
    ];

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Run(int rounds, List<(string Name, string[] Projects)> lists)
    {
        var samples = new Dictionary<(string, string), List<(double Wall, double Cpu, long Bytes)>>();
        var shape = new Dictionary<(string, string), (int Properties, int Items, int Targets, int Imports)>();
        var process = Process.GetCurrentProcess();
        for (int r = 0; r < rounds; r++)
        {
            foreach (var (name, projects) in lists)
            {
                foreach (var (mode, globals) in Modes)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    process.Refresh();
                    var cpu0 = process.TotalProcessorTime;
                    long bytes0 = GC.GetTotalAllocatedBytes(precise: true);
                    var watch = Stopwatch.StartNew();
                    int properties = 0, items = 0, targets = 0, imports = 0;
                    using (var collection = new ProjectCollection(globals))
                    {
                        // As in a build: SDK resolutions are cached for the whole build, file system queries are not.
                        var context = EvaluationContext.Create(EvaluationContext.SharingPolicy.SharedSDKCache);
                        foreach (var path in projects)
                        {
                            var project = Project.FromFile(path,
                                new ProjectOptions { GlobalProperties = globals, ProjectCollection = collection, EvaluationContext = context });
                            properties += project.AllEvaluatedProperties.Count;
                            items += project.AllEvaluatedItems.Count;
                            targets += project.Targets.Count;
                            imports += project.Imports.Count;
                        }
                    }
                    watch.Stop();
                    long bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
                    process.Refresh();
                    double cpu = (process.TotalProcessorTime - cpu0).TotalMilliseconds;
                    shape[(name, mode)] = (properties, items, targets, imports);
                    if (r == 0) continue;
                    if (!samples.TryGetValue((name, mode), out var list)) samples[(name, mode)] = list = [];
                    list.Add((watch.Elapsed.TotalMilliseconds, cpu, bytes));
                }
            }
            Console.Error.WriteLine($"round {r + 1}/{rounds} done (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        }
        Console.WriteLine($"{rounds - 1} rounds after a warm-up; medians; per project in parentheses");
        foreach (var (mode, _) in Modes)
        {
            foreach (var (name, projects) in lists)
            {
                var s = samples[(name, mode)];
                double wall = Median(s.Select(x => x.Wall)), cpu = Median(s.Select(x => x.Cpu)), bytes = Median(s.Select(x => (double)x.Bytes));
                var (p, i, t, im) = shape[(name, mode)];
                int n = projects.Length;
                Console.WriteLine($"{mode,-8} {name,-6} {n} projects: wall {wall:F0} ms ({wall / n:F2}), CPU {cpu:F0} ms ({cpu / n:F2}), " +
                                  $"allocated {bytes / 1e6:F1} MB ({bytes / n / 1e3:F0} kB); per project: {p / (double)n:F0} properties, " +
                                  $"{i / (double)n:F0} items, {t / (double)n:F0} targets, {im / (double)n:F1} imports");
            }
        }
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
