namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>No repository is known for a module path: no <c>MODREPOS</c> rule, no known hosting layout, no <c>go-import</c> meta tag.</summary>
    public const string RepositoryUnknown = "MOD6101";

    /// <summary>A <c>MODREPOS</c> rule is malformed.</summary>
    public const string InvalidRepoRules = "MOD6102";

    /// <summary>A git operation (ls-remote, fetch) on a repository failed: unreachable host, refused credentials, broken repository.</summary>
    public const string GitFailed = "MOD6103";

    /// <summary>The <c>?go-get=1</c> page of a vanity path could not be read or has conflicting <c>go-import</c> meta tags.</summary>
    public const string VanityLookupFailed = "MOD6104";

    /// <summary>A revision's <c>module.mod</c> declares a module path that does not fit the module asked for (or is missing where one is required).</summary>
    public const string DeclaredPathMismatch = "MOD6105";

    /// <summary>A pseudo-version does not agree with the repository (hash, time, base tag, ancestry).</summary>
    public const string PseudoVersionMismatch = "MOD6106";

    /// <summary>A version asked for cannot be used for this module (<c>+incompatible</c> misuse, wrong major, non-canonical tag).</summary>
    public const string DirectVersionInvalid = "MOD6107";

    /// <summary>The tree of a revision cannot be made into a module zip (case-folding collision, bad file name, oversize file).</summary>
    public const string DirectZipFailed = "MOD6108";

    /// <summary>The repository does not exist (or is not readable with the credentials at hand). Proxy lists treat it as "not found".</summary>
    public const string RepositoryNotFound = "MOD6109";

    /// <summary>A tag, branch or commit asked for is not in the repository. Proxy lists treat it as "not found".</summary>
    public const string UnknownRevision = "MOD6110";

    /// <summary>
    /// No git server answered: the host refused the connection, did not accept it in time, or
    /// accepted it and never replied. Not "not found": a proxy list does not fall through on
    /// <c>,</c>.
    /// </summary>
    public const string RepositoryUnreachable = "MOD6111";
}
