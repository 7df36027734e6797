namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>A module or version was not found at any source.</summary>
    public const string ModuleNotFound = "MOD6001";
}
