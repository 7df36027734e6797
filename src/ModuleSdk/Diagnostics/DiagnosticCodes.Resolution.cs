namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>No <c>module.mod</c> in the directory or any parent.</summary>
    public const string MainModuleNotFound = "MOD5101";

    /// <summary>A dependency's module file declares another module path than the one required.</summary>
    public const string ModulePathMismatch = "MOD5102";

    /// <summary>A directory replacement does not exist or has no module file.</summary>
    public const string ReplacementDirectoryInvalid = "MOD5103";

    /// <summary>A version query (<c>@latest</c>, <c>@v1.2</c>, <c>@&lt;v2</c>…) matched no usable version.</summary>
    public const string NoMatchingVersion = "MOD5104";

    /// <summary>A version query is malformed or not allowed here.</summary>
    public const string InvalidQuery = "MOD5105";

    /// <summary>The requested module is not in the build list (<c>list -m </c>, <c>download</c>: one argument resolution, <c>ModuleArguments</c>).</summary>
    public const string NotInBuildList = "MOD5106";

    /// <summary><c>get</c> cannot select the requested versions together.</summary>
    public const string VersionConflict = "MOD5107";

    /// <summary><c>module.sum</c> could not be written.</summary>
    public const string SumFileWriteFailed = "MOD5108";
}
