using System.Collections.Concurrent;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Conformance;

/// <summary>
/// The differential conformance test: random module universes, the go command (Go 1.19) and
/// <c>dotnet mod</c> on the same universe, outputs compared exactly. See docs/conformance.md.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public class GoDifferentialTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>Fixed seeds for CI; sizes span small graphs (easy to read on failure) to large ones.</summary>
    [TestMethod]
    [DataRow(1, 50)]
    [DataRow(2, 120)]
    [DataRow(3, 200)]
    [DataRow(4, 300)]
    [DataRow(5, 160)]
    [DataRow(6, 250)]
    public async Task RandomUniverse_AgreesWithGo(int seed, int size)
    {
        GoTool.RequireGo();
        var result = await Differential.RunAsync(UniverseGenerator.Generate(seed, size), $"s{seed}");
        Report(result);
    }

    /// <summary>
    /// The same universes after the go command has rewritten the main module's requirements to
    /// their selected versions (see Differential.TidyMainWithGo): what remains to compare once
    /// that rewrite is out of the picture.
    /// </summary>
    [TestMethod]
    [DataRow(1, 50)]
    [DataRow(2, 120)]
    [DataRow(4, 300)]
    public async Task RandomUniverse_GoTidiedMain_AgreesWithGo(int seed, int size)
    {
        GoTool.RequireGo();
        Report(await Differential.RunAsync(UniverseGenerator.Generate(seed, size), $"t{seed}", tidyMainWithGo: true));
    }

    /// <summary>
    /// The MVS walkthrough: main requires A v1.0.0 and B v1.2.0, A requires D v1.0.6, B requires
    /// D v1.2.0; D v1.2.0 is selected although v1.3.0 and v1.4.2 exist.
    /// </summary>
    [TestMethod]
    public async Task Walkthrough_SelectsMinimalVersionLikeGo()
    {
        GoTool.RequireGo();
        var main = new MainModule(UniverseGenerator.MainPath);
        main.Requires.Add(new Req("example.com/a", "v1.0.0"));
        main.Requires.Add(new Req("example.com/b", "v1.2.0"));
        var u = new Universe(0, main);
        u.Add("example.com/a", "v1.0.0", "v1.1.0");
        u.Add("example.com/b", "v1.1.0", "v1.2.0");
        u.Add("example.com/d", "v1.0.6", "v1.1.0", "v1.2.0", "v1.3.0", "v1.4.2");
        u.Require("example.com/a@v1.0.0", "example.com/d@v1.0.6");
        u.Require("example.com/b@v1.2.0", "example.com/d@v1.2.0");
        u.Require("example.com/a@v1.1.0", "example.com/d@v1.4.2"); // not selected: must not matter

        using var dir = new WorkDirectory("conf-walk");
        var layout = UniverseWriter.Write(u, dir.Path);
        var go = ToolRuns.RunGo(layout);
        Assert.AreEqual(0, go.List.ExitCode, go.List.Stderr);
        Assert.AreEqual("example.com/main\nexample.com/a v1.0.0\nexample.com/b v1.2.0\nexample.com/d v1.2.0\n", go.List.Stdout);

        Report(await Differential.RunAsync(u, "walkthrough"));
    }

    /// <summary>
    /// Many seeds on demand: <c>MODSDK_CONFORMANCE_SEEDS=1-200</c> (ranges and commas),
    /// <c>MODSDK_CONFORMANCE_SIZE=300</c>, <c>MODSDK_CONFORMANCE_JOBS=2</c>. Without the variable it
    /// does nothing and passes, so CI stays fast.
    /// </summary>
    [TestMethod]
    public async Task ManySeeds_FromEnvironment()
    {
        string? spec = Environment.GetEnvironmentVariable("MODSDK_CONFORMANCE_SEEDS");
        if (string.IsNullOrWhiteSpace(spec))
        {
            TestContext.WriteLine("MODSDK_CONFORMANCE_SEEDS is not set: nothing to do (see docs/conformance.md)");
            return;
        }
        GoTool.RequireGo();
        var seeds = ParseSeeds(spec);
        int size = int.TryParse(Environment.GetEnvironmentVariable("MODSDK_CONFORMANCE_SIZE"), out var s) ? s : 300;
        int jobs = int.TryParse(Environment.GetEnvironmentVariable("MODSDK_CONFORMANCE_JOBS"), out var j) ? Math.Max(1, j) : 1;
        bool tidy = Environment.GetEnvironmentVariable("MODSDK_CONFORMANCE_TIDY") == "1";

        var failures = new ConcurrentDictionary<int, string>();
        await Parallel.ForEachAsync(seeds, new ParallelOptions { MaxDegreeOfParallelism = jobs }, async (seed, _) =>
        {
            var r = await Differential.RunAsync(UniverseGenerator.Generate(seed, size), $"s{seed}", tidy);
            if (r.Failure is not null) failures[seed] = r.Failure;
            TestContext.WriteLine($"seed {seed}: {(r.Failure is null ? "agree" : "MISMATCH")}");
        });

        if (!failures.IsEmpty)
            Assert.Fail($"{failures.Count} of {seeds.Count} seeds disagree (size {size}): {string.Join(",", failures.Keys.Order())}\n\n" +
                string.Join("\n\n----\n\n", failures.OrderBy(f => f.Key).Take(5).Select(f => f.Value)));
    }

    /// <summary>Parses <c>1-200</c>, <c>7</c>, <c>1,5,9-12</c>.</summary>
    public static List<int> ParseSeeds(string spec)
    {
        var seeds = new List<int>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int dash = part.IndexOf('-', 1);
            if (dash < 0) { seeds.Add(int.Parse(part)); continue; }
            int lo = int.Parse(part[..dash]), hi = int.Parse(part[(dash + 1)..]);
            for (int i = lo; i <= hi; i++) seeds.Add(i);
        }
        return seeds;
    }

    private void Report(DifferentialResult result)
    {
        TestContext.WriteLine(result.Summary);
        if (result.Failure is not null) Assert.Fail(result.Failure);
    }
}
