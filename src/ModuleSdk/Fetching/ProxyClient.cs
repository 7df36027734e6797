using System.Globalization;
using System.Text;
using System.Text.Json;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Fetching;

/// <summary>
/// One module proxy, spoken to with the GOPROXY protocol (Go's <c>modfetch.proxyRepo</c>):
/// <c>$base/$escpath/@v/list</c>, <c>@v/$escver.info</c>, <c>.mod</c>, <c>.zip</c> and
/// <c>$base/$escpath/@latest</c>. The base is an <c>https://</c> or <c>http://</c> URL (user
/// information becomes Basic authentication) or <c>file:///dir</c>, a directory in proxy layout.
/// This is the transport only: no caching and no queries; callers build those on top.
/// Thread-safe; one instance may serve any number of modules and concurrent requests.
/// </summary>
public sealed class ProxyClient : IModuleSource
{
    /// <summary>The largest module zip accepted: 500 MiB (Go's <c>codehost.MaxZipFile</c>).</summary>
    public const long MaxZipFile = 500L << 20;

    /// <summary>
    /// The largest list, info or module file accepted: 16 MiB (Go's <c>codehost.MaxGoMod</c>),
    /// so a broken proxy streaming forever cannot exhaust memory.
    /// </summary>
    public const long MaxMetadataFile = 16L << 20;

    private readonly ProxyTransport _transport;
    private readonly ProxyClientOptions _options;

