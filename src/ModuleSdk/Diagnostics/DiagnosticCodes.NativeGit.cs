namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>libgit2, the native library direct mode reads git with, could not be loaded on this platform.</summary>
    public const string NativeGitUnavailable = "MOD9010";
}
