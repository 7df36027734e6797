using ModuleSdk.Modules;
using ModuleSdk.Mvs;

namespace ModuleSdk.Tests.Mvs;

/// <summary>
/// An in-memory requirement graph in the notation of <see cref="MvsScenarios"/>, with the order
/// and the Upgrade/Previous answers Go's mvs_test.go uses: versions compare as strings, "none"
/// lowest, "" highest; <c>.hidden</c> versions are never offered.
/// </summary>
internal sealed class ScenarioGraph : IUpgradeRequirements, IDowngradeRequirements
{
    private readonly Dictionary<ModuleId, IReadOnlyList<ModuleId>> _reqs;

    public ScenarioGraph() => _reqs = new();

    private ScenarioGraph(Dictionary<ModuleId, IReadOnlyList<ModuleId>> reqs) => _reqs = reqs;

    /// <summary><c>B1</c> is path B at version 1; <c>A</c> is path A at version "".</summary>
    public static ModuleId M(string s) => new(s[..1], s[1..]);

    public static ModuleId[] Ms(string list) =>
        list.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(M).ToArray();

    /// <summary>Adds <c>X -&gt; deps</c>; a dependency not yet described gets no requirements.</summary>
    public void Define(string module, string deps)
    {
        var rs = Ms(deps);
        foreach (var r in rs) _reqs.TryAdd(r, []);
        _reqs[M(module)] = rs;
    }

    /// <summary>A copy in which <paramref name="module"/> requires <paramref name="list"/> instead.</summary>
    public ScenarioGraph With(ModuleId module, IReadOnlyList<ModuleId> list) =>
        new(new Dictionary<ModuleId, IReadOnlyList<ModuleId>>(_reqs) { [module] = list });

    public IReadOnlyList<ModuleId> Required(ModuleId module) =>
        _reqs.TryGetValue(module, out var list) ? list : throw new InvalidOperationException($"missing module: {module}");

    public string Max(string v1, string v2)
    {
        if (v1 == "none" || v2 == "") return v2;
        if (v2 == "none" || v1 == "") return v1;
        return string.CompareOrdinal(v1, v2) < 0 ? v2 : v1;
    }

    public ModuleId Upgrade(ModuleId module)
    {
        var u = new ModuleId("", "none");
        foreach (var k in _reqs.Keys)
            if (k.Path == module.Path && Max(u.Version, k.Version) == k.Version && !k.Version.EndsWith(".hidden", StringComparison.Ordinal))
                u = k;
        return u.Path.Length == 0 ? throw new InvalidOperationException($"missing module: {module.Path}") : u;
    }

    public ModuleId Previous(ModuleId module)
    {
        var p = new ModuleId("", "");
        foreach (var k in _reqs.Keys)
            if (k.Path == module.Path && string.CompareOrdinal(p.Version, k.Version) < 0
                && string.CompareOrdinal(k.Version, module.Version) < 0 && !k.Version.EndsWith(".hidden", StringComparison.Ordinal))
                p = k;
        return p.Path.Length == 0 ? new ModuleId(module.Path, "none") : p;
    }
}
