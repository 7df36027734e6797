using ModuleSdk.Diagnostics;

namespace ModuleSdk.Vendoring;

/// <summary>
/// Parses <c>ModuleMode</c> and picks its default as the go command picks <c>-mod</c>'s: vendor
/// when the main module has been vendored, the module cache otherwise.
/// </summary>
public static class ModuleModes
{
    /// <summary>
    /// The mode in force for the main module in <paramref name="mainDirectory"/>: the value of
    /// <paramref name="value"/> (<c>mod</c>, <c>readonly</c>, <c>vendor</c>, any case), or, when
    /// it is empty, <see cref="ModuleMode.Vendor"/> if <c>vendor/modules.txt</c> exists and
    /// <see cref="ModuleMode.Mod"/> if not. Go defaults to vendor mode when a <c>vendor</c>
    /// directory exists (go 1.14 and later); ModuleSdk asks for <c>modules.txt</c>, because .NET
    /// repositories keep other things in folders called vendor. Throws MOD9050 for other values.
    /// </summary>
    public static ModuleMode Resolve(string? value, string mainDirectory)
    {
        string v = value?.Trim() ?? "";
        if (v.Length == 0)
            return File.Exists(VendorManifest.PathIn(mainDirectory)) ? ModuleMode.Vendor : ModuleMode.Mod;
        return v.ToLowerInvariant() switch
        {
            "mod" => ModuleMode.Mod,
            "readonly" => ModuleMode.Readonly,
            "vendor" => ModuleMode.Vendor,
            _ => throw new ModuleException(DiagnosticCodes.InvalidModuleMode,
                $"invalid ModuleMode \"{v}\": must be mod, readonly or vendor (or empty: vendor when vendor/modules.txt exists)"),
        };
    }

    /// <summary>The property value of <paramref name="mode"/> (<c>mod</c>, <c>readonly</c>, <c>vendor</c>).</summary>
    public static string Name(ModuleMode mode) => mode switch
    {
        ModuleMode.Readonly => "readonly",
        ModuleMode.Vendor => "vendor",
        _ => "mod",
    };

    /// <summary>
    /// What of the mode enters restore's stamp (<c>Building.RestoreStamp</c>): nothing in mod
    /// mode; the mode's name otherwise and, in vendor mode, <c>vendor/modules.txt</c>, which is
    /// the build list there, so re-vendoring restores again.
    /// </summary>
    public static string StampKey(ModuleMode mode, string mainDirectory)
    {
        if (mode == ModuleMode.Mod) return "";
        string manifest = VendorManifest.PathIn(mainDirectory);
        return Name(mode) + "\0" + (mode == ModuleMode.Vendor && File.Exists(manifest) ? File.ReadAllText(manifest) : "");
    }
}
