using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

/// <summary>A requirement graph that also knows the available upgrades: Go's <c>mvs.UpgradeReqs</c>.</summary>
public interface IUpgradeRequirements : IRequirements
{
    /// <summary>
    /// Returns the version <paramref name="module"/> should be upgraded to by
    /// <see cref="MinimalVersionSelection.UpgradeAll"/>, or <paramref name="module"/> itself to keep it.
    /// The version is <c>"none"</c> when the path is not yet in the build. Throws when no version
    /// of the path is available.
    /// </summary>
    ModuleId Upgrade(ModuleId module);
}
