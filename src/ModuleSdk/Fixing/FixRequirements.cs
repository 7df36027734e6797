using ModuleSdk.Modules;
using ModuleSdk.Resolution;

namespace ModuleSdk.Fixing;

/// <summary>
/// After a fix: every module the rewritten code uses is required directly at the version MVS
/// selects now, so the next build compiles against it without a second step and the build list
/// does not move. The module the code no longer uses is left to <c>dotnet mod tidy</c>, which
/// drops it once nothing uses it (it may still be used elsewhere, or by sites left unfixed).
/// </summary>
public static class FixRequirements
{
    /// <summary>Adds the requirements to the loader's main module in memory; returns them. The caller saves module.mod.</summary>
    public static async Task<IReadOnlyList<ModuleId>> RequireUsedAsync(
        ModuleLoader loader, IEnumerable<string> usedModules, CancellationToken cancellationToken = default)
    {
        var graph = await loader.LoadGraphAsync(cancellationToken).ConfigureAwait(false);
        var selected = graph.BuildList().Where(m => m != loader.Main.Id).ToDictionary(m => m.Path, StringComparer.Ordinal);
        var direct = loader.Main.File.Require.Where(r => !r.Indirect).Select(r => r.Mod.Path).ToHashSet(StringComparer.Ordinal);
        var added = new List<ModuleId>();
        foreach (var path in usedModules.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (path == loader.Main.Path || direct.Contains(path) || !selected.TryGetValue(path, out var module)) continue;
            loader.Main.File.AddRequire(path, module.Version);
            loader.Main.File.SetIndirect(path, false);
            added.Add(module);
        }
        return added;
    }
}
