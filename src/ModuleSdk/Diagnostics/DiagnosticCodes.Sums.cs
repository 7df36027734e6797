namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>A module.sum line does not have exactly three fields.</summary>
    public const string SumMalformedLine = "MOD3001";

    /// <summary>A module.sum hash is not <c>h1:</c> followed by the base64 of a SHA-256.</summary>
    public const string SumBadHash = "MOD3002";

    /// <summary>A module.sum version is not a canonical semantic version (optionally followed by <c>/module.mod</c>).</summary>
    public const string SumBadVersion = "MOD3003";

    /// <summary>A module.sum line's module path is empty or malformed.</summary>
    public const string SumBadPath = "MOD3004";

    /// <summary>A file to be hashed has a newline in its name, which Hash1 cannot represent.</summary>
    public const string HashNameHasNewline = "MOD3005";

    /// <summary>A zip to be hashed cannot be read as a zip file.</summary>
    public const string HashZipUnreadable = "MOD3006";

    /// <summary>A directory to be hashed is a file.</summary>
    public const string HashNotADirectory = "MOD3007";
}
