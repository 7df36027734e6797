namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>A module path breaks Go's module path rules.</summary>
    public const string InvalidModulePath = "MOD1001";

    /// <summary>An import (package) path breaks Go's import path rules.</summary>
    public const string InvalidImportPath = "MOD1002";

    /// <summary>A file path inside a module breaks Go's file path rules.</summary>
    public const string InvalidFilePath = "MOD1003";

    /// <summary>A version is not valid semantic version syntax.</summary>
    public const string InvalidVersion = "MOD1004";

    /// <summary>A version is valid but not canonical where canonical is required.</summary>
    public const string NonCanonicalVersion = "MOD1005";

    /// <summary>A version's major does not agree with the module path's major-version suffix.</summary>
    public const string MajorVersionMismatch = "MOD1006";

    /// <summary>A pseudo-version is malformed or does not agree with its base or revision.</summary>
    public const string InvalidPseudoVersion = "MOD1007";

    /// <summary>An escaped path or version in a cache or proxy URL cannot be unescaped.</summary>
    public const string InvalidEscaping = "MOD1008";
}
