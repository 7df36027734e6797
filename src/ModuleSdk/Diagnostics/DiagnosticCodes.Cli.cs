namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary><c>init</c> found a module.mod already there.</summary>
    public const string ModFileExists = "MOD8001";

    /// <summary>An <c>edit</c> flag's argument is malformed.</summary>
    public const string InvalidEditArgument = "MOD8002";
}
