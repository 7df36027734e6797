using System.Text;

namespace ModuleSdk.Tests.Conformance;

/// <summary>A requirement, exclusion or replacement side: a module path at one version.</summary>
public readonly record struct Req(string Path, string Version)
{
    public override string ToString() => Path + " " + Version;
}

/// <summary>
/// A replace directive of the main module. <see cref="OldVersion"/> is null for a whole-module
/// replacement; <see cref="NewVersion"/> is null when <see cref="New"/> is a directory (<c>./local/x</c>).
/// </summary>
public sealed record Replacement(string OldPath, string? OldVersion, string New, string? NewVersion)
{
    public bool IsDirectory => NewVersion is null;

    public string ToDirective() =>
        OldPath + (OldVersion is null ? "" : " " + OldVersion) + " => " + New + (NewVersion is null ? "" : " " + NewVersion);
}

/// <summary>One version of a module in the universe, as the proxy serves it.</summary>
public sealed class UniverseVersion(string version)
{
    public string Version { get; } = version;

    /// <summary>False for pseudo-versions: they are served (.info/.mod/.zip) but not in <c>@v/list</c>.</summary>
    public bool Listed { get; set; } = true;

    /// <summary>False when the proxy has no <c>.zip</c> for it, so downloading it fails.</summary>
    public bool HasZip { get; set; } = true;

    /// <summary>The module path its module file declares (differs from the module's own path for some forks).</summary>
    public string DeclaredPath { get; set; } = "";

    /// <summary>Requirements in file order (graph order depends on it).</summary>
    public List<Req> Requires { get; } = [];

    /// <summary>Retract directive arguments, such as <c>v1.0.1</c> or <c>[v1.0.0, v1.0.2]</c>.</summary>
    public List<string> Retracts { get; } = [];

    /// <summary>
    /// Main-module-only directives (exclude, replace) that a dependency's module file may carry;
    /// both tools must ignore them (lax parsing).
    /// </summary>
    public List<string> IgnoredDirectives { get; } = [];
}

/// <summary>A module path with its versions.</summary>
public sealed class UniverseModule(string path)
{
    public string Path { get; } = path;

    /// <summary>Versions in generation order (not sorted).</summary>
    public List<UniverseVersion> Versions { get; } = [];

    /// <summary>A replacement target only: nothing requires it, so its module file may declare another path.</summary>
    public bool IsFork { get; set; }
}

/// <summary>A directory replacement target written next to the main module (same relative path on both sides).</summary>
public sealed class LocalDirectory(string relativePath, string declaredPath)
{
    /// <summary>Relative to the main module directory, with forward slashes and a leading <c>./</c>.</summary>
    public string RelativePath { get; } = relativePath;

    public string DeclaredPath { get; } = declaredPath;

    public List<Req> Requires { get; } = [];
}

/// <summary>The main module: requirements, exclusions and replacements.</summary>
public sealed class MainModule(string path)
{
    public string Path { get; } = path;

    public List<Req> Requires { get; } = [];

    public List<Req> Excludes { get; } = [];

    public List<Replacement> Replaces { get; } = [];
}

/// <summary>
/// A generated module universe: the modules a proxy serves, the main module and its local
/// directory replacements. Written twice by <see cref="UniverseWriter"/>, once for the go command
/// (go.mod with <c>go 1.16</c>) and once for ModuleSdk (module.mod).
/// </summary>
public sealed class Universe(int seed, MainModule main)
{
    /// <summary>The seed that produced it (0 and a name for hand-written universes).</summary>
    public int Seed { get; } = seed;

    public MainModule Main { get; } = main;

    public List<UniverseModule> Modules { get; } = [];

    public List<LocalDirectory> LocalDirectories { get; } = [];

    public UniverseModule Module(string path) => Modules.First(m => m.Path == path);

    /// <summary>Adds a module with plain release versions and no requirements (hand-written universes).</summary>
    public UniverseModule Add(string path, params string[] versions)
    {
        var m = new UniverseModule(path);
        foreach (var v in versions) m.Versions.Add(new UniverseVersion(v) { DeclaredPath = path });
        Modules.Add(m);
        return m;
    }

    /// <summary>Adds a requirement edge <paramref name="from"/> → <paramref name="to"/> (both <c>path@version</c>).</summary>
    public void Require(string from, string to)
    {
        var (fp, fv) = Split(from);
        var (tp, tv) = Split(to);
        Module(fp).Versions.First(v => v.Version == fv).Requires.Add(new Req(tp, tv));
    }

    private static (string, string) Split(string pathAtVersion)
    {
        int at = pathAtVersion.IndexOf('@');
        return (pathAtVersion[..at], pathAtVersion[(at + 1)..]);
    }

    /// <summary>
    /// The module file text. For the go command: <c>go 1.16</c> after the module line (classic,
    /// unpruned MVS, the mode ModuleSdk implements); for ModuleSdk the same text without it.
    /// </summary>
    public static string ModFileText(string declaredPath, bool goLine, IEnumerable<Req> requires,
        IEnumerable<Req>? excludes = null, IEnumerable<Replacement>? replaces = null,
        IEnumerable<string>? retracts = null, IEnumerable<string>? extraLines = null)
    {
        var sb = new StringBuilder();
        sb.Append("module ").Append(declaredPath).Append('\n');
        if (goLine) sb.Append("\ngo 1.16\n");
        Block(sb, "require", requires.Select(r => r.ToString()));
        Block(sb, "exclude", (excludes ?? []).Select(r => r.ToString()));
        Block(sb, "replace", (replaces ?? []).Select(r => r.ToDirective()));
        Block(sb, "retract", retracts ?? []);
        foreach (var line in extraLines ?? []) sb.Append('\n').Append(line).Append('\n');
        return sb.ToString();
    }

    private static void Block(StringBuilder sb, string verb, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0) return;
        sb.Append('\n').Append(verb).Append(" (\n");
        foreach (var l in list) sb.Append('\t').Append(l).Append('\n');
        sb.Append(")\n");
    }
}
