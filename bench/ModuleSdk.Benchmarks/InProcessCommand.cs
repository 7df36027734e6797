using System.Diagnostics;
using ModuleSdk.Cli;

namespace ModuleSdk.Benchmarks;

/// <summary>
/// Runs one <c>dotnet mod</c> command line several times inside this process, in the current
/// directory and environment, and prints each run's time: the first run pays what a fresh
/// process pays (JIT, type loading, first file reads), the later ones show the steady state, so
/// the difference tells how much of a whole-process time is start-up.
/// </summary>
public static class InProcessCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[0], out int runs))
        {
            Console.Error.WriteLine("usage: ModuleSdk.Benchmarks inproc <runs> <dotnet-mod arguments...>");
            return 2;
        }
        var times = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            var context = CliContext.FromProcess() with { Out = TextWriter.Null, Error = Console.Error };
            var clock = Stopwatch.StartNew();
            int code = await CliApp.RunAsync(context, args[1..]);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (code != 0) Console.Error.WriteLine($"run {i + 1}: exit {code}");
        }
        Console.WriteLine($"first {times[0]:0.0} ms; then min {times.Skip(1).DefaultIfEmpty(0).Min():0.0} ms, median {Median(times.Skip(1).ToList()):0.0} ms");
        return 0;
    }

    private static double Median(List<double> xs)
    {
        if (xs.Count == 0) return 0;
        xs.Sort();
        return xs[xs.Count / 2];
    }
}
