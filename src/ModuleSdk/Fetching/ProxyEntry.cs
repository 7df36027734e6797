namespace ModuleSdk.Fetching;

/// <summary>What one <c>MODPROXY</c> entry is.</summary>
public enum ProxyEntryKind
{
    /// <summary>A module proxy URL (<c>https://</c>, <c>http://</c>, <c>file://</c>).</summary>
    Proxy,
    /// <summary><c>direct</c>: fetch from the module's git repository.</summary>
    Direct,
    /// <summary><c>off</c>: no lookups at all.</summary>
    Off,
}

/// <summary>
/// One entry of a <c>MODPROXY</c> list. The URL may carry credentials, so it is kept private and
/// only <see cref="Url"/> (redacted) is ever shown; the record-style members never print it.
/// </summary>
public sealed class ProxyEntry
{
    internal ProxyEntry(ProxyEntryKind kind, string? rawUrl, bool fallBackOnError)
    {
        Kind = kind;
        RawUrl = rawUrl;
        FallBackOnError = fallBackOnError;
        Url = kind switch
        {
            ProxyEntryKind.Direct => "direct",
            ProxyEntryKind.Off => "off",
            _ => UrlRedaction.Redact(rawUrl!),
        };
    }

    /// <summary>A proxy, <c>direct</c> or <c>off</c>.</summary>
    public ProxyEntryKind Kind { get; }

    /// <summary>The proxy URL with its password redacted, or <c>direct</c>/<c>off</c>.</summary>
    public string Url { get; }

    /// <summary>
    /// Whether the next entry is tried after any error (the entry was followed by <c>|</c>);
    /// otherwise only after "not found" (followed by <c>,</c>, or last).
    /// </summary>
    public bool FallBackOnError { get; }

    /// <summary>The URL as written, credentials included: for building clients, never for showing.</summary>
    internal string? RawUrl { get; }

    /// <inheritdoc/>
    public override string ToString() => Url;
}
