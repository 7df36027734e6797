namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>A module or version was not found at any source.</summary>
    public const string ModuleNotFound = "MOD6001";

    /// <summary>A proxy answered with a status other than 200, 404 or 410, or could not be reached.</summary>
    public const string ProxyRequestFailed = "MOD6002";

    /// <summary>A proxy answered 200 with something that is not what the protocol promises (bad JSON, an HTML page, another version).</summary>
    public const string InvalidProxyResponse = "MOD6003";

    /// <summary>A module zip (or a metadata file) from a proxy is larger than the protocol's limit.</summary>
    public const string ProxyResponseTooLarge = "MOD6004";

    /// <summary>A proxy request timed out (no response headers in time, or the body stalled).</summary>
    public const string ProxyTimeout = "MOD6005";

    /// <summary>The <c>MODPROXY</c> list, or one proxy URL in it, is malformed.</summary>
    public const string InvalidProxyList = "MOD6006";

    /// <summary>Module lookup is disabled by <c>MODPROXY=off</c>.</summary>
    public const string ModuleLookupDisabled = "MOD6007";

    /// <summary><c>direct</c> was asked for (by <c>MODPROXY</c> or <c>MODPRIVATE</c>) but no direct (git) source is available.</summary>
    public const string DirectUnavailable = "MOD6008";
}
