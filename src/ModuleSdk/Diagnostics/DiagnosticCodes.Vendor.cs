namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary><c>vendor/modules.txt</c> does not match <c>module.mod</c> (Go's "inconsistent vendoring").</summary>
    public const string VendorInconsistent = "MOD5201";

    /// <summary>Vendor mode is in force but <c>vendor/modules.txt</c> does not exist.</summary>
    public const string VendorManifestMissing = "MOD5202";

    /// <summary>A module listed in <c>vendor/modules.txt</c> has no directory under <c>vendor/</c>.</summary>
    public const string VendoredModuleMissing = "MOD5203";

    /// <summary>
    /// A file of one module's tree would land where another module is vendored (<c>vendor/a/b</c>
    /// both a folder of <c>a</c> and module <c>a/b</c>).
    /// </summary>
    public const string VendorTreeConflict = "MOD5204";

    /// <summary>The vendor directory to replace exists but was not written by <c>dotnet mod vendor</c> (it has no <c>modules.txt</c>).</summary>
    public const string VendorDirectoryForeign = "MOD5205";

    /// <summary>Writing the vendor directory failed (permissions, disk full); the previous one is left as it was.</summary>
    public const string VendorWriteFailed = "MOD5206";

    /// <summary>A directory replacement holds a file whose name breaks the module zip rules, so it cannot be vendored.</summary>
    public const string VendorInvalidFile = "MOD5207";

    /// <summary>The <c>ModuleMode</c> property has a value other than <c>mod</c>, <c>vendor</c> or <c>readonly</c>.</summary>
    public const string InvalidModuleMode = "MOD9050";
}
