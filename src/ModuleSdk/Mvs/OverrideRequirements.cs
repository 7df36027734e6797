using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

/// <summary>
/// A requirement graph in which the target requires a given list instead of its own
/// requirements: Go's <c>mvs.override</c>, used by Upgrade and Downgrade to try out a new list.
/// </summary>
internal sealed class OverrideRequirements(ModuleId target, IReadOnlyList<ModuleId> list, IRequirements inner) : IRequirements
{
    public IRequirements Inner => inner;

    public IReadOnlyList<ModuleId> Required(ModuleId module) => module == target ? list : inner.Required(module);

    public string Max(string v1, string v2) => inner.Max(v1, v2);
}
