using ModuleSdk.Diagnostics;

namespace ModuleSdk.Fetching;

/// <summary>
/// A parsed <c>MODPROXY</c>: Go's GOPROXY list. Entries are separated by <c>,</c> or <c>|</c>;
/// the separator after an entry decides when the next one is tried (<c>,</c> on "not found"
/// only, <c>|</c> on any error). <c>direct</c> and <c>off</c> end the list (anything after them
/// is ignored, as in Go, to leave room for future meanings). A bare host such as
/// <c>proxy.example.com</c> gets <c>https://</c>, as in Go.
/// An unset or empty <c>MODPROXY</c> means <see cref="DefaultValue"/>, <c>direct</c>: ModuleSdk
/// has no public proxy to default to, and the git repository is where .NET modules live.
/// </summary>
public sealed class ProxyList
{
    /// <summary>The environment variable.</summary>
    public const string EnvironmentVariable = "MODPROXY";

    /// <summary>The list used when <c>MODPROXY</c> is unset or empty.</summary>
    public const string DefaultValue = "direct";

    private ProxyList(IReadOnlyList<ProxyEntry> entries) => Entries = entries;

    /// <summary>The entries in order; never empty.</summary>
    public IReadOnlyList<ProxyEntry> Entries { get; }

    /// <summary>Reads <c>MODPROXY</c> from the environment.</summary>
    public static ProxyList FromEnvironment() => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>
    /// Parses a list; null or empty gives <see cref="DefaultValue"/>. Throws
    /// <see cref="ModuleException"/> (<see cref="DiagnosticCodes.InvalidProxyList"/>) for a bad URL
    /// or a list of separators only.
    /// </summary>
    public static ProxyList Parse(string? value)
    {
        if (string.IsNullOrEmpty(value)) value = DefaultValue;
        var entries = new List<ProxyEntry>();
        string rest = value;
        while (rest.Length > 0)
        {
            string url;
            bool fallBackOnError = false;
            int i = rest.IndexOfAny([',', '|']);
            if (i >= 0)
            {
                url = rest[..i];
                fallBackOnError = rest[i] == '|';
                rest = rest[(i + 1)..];
            }
            else
            {
                url = rest;
                rest = "";
            }
            url = url.Trim();
            if (url.Length == 0) continue;
            if (url == "off")
            {
                entries.Add(new ProxyEntry(ProxyEntryKind.Off, null, false));
                break;
            }
            if (url == "direct")
            {
                entries.Add(new ProxyEntry(ProxyEntryKind.Direct, null, false));
                break;
            }
            // Single words are reserved for built-in meanings; anything with ":/" must be a whole
            // URL; a host-like word gets https:// (Go's rule).
            if (url.IndexOfAny(['.', ':', '/']) >= 0 && !url.Contains(":/", StringComparison.Ordinal) && !url.StartsWith('/') && !Path.IsPathRooted(url))
                url = "https://" + url;
            try
            {
                _ = new ProxyClient(url);
            }
            catch (ModuleException e)
            {
                throw new ModuleException(DiagnosticCodes.InvalidProxyList, $"{EnvironmentVariable}: {e.Message}", e);
            }
            entries.Add(new ProxyEntry(ProxyEntryKind.Proxy, url, fallBackOnError));
        }
        if (entries.Count == 0)
            throw new ModuleException(DiagnosticCodes.InvalidProxyList,
                $"{EnvironmentVariable} list is not the empty string, but contains no entries; " +
                $"unset it for the default ({DefaultValue}) or name a proxy, direct or off");
        return new ProxyList(entries);
    }

    /// <summary>The list in <c>MODPROXY</c> syntax, passwords redacted.</summary>
    public override string ToString() =>
        string.Concat(Entries.Select((e, i) => i == 0 ? e.Url : (Entries[i - 1].FallBackOnError ? "|" : ",") + e.Url));
}
