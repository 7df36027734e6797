namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>The proxy server's configuration is invalid (an unknown <c>Storage:Kind</c>, a missing required key, a bad <c>Upstream</c>).</summary>
    public const string ProxyConfigurationInvalid = "MOD6501";

    /// <summary>
    /// A zip from the upstream breaks the module zip rules, or its module file or info does not fit
    /// the version asked for; nothing is stored.
    /// </summary>
    public const string ProxyUpstreamContentInvalid = "MOD6502";

    /// <summary>The proxy server's storage failed to read or write a version.</summary>
    public const string ProxyStorageFailed = "MOD6503";

    /// <summary>The filter file (<c>Filter:File</c>) has a line that is not a rule.</summary>
    public const string ProxyFilterFileInvalid = "MOD6504";

    /// <summary>The client tokens file (<c>Auth:Tokens</c>) cannot be read.</summary>
    public const string ProxyTokensFileInvalid = "MOD6505";

    /// <summary><c>verify-storage</c> found a stored version whose zip no longer has its recorded hash, or that is incomplete.</summary>
    public const string ProxyStoredVersionCorrupt = "MOD6506";
}