    /// <summary>
    /// Creates a client for <paramref name="baseUrl"/>; throws <see cref="ModuleException"/>
    /// (<see cref="DiagnosticCodes.InvalidProxyList"/>) when the URL is not one a proxy can have.
    /// </summary>
    public ProxyClient(string baseUrl, ProxyClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        _options = options ?? ProxyClientOptions.Default;
        Url = UrlRedaction.Redact(baseUrl);
        var uri = ParseBase(baseUrl, Url);
        string display = UrlRedaction.Redact(
            uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.Query & ~UriComponents.Fragment, UriFormat.UriEscaped)).TrimEnd('/');
        _transport = uri.Scheme == Uri.UriSchemeFile
            ? new FileProxyTransport(uri.LocalPath, display)
            : new HttpProxyTransport(uri, display, _options);
    }

    /// <summary>The base URL with any password redacted: safe to print.</summary>
    public string Url { get; }

    /// <inheritdoc/>
    public override string ToString() => Url;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> VersionsAsync(string path, string prefix = "", CancellationToken cancellationToken = default)
    {
        string rel = PathEscaping.EscapePath(path) + "/@v/list";
        string context = "module " + path;
        byte[] data = await GetMetadataAsync(rel, context, "a version list", cancellationToken).ConfigureAwait(false);
        var list = new List<string>();
        foreach (var line in Encoding.UTF8.GetString(data).Split('\n'))
        {
            // Only the first field counts: proxies may add more (a time, say) after it.
            var fields = line.Split([' ', '\t', '\r', '\v', '\f'], 2, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;
            string v = fields[0];
            if (Semver.IsValid(v) && v.StartsWith(prefix, StringComparison.Ordinal) && !PseudoVersion.IsPseudoVersion(v)) list.Add(v);
        }
        Semver.Sort(list);
        return list;
    }

    /// <inheritdoc/>
    public async Task<RevInfo> StatAsync(string path, string revision, CancellationToken cancellationToken = default)
    {
        string context = path + "@" + revision;
        string rel = PathEscaping.EscapePath(path) + "/@v/" + EscapeVersion(revision, context) + ".info";
        byte[] data = await GetMetadataAsync(rel, context, "version information (JSON)", cancellationToken).ConfigureAwait(false);
        var info = ParseInfo(data, context, _transport.DisplayUrl(rel));
        // Asked for a proper version of this module, the proxy must answer with exactly that
        // version or an error: anything else would let it substitute one version for another.
        if (info.Version != revision && IsCanonicalFor(path, revision))
        {
            throw new ModuleException(DiagnosticCodes.InvalidProxyResponse,
                $"{context}: proxy returned info for version {info.Version} instead of requested version {revision} ({_transport.DisplayUrl(rel)})");
        }
        return info;
    }

    /// <inheritdoc/>
    public async Task<RevInfo> LatestAsync(string path, CancellationToken cancellationToken = default)
    {
        string rel = PathEscaping.EscapePath(path) + "/@latest";
        string context = "module " + path;
        byte[] data = await GetMetadataAsync(rel, context, "version information (JSON)", cancellationToken).ConfigureAwait(false);
        return ParseInfo(data, context, _transport.DisplayUrl(rel));
    }

    /// <inheritdoc/>
    public async Task<byte[]> GetModAsync(string path, string version, CancellationToken cancellationToken = default)
    {
        string context = path + "@" + version;
        RequireCanonical(version, context);
        string rel = PathEscaping.EscapePath(path) + "/@v/" + EscapeVersion(version, context) + ".mod";
        return await GetMetadataAsync(rel, context, "a module file", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task DownloadZipAsync(string path, string version, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        string context = path + "@" + version;
        RequireCanonical(version, context);
        string rel = PathEscaping.EscapePath(path) + "/@v/" + EscapeVersion(version, context) + ".zip";
        string url = _transport.DisplayUrl(rel);
        try
        {
            await _transport.CopyToAsync(rel, context, destination, _options.MaxZipBytes, head =>
            {
                // A real zip starts with "PK"; only an obvious HTML page is judged here, the zip
                // checker judges everything else with better words.
                if (!head.StartsWith("PK"u8) && ProxyBody.LooksLikeHtml(head)) throw ProxyBody.HtmlPage(context, url, "a module zip");
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ProxyBody.BodyTooLargeException)
        {
            throw new ModuleException(DiagnosticCodes.ProxyResponseTooLarge,
                $"{context}: downloaded zip file too large (more than {_options.MaxZipBytes} bytes) from {url}");
        }
    }

    private async Task<byte[]> GetMetadataAsync(string rel, string context, string what, CancellationToken cancellationToken)
    {
        string url = _transport.DisplayUrl(rel);
        try
        {
            return await _transport.GetBytesAsync(rel, context, MaxMetadataFile, head =>
            {
                // No list, info or module file starts with '<': an HTML page here would otherwise
                // read as an empty version list or a baffling syntax error.
                if (ProxyBody.LooksLikeHtml(head)) throw ProxyBody.HtmlPage(context, url, what);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ProxyBody.BodyTooLargeException)
        {
            throw new ModuleException(DiagnosticCodes.ProxyResponseTooLarge,
                $"{context}: reading {url}: response larger than {MaxMetadataFile} bytes");
        }
    }

    private static string EscapeVersion(string version, string context)
    {
        try
        {
            return PathEscaping.EscapeVersion(version);
        }
        catch (ModuleException e)
        {
            throw new ModuleException(e.Code, $"{context}: {e.Message}", e);
        }
    }

    private static void RequireCanonical(string version, string context)
    {
        if (!IsCanonical(version))
            throw new ModuleException(DiagnosticCodes.NonCanonicalVersion,
                $"{context}: version is not canonical (want {Semver.Canonical(version)}): module files and zips are fetched by canonical version only");
    }

    // Go's module.CanonicalVersion: semver's canonical form, keeping "+incompatible".
    private static bool IsCanonical(string v)
    {
        if (!Semver.IsValid(v)) return false;
        string c = Semver.Canonical(v);
        return v == c || v == c + "+incompatible";
    }

    private static bool IsCanonicalFor(string path, string version)
    {
        if (!IsCanonical(version)) return false;
        try
        {
            ModulePath.Check(path, version);
            return true;
        }
        catch (ModuleException)
        {
            return false;
        }
    }

    /// <summary>Parses an <c>.info</c> (or <c>@latest</c>) answer; the version in it must be canonical.</summary>
    internal static RevInfo ParseInfo(byte[] data, string context, string url)
    {
        ModuleException Invalid(string why) =>
            new(DiagnosticCodes.InvalidProxyResponse, $"{context}: invalid response from proxy {url}: {why}");

        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(data);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Invalid($"not JSON ({e.Message})");
        }
        if (root.ValueKind != JsonValueKind.Object) throw Invalid("not a JSON object");
        string? version = Text(root, "Version", Invalid);
        if (string.IsNullOrEmpty(version)) throw Invalid("no Version");
        if (!Semver.IsValid(version)) throw Invalid($"invalid version \"{version}\"");
        if (!IsCanonical(version)) throw Invalid($"version \"{version}\" is not canonical (want \"{Semver.Canonical(version)}\")");

        // Go decodes a missing Time as the zero time; so do we (DateTimeOffset's zero is year 1 too).
        DateTimeOffset time = default;
        if (Text(root, "Time", Invalid) is { } t
            && !DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out time))
            throw Invalid($"invalid Time \"{t}\"");

        RevOrigin? origin = null;
        if (root.TryGetProperty("Origin", out var o) && o.ValueKind != JsonValueKind.Null)
        {
            if (o.ValueKind != JsonValueKind.Object) throw Invalid("Origin is not a JSON object");
            origin = new RevOrigin
            {
                VCS = Text(o, "VCS", Invalid),
                URL = Text(o, "URL", Invalid) is { } u ? UrlRedaction.Redact(u) : null,
                Subdir = Text(o, "Subdir", Invalid),
                Hash = Text(o, "Hash", Invalid),
                TagPrefix = Text(o, "TagPrefix", Invalid),
                TagSum = Text(o, "TagSum", Invalid),
                Ref = Text(o, "Ref", Invalid),
                RepoSum = Text(o, "RepoSum", Invalid),
            };
        }
        return new RevInfo(version, time, origin);
    }

    private static string? Text(JsonElement obj, string name, Func<string, ModuleException> invalid)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw invalid($"{name} is not a string");
        return value.GetString();
    }

    // Tokens and passwords often hold a raw '@'. Go's URL parser splits user information at the
    // last '@' of the authority and accepts them; System.Uri rejects them, so escape them first.
    private static string EscapeAtInUserInfo(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return url;
        int start = scheme + 3;
        int end = url.IndexOfAny(['/', '?', '#'], start);
        if (end < 0) end = url.Length;
        int at = end > start ? url.LastIndexOf('@', end - 1, end - start) : -1;
        if (at < 0 || url.IndexOf('@', start, at - start) < 0) return url;
        return string.Concat(url.AsSpan(0, start), url[start..at].Replace("@", "%40"), url.AsSpan(at));
    }

    private static Uri ParseBase(string baseUrl, string redacted)
    {
        ModuleException Invalid(string why) => new(DiagnosticCodes.InvalidProxyList, $"invalid proxy URL {why}: {redacted}");

        baseUrl = EscapeAtInUserInfo(baseUrl);
        if (!baseUrl.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
        {
            if (!baseUrl.Contains(':')) throw Invalid("missing scheme");
            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out uri)) throw Invalid("(cannot parse)");
        }
        if (uri.Scheme == Uri.UriSchemeFile)
        {
            // As Go: a file URL is a path and nothing else (file:///dir, or file:///C:/dir).
            if (uri.UserInfo.Length > 0 || uri.Host.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
                throw Invalid("with non-path elements (want file:///absolute/dir)");
            return uri;
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) throw Invalid("scheme (must be https, http, file)");
        if (uri.Host.Length == 0) throw Invalid("missing host");
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0) throw Invalid("with a query or fragment");
        return uri;
    }
}
