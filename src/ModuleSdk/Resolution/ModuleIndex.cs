using ModuleSdk.ModFile;
using ModuleSdk.Modules;

namespace ModuleSdk.Resolution;

/// <summary>
/// The main module's <c>replace</c> and <c>exclude</c> directives, indexed for lookups (Go's
/// <c>modFileIndex</c>). Only the main module's replacements and exclusions count.
/// </summary>
public sealed class ModuleIndex
{
    private readonly Dictionary<ModuleId, ModuleId> _replace = [];
    private readonly HashSet<ModuleId> _exclude = [];
    private readonly Dictionary<string, bool> _require = new(StringComparer.Ordinal);

    /// <summary>Indexes <paramref name="file"/>.</summary>
    public ModuleIndex(ModuleFile file)
    {
        // Later lines win, as in Go's index.
        foreach (var r in file.Replace) _replace[r.Old] = r.New;
        foreach (var e in file.Exclude) _exclude.Add(e.Mod);
        foreach (var r in file.Require) _require[r.Mod.Path] = r.Indirect;
    }

    /// <summary>Reports whether the main module has any replacement.</summary>
    public bool HasReplacements => _replace.Count > 0;

    /// <summary>
    /// The replacement of <paramref name="module"/>: a version-specific replacement first, then
    /// a whole-module one; null when not replaced. A directory replacement has version <c>""</c>.
    /// </summary>
    public ModuleId? Replacement(ModuleId module)
    {
        if (_replace.TryGetValue(module, out var r)) return r;
        if (_replace.TryGetValue(new ModuleId(module.Path, ""), out r)) return r;
        return null;
    }

    /// <summary>What is actually read for <paramref name="module"/>: its replacement, or itself.</summary>
    public ModuleId Resolve(ModuleId module) => Replacement(module) ?? module;

    /// <summary>Reports whether the main module excludes this version.</summary>
    public bool IsExcluded(ModuleId module) => _exclude.Contains(module);

    /// <summary>Reports whether <paramref name="path"/> is required directly by the main module and marked <c>// indirect</c>.</summary>
    public bool IsIndirect(string path) => _require.TryGetValue(path, out var indirect) && indirect;

    /// <summary>Reports whether <paramref name="path"/> is listed in the main module's requirements.</summary>
    public bool IsRequired(string path) => _require.ContainsKey(path);

    /// <summary>Every module path that has a replacement of any version.</summary>
    public IEnumerable<ModuleId> ReplacedModules => _replace.Keys;
}
