using System.Net;
using System.Text.RegularExpressions;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Direct;

/// <summary>
/// Vanity import paths (Go's <c>repoRootForImportDynamic</c>): <c>GET https://&lt;path&gt;?go-get=1</c>
/// and read its <c>&lt;meta name="go-import" content="prefix vcs url"&gt;</c> tags. The tag whose
/// prefix is a leading part of the module path names the repository; <c>vcs</c> is <c>git</c>, or
/// <c>mod</c> for a module proxy at <c>url</c> (preferred when both match, as Go does in module mode).
/// For paths <c>MODINSECURE</c> matches, a page that cannot be fetched over https is fetched over
/// plain http, as the go command does for <c>GOINSECURE</c>.
/// </summary>
public static partial class VanityImports
{
    /// <summary>Go reads at most this much of a go-get page.</summary>
    private const int MaxPage = 1 << 20;

    [GeneratedRegex(@"<meta\s[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaTag();

    [GeneratedRegex(@"(?<name>[A-Za-z-]+)\s*=\s*(""(?<v>[^""]*)""|'(?<v>[^']*)'|(?<v>[^\s>]+))", RegexOptions.CultureInvariant)]
    private static partial Regex Attribute();

    [GeneratedRegex(@"<body|</head>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndOfHead();

    /// <summary>One <c>go-import</c> tag.</summary>
    public sealed record Import(string Prefix, string Vcs, string RepoUrl);

    /// <summary>
    /// Fetches the go-get page of <paramref name="modulePath"/> and picks its repository. When the
    /// tag found names a shorter prefix than the path, the prefix's own page must declare the same
    /// tag (Go's check of a non-authoritative meta tag): otherwise a page under someone else's path
    /// could claim the prefix for a repository of its choosing. The repository URL must pass
    /// <see cref="RepoUrlPolicy"/> with <paramref name="insecure"/> (<c>MODINSECURE</c>): never
    /// <c>file</c>, and <c>http</c> or <c>git</c> only where allowed; the pages themselves are
    /// fetched over plain http only when https cannot connect and <paramref name="insecure"/>
    /// matches the path.
    /// </summary>
    public static async Task<RepoRoot> ResolveAsync(HttpClient http, string modulePath, CancellationToken cancellationToken, string? insecure = null)
    {
        var (url, imports) = await FetchAsync(http, modulePath, cancellationToken, insecure).ConfigureAwait(false);
        var match = Match(modulePath, url, imports);
        if (match.Prefix != modulePath)
        {
            var (prefixUrl, prefixImports) = await FetchAsync(http, match.Prefix, cancellationToken, insecure).ConfigureAwait(false);
            Import? confirmed;
            try
            {
                confirmed = Match(modulePath, prefixUrl, prefixImports);
            }
            catch (ModuleException)
            {
                confirmed = null;
            }
            if (confirmed != match)
                throw new ModuleException(DiagnosticCodes.VanityLookupFailed, $"{url} and {prefixUrl} disagree about go-import for {match.Prefix}");
        }
        var root = ToRoot(match, url);
        RepoUrlPolicy.Check(modulePath, root.Url, insecure, fromPage: url);
        return root;
    }

    // Go's web.Get in Insecure mode (GOINSECURE matches the path): https first; when that fails to
    // connect at all (not an HTTP error status), plain http. Without a match, https only.
    private static async Task<(string Url, IReadOnlyList<Import> Imports)> FetchAsync(
        HttpClient http, string path, CancellationToken cancellationToken, string? insecure)
    {
        try
        {
            return await FetchAsync(http, "https://" + path + "?go-get=1", path, cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleException e) when (e.Code == DiagnosticCodes.VanityLookupFailed && e.InnerException is HttpRequestException or TaskCanceledException
            && !cancellationToken.IsCancellationRequested && !string.IsNullOrWhiteSpace(insecure) && PathPatterns.MatchPrefixPatterns(insecure, path))
        {
            return await FetchAsync(http, "http://" + path + "?go-get=1", path, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<(string Url, IReadOnlyList<Import> Imports)> FetchAsync(
        HttpClient http, string url, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            // Like Go, the page is read whatever the status: hosts serve meta tags on 404 pages too.
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var limited = new MemoryStream();
            var buffer = new byte[16384];
            int n;
            while (limited.Length < MaxPage
                && (n = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, MaxPage - limited.Length)), cancellationToken)
                    .ConfigureAwait(false)) > 0)
                limited.Write(buffer, 0, n);
            string page = System.Text.Encoding.UTF8.GetString(limited.GetBuffer(), 0, (int)limited.Length);
            var imports = Parse(page);
            if (imports.Count == 0 && response.StatusCode != HttpStatusCode.OK)
                throw new DirectNotFoundException(DiagnosticCodes.RepositoryNotFound,
                    $"unrecognized import path \"{path}\": reading {url}: {(int)response.StatusCode} {response.ReasonPhrase}");
            return (url, imports);
        }
        catch (HttpRequestException e)
        {
            throw new ModuleException(DiagnosticCodes.VanityLookupFailed,
                $"unrecognized import path \"{path}\": https fetch: {e.Message}; " +
                $"if this module lives in a private or unusual place, map it with {RepoRules.EnvironmentVariable}=pattern=url", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModuleException(DiagnosticCodes.VanityLookupFailed, $"unrecognized import path \"{path}\": https fetch: timed out", e);
        }
        catch (UriFormatException e)
        {
            // .NET's redirect handler tries a Location such as file:///etc/passwd and fails to
            // parse it: a page redirecting anywhere but http(s) is a failed lookup.
            throw new ModuleException(DiagnosticCodes.VanityLookupFailed,
                $"unrecognized import path \"{path}\": https fetch: {url} redirected to a URL that is not http(s) ({e.Message})", e);
        }
    }

    /// <summary>The go-import tags of a page's head.</summary>
    public static IReadOnlyList<Import> Parse(string html)
    {
        var end = EndOfHead().Match(html);
        if (end.Success) html = html[..end.Index];
        var result = new List<Import>();
        foreach (Match tag in MetaTag().Matches(html))
        {
            string? name = null, content = null;
            foreach (Match a in Attribute().Matches(tag.Value))
            {
                var key = a.Groups["name"].Value;
                if (key.Equals("name", StringComparison.OrdinalIgnoreCase)) name = a.Groups["v"].Value;
                else if (key.Equals("content", StringComparison.OrdinalIgnoreCase)) content = WebUtility.HtmlDecode(a.Groups["v"].Value);
            }
            if (name != "go-import" || content is null) continue;
            var f = content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 3) continue;
            result.Add(new Import(f[0], f[1], f[2]));
        }
        return result;
    }

    /// <summary>The repository for <paramref name="modulePath"/> among <paramref name="imports"/> (Go's <c>matchGoImport</c>, module mode).</summary>
    public static RepoRoot Pick(string modulePath, string pageUrl, IReadOnlyList<Import> imports) =>
        ToRoot(Match(modulePath, pageUrl, imports), pageUrl);

    private static Import Match(string modulePath, string pageUrl, IReadOnlyList<Import> imports)
    {
        // Module mode puts mod entries first; a match among them ends the search.
        var ordered = imports.Where(i => i.Vcs == "mod").Concat(imports.Where(i => i.Vcs != "mod"));
        Import? match = null;
        foreach (var i in ordered)
        {
            if (!HasPathPrefix(modulePath, i.Prefix)) continue;
            if (match is not null)
            {
                if (match.Vcs == "mod" && i.Vcs != "mod") break;
                throw new ModuleException(DiagnosticCodes.VanityLookupFailed, $"multiple meta tags match import path \"{modulePath}\" (at {pageUrl})");
            }
            match = i;
        }
        if (match is null)
            throw new DirectNotFoundException(DiagnosticCodes.RepositoryNotFound,
                $"unrecognized import path \"{modulePath}\": no go-import meta tags at {pageUrl}");
        if (!ModulePath.IsValidPath(match.Prefix) && match.Prefix != modulePath)
            throw new ModuleException(DiagnosticCodes.VanityLookupFailed, $"{pageUrl}: invalid go-import prefix \"{match.Prefix}\"");
        return match;
    }

    private static RepoRoot ToRoot(Import match, string pageUrl)
    {
        var kind = match.Vcs switch
        {
            "git" => RepoKind.Git,
            "mod" => RepoKind.ModuleProxy,
            _ => throw new ModuleException(DiagnosticCodes.VanityLookupFailed,
                $"{pageUrl}: go-import meta tag for \"{match.Prefix}\" names version control \"{match.Vcs}\"; " +
                "direct mode supports git (and mod for a module proxy)"),
        };
        if (!Uri.TryCreate(match.RepoUrl, UriKind.Absolute, out var u) || u.Scheme is not ("https" or "http" or "ssh" or "git" or "file"))
            throw new ModuleException(DiagnosticCodes.VanityLookupFailed,
                $"{pageUrl}: go-import meta tag for \"{match.Prefix}\" has an invalid repository URL \"{GitCredentials.StripUserInfo(match.RepoUrl)}\"");
        return new RepoRoot(match.Prefix, match.RepoUrl, kind);
    }

    private static bool HasPathPrefix(string s, string prefix) =>
        s == prefix || (s.Length > prefix.Length && s.StartsWith(prefix, StringComparison.Ordinal) && (prefix.EndsWith('/') || s[prefix.Length] == '/'));
}
