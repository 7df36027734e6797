using ModuleSdk.Modules;
using ModuleSdk.Mvs;

namespace ModuleSdk.Resolution;

/// <summary>
/// The module requirement graph as the main module sees it (Go's <c>mvsReqs</c>): a module's
/// requirements are read from the module file of its replacement, if any, and requirements on
/// versions the main module excludes are dropped. Thread-safe; each module file is read once.
/// </summary>
public sealed class ModuleRequirements : IAsyncRequirements, IUpgradeRequirements, IDowngradeRequirements
{
    private readonly ModuleLoader _loader;

    internal ModuleRequirements(ModuleLoader loader) => _loader = loader;

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ModuleId>> RequiredAsync(ModuleId module, CancellationToken cancellationToken)
    {
        var main = _loader.Main;
        if (module == main.Id) return _loader.PrepareChecksums(_loader.MainRequirements);
        if (module.Version == ModuleVersionOrder.None) return [];
        var summary = await _loader.SummaryAsync(module, cancellationToken).ConfigureAwait(false);
        var index = _loader.Index;
        List<ModuleId>? kept = null;
        for (int i = 0; i < summary.Requires.Count; i++)
        {
            if (index.IsExcluded(summary.Requires[i]))
            {
                kept ??= summary.Requires.Take(i).ToList();
                continue;
            }
            kept?.Add(summary.Requires[i]);
        }
        return _loader.PrepareChecksums(kept ?? summary.Requires);
    }

    /// <summary>The newest allowed version at or above the module's (the <c>@upgrade</c> query).</summary>
    public ModuleId Upgrade(ModuleId module)
    {
        var info = _loader.Query.QueryAsync(module.Path, ModuleQuery.Upgrade, module.Version, CancellationToken.None).GetAwaiter().GetResult();
        return new ModuleId(module.Path, info.Version);
    }

    /// <summary>The allowed version just below the module's, or <c>none</c>.</summary>
    public ModuleId Previous(ModuleId module)
    {
        var versions = _loader.Query.AllowedVersionsAsync(module.Path, CancellationToken.None).GetAwaiter().GetResult();
        string previous = ModuleVersionOrder.None;
        foreach (var v in versions)
        {
            if (Semver.Compare(v, module.Version) >= 0) break;
            previous = v;
        }
        return new ModuleId(module.Path, previous);
    }
}
