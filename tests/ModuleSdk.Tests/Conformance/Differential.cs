using System.Security.Cryptography;
using System.Text;
using ModuleSdk.Modules;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Conformance;

/// <summary>The outcome of one differential run.</summary>
/// <param name="Failure">Null when both tools agree; else the full report (seed, diffs, kept directory).</param>
/// <param name="Summary">One line: what was compared.</param>
public sealed record DifferentialResult(string? Failure, string Summary);

/// <summary>
/// Writes a universe, runs the go command and <c>dotnet mod</c> on it, and compares: list output
/// byte for byte, graph output line for line in the same order (Go's order is deterministic: a
/// breadth-first walk from the main module, its requirements sorted, each dependency's in file
/// order), and download: same modules in the same order, same <c>Sum</c>, same errors-or-not,
/// and our <c>ModSum</c> equal to Hash1 of the served module.mod under the name "module.mod".
/// On a mismatch the universe directory is kept with REPRO.txt and both tools' outputs.
/// </summary>
public static class Differential
{
    /// <summary>Runs one universe; <paramref name="name"/> labels the temp directory and the report.</summary>
    /// <param name="u">The universe.</param>
    /// <param name="name">Labels the directory and the report.</param>
    /// <param name="tidyMainWithGo">
    /// First let the go command rewrite the main module (<c>go list -m all</c> with -mod=mod raises
    /// each requirement to its selected version and adds the indirect ones that keep the build
    /// list), then give both tools that file. It isolates the rest of the comparison from that
    /// rewrite, which <c>go mod graph</c> also applies before printing.
    /// </param>
    public static async Task<DifferentialResult> RunAsync(Universe u, string name, bool tidyMainWithGo = false)
    {
        var dir = new WorkDirectory("conf-" + name);
        // MODSDK_CONFORMANCE_KEEP=1 keeps every universe (to read or time by hand), not only failing ones.
        bool keep = Environment.GetEnvironmentVariable("MODSDK_CONFORMANCE_KEEP") == "1";
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var layout = UniverseWriter.Write(u, dir.Path);
            if (tidyMainWithGo) TidyMainWithGo(layout);
            var writeTime = clock.Elapsed;
            var go = ToolRuns.RunGo(layout);
            var goTime = clock.Elapsed - writeTime;
            string header = $"conformance universe '{name}' (seed {u.Seed}, {u.Modules.Count} modules)";
            var goProblems = CheckGoSide(layout, go, u.Main.Path);
            string summary = $"{header}: go list -m all gave {Lines(go.List.Stdout).Count} modules, go mod graph {Lines(go.Graph.Stdout).Count} edges, " +
                $"go mod download {go.Downloads.Count} modules ({go.Downloads.Count(d => d.Error is not null)} with errors); " +
                $"write {writeTime.TotalSeconds:0.0}s, go {goTime.TotalSeconds:0.0}s";
            if (goProblems.Count > 0)
            {
                keep = true;
                Save(layout, go, null);
                return new DifferentialResult(
                    $"{header}: the go command refuses the generated universe (a generator bug, or a Go restriction to document)\n" +
                    string.Join("\n", goProblems) + $"\nuniverse kept at {layout.Root}\n" + ToolRuns.ReproScript(layout), summary);
            }

            var mod = await ToolRuns.RunModAsync(layout);
            if (keep) Save(layout, go, mod);

            var problems = Compare(layout, go, mod);
            if (problems.Count == 0) return new DifferentialResult(null, summary);
            keep = true;
            Save(layout, go, mod);
            return new DifferentialResult(
                $"{header}: dotnet mod disagrees with Go 1.19 ({problems.Count} difference(s))\n" +
                $"universe kept at {layout.Root} (REPRO.txt, go-*.txt, mod-*.txt)\n\n" +
                string.Join("\n\n", problems) + "\n\nreproduce:\n" + ToolRuns.ReproScript(layout), summary);
        }
        finally
        {
            if (!keep) dir.Dispose();
        }
    }

    /// <summary>Replaces both main module files by the go command's rewrite of go.mod (module.mod = the same without the go line).</summary>
    public static void TidyMainWithGo(UniverseLayout layout)
    {
        string scratch = layout.GoPath + "-tidy";
        var r = GoTool.Run(layout.GoMain, scratch, "file://" + layout.GoProxy, "list", "-m", "all");
        if (r.ExitCode != 0) throw new InvalidOperationException("go list -m all failed while tidying the main module:\n" + r.Stderr);
        TempDir.Delete(scratch);
        string goMod = File.ReadAllText(Path.Combine(layout.GoMain, "go.mod"));
        File.Delete(Path.Combine(layout.GoMain, "go.sum"));
        File.WriteAllText(Path.Combine(layout.ModMain, "module.mod"), goMod.Replace("\ngo 1.16\n", "", StringComparison.Ordinal), new UTF8Encoding(false));
    }

    /// <summary>What must hold of the go command's own runs for the universe to be a fair test.</summary>
    public static List<string> CheckGoSide(UniverseLayout layout, ToolRun go, string mainPath)
    {
        var problems = new List<string>();
        foreach (var run in new[] { go.List, go.Graph })
            if (run.ExitCode != 0) problems.Add($"{run.Command} failed (exit {run.ExitCode}):\n{Head(run.Stderr, 20)}");
        var list = Lines(go.List.Stdout);
        if (go.List.ExitCode == 0 && (list.Count == 0 || list[0] != mainPath))
            problems.Add($"go list -m all did not start with the main module {mainPath}");
        bool anyError = go.Downloads.Any(d => d.Error is not null);
        if ((go.Download.ExitCode != 0) != anyError)
            problems.Add($"go mod download exit {go.Download.ExitCode} but {(anyError ? "some" : "no")} module errors:\n{Head(go.Download.Stderr, 20)}");
        foreach (var d in go.Downloads.Where(d => d.Error is null))
        {
            if (d.Sum is null || !d.Sum.StartsWith("h1:", StringComparison.Ordinal)) problems.Add($"go gave no h1: Sum for {d.Key}");
            // Checks this harness's Hash1 and proxy layout, so that the ModSum check below means something.
            string expected = Hash1(ModFileBytes(layout.GoProxy, d.Path, d.Version), "go.mod");
            if (d.ModSum != expected) problems.Add($"go's GoModSum for {d.Key} is {d.ModSum}, this harness computes {expected}");
        }
        return problems;
    }

    /// <summary>Every disagreement between the two tools' runs, each a short titled report.</summary>
    public static List<string> Compare(UniverseLayout layout, ToolRun go, ToolRun mod)
    {
        var problems = new List<string>();
        CompareText(problems, go.List, mod.List);
        CompareText(problems, go.Graph, mod.Graph);

        var d = go.Download;
        var m = mod.Download;
        if ((d.ExitCode == 0) != (m.ExitCode == 0))
            problems.Add($"download -json all: go exit {d.ExitCode}, dotnet mod exit {m.ExitCode}\n{StderrOf(mod.Download)}");
        var goKeys = go.Downloads.Select(x => x.Key).ToList();
        var modKeys = mod.Downloads.Select(x => x.Key).ToList();
        if (!goKeys.SequenceEqual(modKeys))
            problems.Add("download -json all: modules (Path@Version, in output order) differ\n" + LineDiff(goKeys, modKeys) + StderrOf(mod.Download));

        var ours = mod.Downloads.GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.First());
        var sums = new List<string>();
        foreach (var g in go.Downloads)
        {
            if (!ours.TryGetValue(g.Key, out var o)) continue;
            if ((g.Error is null) != (o.Error is null))
                sums.Add($"{g.Key}: go error {Quote(g.Error)}, dotnet mod error {Quote(o.Error)}");
            if (g.Error is null && o.Error is null && g.Sum != o.Sum)
                sums.Add($"{g.Key}: Sum go {g.Sum}, dotnet mod {o.Sum}");
            if (o.Error is null)
            {
                string expected = Hash1(ModFileBytes(layout.ModProxy, o.Path, o.Version), "module.mod");
                if (o.ModSum != expected) sums.Add($"{g.Key}: ModSum {Quote(o.ModSum)}, expected Hash1 of module.mod {expected}");
            }
        }
        if (sums.Count > 0)
            problems.Add($"download -json all: {sums.Count} per-module difference(s)\n  "
                + string.Join("\n  ", sums.Take(20)) + (sums.Count > 20 ? "\n  ..." : ""));
        return problems;
    }

    private static void CompareText(List<string> problems, CommandRun go, CommandRun mod)
    {
        string what = go.Command.Replace("go mod ", "", StringComparison.Ordinal).Replace("go ", "", StringComparison.Ordinal);
        if ((go.ExitCode == 0) != (mod.ExitCode == 0))
            problems.Add($"{what}: go exit {go.ExitCode}, dotnet mod exit {mod.ExitCode}\n{StderrOf(mod)}");
        if (go.Stdout != mod.Stdout)
            problems.Add($"{what}: output differs\n" + LineDiff(Lines(go.Stdout), Lines(mod.Stdout)) +
                (go.Stdout.Length > 0 && !go.Stdout.EndsWith('\n') || mod.Stdout.Length > 0 && !mod.Stdout.EndsWith('\n') ? "(final newline differs)\n" : "") +
                StderrOf(mod));
    }

    /// <summary>
    /// A unified-ish diff: the first differing line with context, then the lines only one side
    /// has (or a note that the difference is order only).
    /// </summary>
    public static string LineDiff(IReadOnlyList<string> go, IReadOnlyList<string> mod)
    {
        var sb = new StringBuilder();
        int i = 0;
        while (i < go.Count && i < mod.Count && go[i] == mod[i]) i++;
        sb.Append($"@@ first difference at line {i + 1} (go: {go.Count} lines, dotnet mod: {mod.Count} lines) @@\n");
        for (int k = Math.Max(0, i - 3); k < i; k++) sb.Append("  ").Append(go[k]).Append('\n');
        for (int k = i; k < Math.Min(go.Count, i + 6); k++) sb.Append("- ").Append(go[k]).Append('\n');
        for (int k = i; k < Math.Min(mod.Count, i + 6); k++) sb.Append("+ ").Append(mod[k]).Append('\n');
        var onlyGo = go.Except(mod).ToList();
        var onlyMod = mod.Except(go).ToList();
        if (onlyGo.Count == 0 && onlyMod.Count == 0)
            sb.Append(go.Count == mod.Count ? "(same lines, different order)\n" : "(same distinct lines, different duplicates)\n");
        if (onlyGo.Count > 0) sb.Append($"only in go ({onlyGo.Count}):\n").Append(string.Concat(onlyGo.Take(12).Select(l => "- " + l + "\n")));
        if (onlyMod.Count > 0) sb.Append($"only in dotnet mod ({onlyMod.Count}):\n").Append(string.Concat(onlyMod.Take(12).Select(l => "+ " + l + "\n")));
        return sb.ToString();
    }

    /// <summary>Go's dirhash Hash1 of a single file, computed here independently of the product.</summary>
    public static string Hash1(byte[] content, string name)
    {
        string line = Convert.ToHexStringLower(SHA256.HashData(content)) + "  " + name + "\n";
        return "h1:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(line)));
    }

    private static byte[] ModFileBytes(string proxy, string path, string version) =>
        File.ReadAllBytes(Path.Combine(proxy, PathEscaping.EscapePath(path), "@v", PathEscaping.EscapeVersion(version) + ".mod"));

    private static void Save(UniverseLayout layout, ToolRun go, ToolRun? mod)
    {
        File.WriteAllText(Path.Combine(layout.Root, "REPRO.txt"), ToolRuns.ReproScript(layout));
        foreach (var (prefix, run) in new[] { ("go", go), ("mod", mod) })
        {
            if (run is null) continue; // the go side failed: the CLI did not run
            foreach (var (n, c) in new[] { ("list", run.List), ("graph", run.Graph), ("download", run.Download) })
            {
                File.WriteAllText(Path.Combine(layout.Root, $"{prefix}-{n}.txt"), c.Stdout);
                File.WriteAllText(Path.Combine(layout.Root, $"{prefix}-{n}.stderr.txt"), $"exit {c.ExitCode}\n{c.Stderr}");
            }
        }
    }

    private static string StderrOf(CommandRun run) =>
        string.IsNullOrWhiteSpace(run.Stderr) ? "" : $"{run.Command} stderr:\n{Head(run.Stderr, 8)}\n";

    private static string Quote(string? s) => s is null ? "none" : "\"" + (s.Length > 200 ? s[..200] + "..." : s) + "\"";

    private static string Head(string text, int lines) => string.Join("\n", Lines(text).Take(lines));

    /// <summary>Splits output into lines (a final newline does not make an empty last line).</summary>
    public static List<string> Lines(string text)
    {
        var lines = text.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }
}
