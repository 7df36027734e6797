namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>
    /// A <c>Vanity:Rules</c> rule of the proxy is malformed or names a repository no client may use
    /// from a <c>?go-get=1</c> page (<c>file://</c>, a local path).
    /// </summary>
    public const string RegistryVanityRulesInvalid = "MOD6801";

    /// <summary>
    /// The registry could not read a stored version's files to derive its page (a zip that does not
    /// open, an unreadable module file); the page shows what it could read.
    /// </summary>
    public const string RegistryVersionUnreadable = "MOD6802";
}
