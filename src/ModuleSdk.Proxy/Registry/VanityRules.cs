using System.Net;
using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Direct;
using ModuleSdk.Modules;

namespace ModuleSdk.Proxy.Registry;

/// <summary>
/// Vanity domains (SPEC §12): <c>Vanity:Rules</c> in <c>MODREPOS</c> syntax (parsed by the core's
/// <see cref="RepoRules"/>: <c>example.com/*=https://git.example.com/*.git</c>, the longest pattern
/// wins) turn a <c>?go-get=1</c> request for a module path into the page the go command and
/// direct mode read: <c>&lt;meta name="go-import" content="prefix git url"&gt;</c>, where the prefix
/// is the part of the path the rule's pattern matched (the repository root). The URL is public: a
/// rule naming <c>file://</c>, a local path (no client accepts those from a page) or a URL with
/// credentials (they would be shown to everyone) is refused at start-up (MOD6801).
/// </summary>
public sealed class VanityRules
{
    private readonly RepoRules _rules;

    private VanityRules(RepoRules rules) => _rules = rules;

    /// <summary>No rules: <c>?go-get=1</c> requests are not answered specially.</summary>
    public static VanityRules Empty { get; } = new(RepoRules.Empty);

    /// <summary>Whether any rule is configured.</summary>
    public bool Any => _rules.Count > 0;

    /// <summary>Parses <c>Vanity:Rules</c>; throws MOD6801 for a malformed rule or a URL a page may not carry.</summary>
    public static VanityRules Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return Empty;
        RepoRules rules;
        try
        {
            rules = RepoRules.Parse(value);
        }
        catch (ModuleException e)
        {
            throw new ModuleException(DiagnosticCodes.RegistryVanityRulesInvalid, "configuration Vanity:Rules is invalid: " + e.Message, e);
        }
        foreach (var raw in value.Split(','))
        {
            string item = raw.Trim();
            if (item.Length == 0) continue;
            string url = item[(item.IndexOf('=') + 1)..].Trim();
            string? scheme = RepoUrlPolicy.SchemeOf(url);
            if (scheme is not ("https" or "http" or "ssh" or "git") || !url.Contains("://", StringComparison.Ordinal))
                throw new ModuleException(DiagnosticCodes.RegistryVanityRulesInvalid,
                    $"configuration Vanity:Rules rule \"{GitCredentials.StripUserInfo(item)}\" is invalid: " +
                    "a go-import page must name a network repository (https://, ssh://, or http:// and git:// for clients that allow them); " +
                    "file:// and local paths are refused by every client");
            if (GitCredentials.StripUserInfo(url) != url)
                throw new ModuleException(DiagnosticCodes.RegistryVanityRulesInvalid,
                    $"configuration Vanity:Rules rule \"{GitCredentials.StripUserInfo(item)}\" is invalid: " +
                    "the repository URL carries credentials, and a go-import page shows it to everyone; " +
                    "give the proxy's own git credentials with Credentials:GitToken instead");
        }
        return new VanityRules(rules);
    }

    /// <summary>
    /// The repository of <paramref name="importPath"/> (a module or package path; the elements
    /// after the matched pattern are its subdirectories), or null when no rule matches.
    /// </summary>
    public RepoRoot? Match(string importPath) => ModulePath.IsValidPath(importPath) || IsValidImport(importPath) ? _rules.Match(importPath) : null;

    private static bool IsValidImport(string path)
    {
        try
        {
            ModulePath.CheckImportPath(path);
            return true;
        }
        catch (ModuleException)
        {
            return false;
        }
    }

    /// <summary>
    /// The import path a <c>?go-get=1</c> request asks about: the Host header's host (a vanity
    /// domain pointed at this server) followed by the request path, as the go command builds the
    /// URL (<c>https://example.com/lib/sub?go-get=1</c>).
    /// </summary>
    public static string ImportPathOf(string host, string requestPath)
    {
        string h = host;
        // host:port, [v6]:port: the port is not part of an import path.
        int colon = h.LastIndexOf(':');
        if (colon > 0 && h.IndexOf(']') < colon) h = h[..colon];
        // Host names are case-insensitive; the path is not.
        h = h.ToLowerInvariant();
        string p = requestPath.Trim('/');
        return p.Length == 0 ? h : h + "/" + p;
    }

    /// <summary>The go-get page: the <c>go-import</c> meta tag for <paramref name="root"/>, every value HTML-encoded.</summary>
    public static string Page(string importPath, RepoRoot root, string? registryLink)
    {
        string content = WebUtility.HtmlEncode($"{root.Root} git {root.Url}");
        var b = new StringBuilder();
        b.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        b.Append("<meta name=\"go-import\" content=\"").Append(content).Append("\">\n");
        b.Append("<title>").Append(WebUtility.HtmlEncode(importPath)).Append("</title>\n</head>\n<body>\n<main>\n<h1>")
            .Append(WebUtility.HtmlEncode(importPath)).Append("</h1>\n");
        b.Append("<p>Source: <a href=\"").Append(WebUtility.HtmlEncode(root.Url)).Append("\">").Append(WebUtility.HtmlEncode(root.Url)).Append("</a></p>\n");
        if (registryLink is not null)
            b.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(registryLink)).Append("\">Module page</a></p>\n");
        b.Append("</main>\n</body>\n</html>\n");
        return b.ToString();
    }
}
