namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>The requirements of a module in the graph could not be loaded (the message shows the chain to it).</summary>
    public const string BuildListFailed = "MOD5001";

    /// <summary>MVS selected another version of a target than the target itself: the version order ranks something above it.</summary>
    public const string TargetNotSelected = "MOD5002";

    /// <summary>A module version could not be used, and the cause carried no code of its own.</summary>
    public const string ModuleVersionFailed = "MOD5003";
}
