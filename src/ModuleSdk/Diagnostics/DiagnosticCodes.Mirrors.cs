namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>
    /// A request to the proxy's <c>/index</c> has a <c>since</c> that is not an RFC 3339 time or a
    /// <c>limit</c> that is not a positive integer.
    /// </summary>
    public const string ProxyIndexQueryInvalid = "MOD6901";

    /// <summary>Reading or appending one of the proxy's logs in its storage (the index, a mirror's checksum record or cursor) failed.</summary>
    public const string ProxyLogFailed = "MOD6902";

    /// <summary>A webhook delivery's signature or token does not match <c>Webhooks:Secret</c>.</summary>
    public const string WebhookSignatureInvalid = "MOD6903";

    /// <summary>A webhook delivery is not a push or tag event the proxy understands (not JSON, no repository URL).</summary>
    public const string WebhookPayloadInvalid = "MOD6904";

    /// <summary>A <c>Webhooks:</c>, <c>Polling:</c> or <c>Mirror:</c> configuration key has an invalid value.</summary>
    public const string MirrorConfigurationInvalid = "MOD6905";

    /// <summary>The mirror's source answered its <c>/index</c> with something that is not Go's index format.</summary>
    public const string MirrorSourceIndexInvalid = "MOD6906";

    /// <summary>The source's checksum database does not vouch for a version's hash: the mirror refuses to store or serve it.</summary>
    public const string MirrorVersionNotVouched = "MOD6907";

    /// <summary>The mirror's own checksum record holds another hash for a version than the one fetched now: the mirror refuses it.</summary>
    public const string MirrorRecordMismatch = "MOD6908";

    /// <summary>The mirror cannot reach or read its source's checksum database, so it cannot verify a new version (and does not serve it yet).</summary>
    public const string MirrorSumDbUnavailable = "MOD6909";
}
