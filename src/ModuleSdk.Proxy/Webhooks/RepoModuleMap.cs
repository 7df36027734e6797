using System.Text.RegularExpressions;
using ModuleSdk.Modules;

namespace ModuleSdk.Proxy.Webhooks;

/// <summary>
/// The <c>Repos</c> rules (<c>MODREPOS</c> syntax, SPEC §5) read backwards: from a repository URL
/// as a git host names it in a push event to the module path prefix whose code lives there.
/// URLs are compared without scheme, user, port, trailing <c>/</c> and <c>.git</c>, and case
/// (<c>https://github.com/o/r</c>, <c>git@github.com:o/r.git</c> and <c>ssh://git@github.com/o/r</c>
/// are one repository); a <c>*</c> of a rule's URL matches one path element, which fills the
/// pattern's <c>*</c>. A rule whose URL has fewer <c>*</c> than its pattern cannot be read
/// backwards and is skipped.
/// </summary>
public sealed class RepoModuleMap
{
    private readonly (Regex Url, string[] Pattern)[] _rules;

    /// <summary>Reads <paramref name="repos"/> (validated already by the direct upstream).</summary>
    public RepoModuleMap(string repos)
    {
        var rules = new List<(Regex, string[])>();
        foreach (var raw in repos.Split(','))
        {
            int eq = raw.IndexOf('=');
            if (eq <= 0) continue;
            var pattern = raw[..eq].Trim().Trim('/').Split('/');
            var url = Normalize(raw[(eq + 1)..].Trim());
            if (url is null || url.Count(c => c == '*') != pattern.Count(e => e == "*")) continue;
            var regex = "^" + Regex.Escape(url).Replace(@"\*", "([^/]+)", StringComparison.Ordinal) + "$";
            rules.Add((new Regex(regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), pattern));
        }
        _rules = [.. rules];
    }

    /// <summary>The module path prefixes (repository roots) whose code <paramref name="repositoryUrls"/> hold; the most specific rule first.</summary>
    public IReadOnlyList<string> RootsOf(IEnumerable<string> repositoryUrls)
    {
        var roots = new List<string>();
        foreach (var raw in repositoryUrls)
        {
            if (Normalize(raw) is not { } url) continue;
            foreach (var (regex, pattern) in _rules.OrderByDescending(r => r.Pattern.Length))
            {
                var m = regex.Match(url);
                if (!m.Success) continue;
                int star = 1;
                string root = string.Join('/', pattern.Select(e => e == "*" ? m.Groups[star++].Value : e));
                if (!roots.Contains(root, StringComparer.Ordinal)) roots.Add(root);
            }
        }
        return roots;
    }

    /// <summary>
    /// The module paths and version a tag of the repository at <paramref name="root"/> can be:
    /// <c>v1.2.0</c> is <c>root</c>@v1.2.0; <c>v2.0.0</c> is <c>root/v2</c>@v2.0.0 or
    /// <c>root</c>@v2.0.0(+incompatible, the upstream decides); <c>sub/v1.0.0</c> is
    /// <c>root/sub</c>@v1.0.0. Empty for a tag that is not a canonical semantic version.
    /// </summary>
    public static IReadOnlyList<(string Path, string Version)> TagModules(string root, string tag)
    {
        int slash = tag.LastIndexOf('/');
        string dir = slash < 0 ? "" : tag[..slash], version = tag[(slash + 1)..];
        if (!Semver.IsValid(version) || Semver.Canonical(version) != version) return [];
        string basePath = dir.Length == 0 ? root : root + "/" + dir;
        string major = Semver.Major(version);
        return major is "v0" or "v1"
            ? [(basePath, version)]
            : [(basePath + "/" + major, version), (basePath, version)];
    }

    /// <summary>The comparable form of a repository URL, or null when it is not one.</summary>
    public static string? Normalize(string url)
    {
        url = url.Trim();
        if (url.Length == 0) return null;
        string result;
        var scp = Regex.Match(url, @"^(?:[^@/:]+@)?([^/:]+):(?!//)(.+)$", RegexOptions.None, TimeSpan.FromSeconds(1));
        if (!url.Contains("://", StringComparison.Ordinal) && scp.Success && !Path.IsPathRooted(url))
            result = scp.Groups[1].Value + "/" + scp.Groups[2].Value.TrimStart('/');
        else if (url.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
            result = "file:" + Path.GetFullPath(Uri.UnescapeDataString(url["file://".Length..]));
        else if (url.Contains("://", StringComparison.Ordinal))
        {
            int start = url.IndexOf("://", StringComparison.Ordinal) + 3;
            string rest = url[start..];
            int at = rest.IndexOf('@'), slash0 = rest.IndexOf('/');
            if (at >= 0 && (slash0 < 0 || at < slash0)) rest = rest[(at + 1)..];
            int slash = rest.IndexOf('/');
            string host = slash < 0 ? rest : rest[..slash], path = slash < 0 ? "" : rest[slash..];
            int colon = host.IndexOf(':');
            if (colon >= 0) host = host[..colon];
            result = host + path;
        }
        else result = "file:" + Path.GetFullPath(url);
        result = result.TrimEnd('/');
        if (result.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) result = result[..^4];
        return result.TrimEnd('/');
    }
}
