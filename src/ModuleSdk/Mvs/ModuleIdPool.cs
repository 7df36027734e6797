using System.Collections.Concurrent;
using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

/// <summary>
/// One string instance per distinct module path and version for one graph load: module files are
/// parsed into requirements through the pool (<see cref="Intern(ModuleId)"/>), so the thousands
/// of requirements naming the same module share its strings. Thread-safe (module files are parsed
/// on the thread pool).
/// </summary>
/// <remarks>
/// Why: MVS looks up every requirement edge (100,000 in a large graph) in the graph's path and
/// version tables. A freshly parsed string per edge made each lookup read a string nobody had
/// touched since its parse, a cache miss for its hash and another for the equality check, which
/// cost more than the rest of MVS together. Interned at parse time, while the parsed text is still
/// in the cache, an edge's strings are the few canonical instances the graph reads all the time:
/// equality is a reference comparison and the hash reads cache-resident characters
/// (docs/benchmarks.md, "MVS").
/// </remarks>
internal sealed class ModuleIdPool
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    /// <summary>The pooled instance of <paramref name="s"/> (the first one seen).</summary>
    public string Intern(string s) => _strings.GetOrAdd(s, s);

    /// <summary>The module with pooled path and version strings.</summary>
    public ModuleId Intern(ModuleId m) => new(Intern(m.Path), Intern(m.Version));

    /// <summary>A copy of <paramref name="modules"/> with pooled strings.</summary>
    public ModuleId[] Intern(IReadOnlyList<ModuleId> modules)
    {
        var result = new ModuleId[modules.Count];
        for (int i = 0; i < result.Length; i++) result[i] = Intern(modules[i]);
        return result;
    }
}
