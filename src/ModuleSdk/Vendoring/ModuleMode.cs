namespace ModuleSdk.Vendoring;

/// <summary>
/// Where a build takes its modules from (the go command's <c>-mod</c> flag, the SDK's
/// <c>ModuleMode</c> property).
/// </summary>
public enum ModuleMode
{
    /// <summary>Resolve with MVS and build from the module cache, adding missing <c>module.sum</c> lines.</summary>
    Mod,

    /// <summary>As <see cref="Mod"/>, but <c>module.sum</c> may not change (Go's <c>-mod=readonly</c>; ModuleSdk's locked mode).</summary>
    Readonly,

    /// <summary>Build from <c>vendor/</c>: <c>vendor/modules.txt</c> is the build list; no proxy, no cache.</summary>
    Vendor,
}
