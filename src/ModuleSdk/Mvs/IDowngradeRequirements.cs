using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

/// <summary>A requirement graph that also knows earlier versions: Go's <c>mvs.DowngradeReqs</c>.</summary>
public interface IDowngradeRequirements : IRequirements
{
    /// <summary>
    /// Returns the version of the path immediately before <paramref name="module"/>'s version, or
    /// the path at <c>"none"</c> when there is none. It may skip versions that are not meant to be
    /// chosen (pseudo-versions, retracted ones); <see cref="MinimalVersionSelection.Downgrade"/>
    /// copes with that.
    /// </summary>
    ModuleId Previous(ModuleId module);
}
