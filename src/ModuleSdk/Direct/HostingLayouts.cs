using System.Text.RegularExpressions;

namespace ModuleSdk.Direct;

/// <summary>
/// Module paths whose repository follows from the path alone (Go's <c>vcsPaths</c> table): the
/// big hosting services, and any path with a <c>.git</c> element. Everything else needs
/// <c>MODREPOS</c> or a <c>go-import</c> meta tag.
/// </summary>
public static partial class HostingLayouts
{
    // github.com/owner/repo: owner and repo are one element each.
    [GeneratedRegex(@"^(?<root>github\.com/[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+)(/[A-Za-z0-9_.\-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex GitHub();

    [GeneratedRegex(@"^(?<root>bitbucket\.org/[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+)(/[A-Za-z0-9_.\-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Bitbucket();

    // gitlab.com/group/repo. GitLab's subgroups (gitlab.com/g/sub/repo) cannot be told apart from
    // a subdirectory by the path alone: those need the .git form, MODREPOS, or GitLab's go-get page.
    [GeneratedRegex(@"^(?<root>gitlab\.com/[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+)(/[A-Za-z0-9_.\-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex GitLab();

    // dev.azure.com/org/project/_git/repo, Azure DevOps' own URL layout.
    [GeneratedRegex(@"^(?<root>dev\.azure\.com/[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+/_git/[A-Za-z0-9_.\-]+)(/[A-Za-z0-9_.\-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Azure();

    // Any host: a path element ending in .git marks the repository (Go's generic rule).
    [GeneratedRegex(@"^(?<root>([a-z0-9.\-]+\.)+[a-z0-9.\-]+(/~?[A-Za-z0-9_.\-]+)+?\.git)(/~?[A-Za-z0-9_.\-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DotGit();

    /// <summary>The repository of <paramref name="modulePath"/> by its hosting layout, or null when the path has none.</summary>
    public static RepoRoot? Match(string modulePath)
    {
        foreach (var re in new[] { GitHub(), Bitbucket(), GitLab(), Azure() })
        {
            var m = re.Match(modulePath);
            if (m.Success)
            {
                var root = m.Groups["root"].Value;
                return new RepoRoot(root, "https://" + root);
            }
        }
        if (modulePath.StartsWith("github.com/", StringComparison.Ordinal) || modulePath.StartsWith("bitbucket.org/", StringComparison.Ordinal)
            || modulePath.StartsWith("dev.azure.com/", StringComparison.Ordinal))
            return null;
        var g = DotGit().Match(modulePath);
        if (g.Success)
        {
            var root = g.Groups["root"].Value;
            return new RepoRoot(root, "https://" + root);
        }
        return null;
    }

    /// <summary>Reports whether the path's host is one whose layout is fixed (so a failed match is final, no meta-tag lookup).</summary>
    public static bool IsKnownHost(string modulePath)
    {
        int slash = modulePath.IndexOf('/');
        string host = slash < 0 ? modulePath : modulePath[..slash];
        return host is "github.com" or "bitbucket.org" or "dev.azure.com";
    }
}
