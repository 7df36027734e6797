using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

public static partial class MinimalVersionSelection
{
    /// <summary>
    /// Returns a build list for <paramref name="target"/> in which every module is upgraded to the
    /// version <see cref="IUpgradeRequirements.Upgrade"/> names (its latest), and the requirements
    /// of those versions followed too. Go's <c>mvs.UpgradeAll</c>.
    /// </summary>
    /// <exception cref="BuildListException">
    /// A module's requirements could not be loaded, or no upgrade was found for it (MOD5001; upgrade
    /// steps in the chain read <c>updating to</c>).
    /// </exception>
    public static IReadOnlyList<ModuleId> UpgradeAll(ModuleId target, IUpgradeRequirements reqs)
    {
        ArgumentNullException.ThrowIfNull(reqs);
        return BuildListWithUpgrades(target, reqs, m => m.Path == target.Path ? target : reqs.Upgrade(m));
    }

    /// <summary>
    /// Returns a build list for <paramref name="target"/> in which the modules in
    /// <paramref name="upgrades"/> are raised to the versions given (the highest, for a path given
    /// twice), and everything those versions require is followed too; other modules move only as
    /// far as that forces them. Go's <c>mvs.Upgrade</c>.
    /// </summary>
    /// <exception cref="BuildListException">A module's requirements could not be loaded (MOD5001).</exception>
    public static IReadOnlyList<ModuleId> Upgrade(ModuleId target, IRequirements reqs, params IReadOnlyList<ModuleId> upgrades)
    {
        ArgumentNullException.ThrowIfNull(reqs);
        ArgumentNullException.ThrowIfNull(upgrades);

        // Exceptions here are the target's own and propagate unchanged, as Go returns the error.
        var required = reqs.Required(target);
        var pathInList = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in required) pathInList.Add(m.Path);
        var list = new List<ModuleId>(required);

        var upgradeTo = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var u in upgrades)
        {
            // A path not yet required enters the graph at "none", so that the upgrade step reaches it.
            if (!pathInList.Contains(u.Path)) list.Add(new ModuleId(u.Path, ModuleVersionOrder.None));
            upgradeTo[u.Path] = upgradeTo.TryGetValue(u.Path, out var prev) ? reqs.Max(prev, u.Version) : u.Version;
        }

        return BuildListWithUpgrades(target, new OverrideRequirements(target, list, reqs),
            m => upgradeTo.TryGetValue(m.Path, out var v) ? new ModuleId(m.Path, v) : m);
    }
}
