namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>(warning) After the fix build, a project has no inline fix record (its build ran no [Inline] analyzer).</summary>
    public const string FixRecordMissing = "MOD5401";

    /// <summary>(warning) A source file changed after the fix build read it: it is not rewritten.</summary>
    public const string FixSourceChanged = "MOD5402";

    /// <summary>(warning) A use of an [Inline] member could not be inlined where it is; the reason says what to change.</summary>
    public const string FixSiteSkipped = "MOD5403";

    /// <summary>The fix build of a project failed: nothing is rewritten.</summary>
    public const string FixBuildFailed = "MOD5404";

    /// <summary>(warning) The fix builds of a file's target frameworks rewrote it differently: it is not rewritten.</summary>
    public const string FixFrameworksDisagree = "MOD5405";

    /// <summary>(warning) An inline fix record could not be read.</summary>
    public const string FixRecordMalformed = "MOD5406";

    /// <summary><c>dotnet mod fix</c> found no ModuleSdk project in the main module.</summary>
    public const string FixNoProjects = "MOD5407";

    /// <summary><c>dotnet mod fix</c> found no <c>dotnet</c> to run the fix build with.</summary>
    public const string FixDotnetNotFound = "MOD5408";

    /// <summary>(suggestion) A use of a member its module marked <c>[Inline]</c>; reported by the SDK's analyzer (src/ModuleSdk.Inlining).</summary>
    public const string InlineCall = "MOD9100";

    /// <summary><c>[Inline]</c> on a member that cannot be inlined; reported by the SDK's analyzer in the author's build.</summary>
    public const string InlineMarkerRejected = "MOD9101";

    /// <summary>Never reported: the id the consumer's [Inline] analyzer declares so that command-line builds run it (as MOD9072).</summary>
    public const string InlineAnalyzerProbe = "MOD9103";

    /// <summary>(warning) A fix build found no module map from restore, so it cannot tell which modules the inlined code uses.</summary>
    public const string FixModuleMapMissing = "MOD9102";
}
