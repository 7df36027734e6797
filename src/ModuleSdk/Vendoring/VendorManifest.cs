using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Vendoring;

/// <summary>
/// <c>vendor/modules.txt</c>, in the go command's format (Go 1.14-1.16 flavour, which is what
/// classic MVS main modules get):
/// <code>
/// # example.com/lib v1.2.0
/// ## explicit
/// example.com/lib
/// # example.com/other v1.0.0 => ../other
/// example.com/other
/// # example.com/unused => example.com/fork v1.0.0
/// </code>
/// A <c># path version [=> new [version]]</c> line opens a module entry; <c>##</c> lines hold
/// annotations separated by <c>;</c> (<c>explicit</c>, <c>go 1.xx</c>; others are reserved and
/// ignored); other lines are packages of the module above. Entries are sorted by path and
/// version; replacements of the main module that apply to no vendored module follow at the end
/// (a reader without the full build list could not otherwise tell they had no effect). Parsing
/// is as lenient as Go's: lines it does not understand are skipped, and consistency with
/// <c>module.mod</c> (<see cref="VendorConsistency"/>) is what catches a damaged file.
/// </summary>
public sealed class VendorManifest
{
    /// <summary>The vendor directory's name at the main module's root.</summary>
    public const string DirectoryName = "vendor";

    /// <summary>The manifest's file name inside the vendor directory.</summary>
    public const string FileName = "modules.txt";

    private readonly Dictionary<ModuleId, VendorModule> _merged = [];

    /// <summary>Creates a manifest from entries in file order (a module may appear more than once, as Go writes it).</summary>
    public VendorManifest(IEnumerable<VendorModule> entries)
    {
        Entries = entries.ToList();
        foreach (var e in Entries)
        {
            // Go takes the union of what several lines of one module say.
            _merged[e.Module] = _merged.TryGetValue(e.Module, out var m)
                ? m with
                {
                    Replacement = e.Replacement ?? m.Replacement,
                    Explicit = m.Explicit || e.Explicit,
                    GoVersion = e.GoVersion.Length > 0 ? e.GoVersion : m.GoVersion,
                    Packages = [.. m.Packages, .. e.Packages],
                }
                : e;
        }
        var selected = new Dictionary<string, ModuleId>(StringComparer.Ordinal);
        foreach (var e in Entries)
        {
            if (!e.InBuildList || e.Module.Version.Length == 0) continue;
            if (!selected.TryGetValue(e.Module.Path, out var v) || Semver.Compare(v.Version, e.Module.Version) < 0)
                selected[e.Module.Path] = e.Module;
        }
        BuildList = selected.Values.Order().ToList();
        Replaced = Entries.Where(e => e.Replacement is not null).Select(e => e.Module).Distinct().ToList();
    }

    /// <summary>The entries in file order.</summary>
    public IReadOnlyList<VendorModule> Entries { get; }

    /// <summary>
    /// The vendored build list (Go's <c>vendorList</c>): the modules that provide packages, the
    /// highest version of each path, sorted by path.
    /// </summary>
    public IReadOnlyList<ModuleId> BuildList { get; }

    /// <summary>The modules whose lines record a replacement, in file order (Go's <c>vendorReplaced</c>).</summary>
    public IReadOnlyList<ModuleId> Replaced { get; }

    /// <summary>What the file says about <paramref name="module"/>, merged over its lines; null when it has no line.</summary>
    public VendorModule? Find(ModuleId module) => _merged.GetValueOrDefault(module);

    /// <summary>The path of <c>vendor/modules.txt</c> of the main module in <paramref name="mainDirectory"/>.</summary>
    public static string PathIn(string mainDirectory) => Path.Combine(mainDirectory, DirectoryName, FileName);

    /// <summary>Reads <paramref name="file"/>; null when it does not exist.</summary>
    public static VendorManifest? Read(string file)
    {
        try
        {
            return File.Exists(file) ? Parse(File.ReadAllText(file)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.VendorManifestMissing, $"reading {file}: {e.Message}", file, inner: e);
        }
    }

    /// <summary>Parses the text of <c>modules.txt</c> with Go's leniency (see the type's remarks).</summary>
    public static VendorManifest Parse(string text)
    {
        var entries = new List<Builder>();
        Builder? current = null;
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                var f = Fields(line);
                // As Go: a module line too short to read is skipped without closing the entry above.
                if (f.Length < 3) continue;
                ModuleId mod;
                int rest;
                if (Semver.IsValid(f[2])) { mod = new ModuleId(f[1], f[2]); rest = 3; }
                else if (f[2] == "=>") { mod = new ModuleId(f[1], ""); rest = 2; }
                else { current = null; continue; }
                current = new Builder(mod, i + 1);
                entries.Add(current);
                int n = f.Length - rest;
                if (n >= 2 && f[rest] == "=>")
                {
                    if (n == 2) current.Replacement = new ModuleId(f[rest + 1], "");
                    else if (n == 3 && Semver.IsValid(f[rest + 2])) current.Replacement = new ModuleId(f[rest + 1], f[rest + 2]);
                }
                continue;
            }
            if (current is null) continue;
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                foreach (var raw in line[3..].Split(';'))
                {
                    string entry = raw.Trim();
                    if (entry == "explicit") current.Explicit = true;
                    else if (entry.StartsWith("go ", StringComparison.Ordinal)) current.GoVersion = entry[3..];
                }
                continue;
            }
            var p = Fields(line);
            if (p.Length == 1 && IsImportPath(p[0])) current.Packages.Add(p[0]);
        }
        return new VendorManifest(entries.Select(b => b.Build()));
    }

    /// <summary>The file's text, as the go command writes it.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        foreach (var e in Entries)
        {
            sb.Append(ModuleLine(e.Module, e.Replacement)).Append('\n');
            if (e.Explicit && e.GoVersion.Length > 0) sb.Append("## explicit; go ").Append(e.GoVersion).Append('\n');
            else if (e.Explicit) sb.Append("## explicit\n");
            else if (e.GoVersion.Length > 0) sb.Append("## go ").Append(e.GoVersion).Append('\n');
            foreach (var p in e.Packages) sb.Append(p).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A module line: <c># path [version] [=> new [version]]</c>.</summary>
    public static string ModuleLine(ModuleId module, ModuleId? replacement)
    {
        var sb = new StringBuilder("# ").Append(module.Path);
        if (module.Version.Length > 0) sb.Append(' ').Append(module.Version);
        if (replacement is { } r)
        {
            sb.Append(" => ").Append(r.Path);
            if (r.Version.Length > 0) sb.Append(' ').Append(r.Version);
        }
        return sb.ToString();
    }

    private static string[] Fields(string line) => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static bool IsImportPath(string s)
    {
        try
        {
            ModulePath.CheckImportPath(s);
            return true;
        }
        catch (ModuleException)
        {
            return false;
        }
    }

    private sealed class Builder(ModuleId module, int line)
    {
        public ModuleId? Replacement;
        public bool Explicit;
        public string GoVersion = "";
        public readonly List<string> Packages = [];

        public VendorModule Build() => new(module, Replacement, Explicit, GoVersion, Packages, line);
    }
}
