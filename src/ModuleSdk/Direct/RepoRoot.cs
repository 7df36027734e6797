namespace ModuleSdk.Direct;

/// <summary>
/// How a module path reaches its code: through a git repository, or (a vanity <c>go-import</c> tag
/// of kind <c>mod</c>) through a module proxy.
/// </summary>
public enum RepoKind
{
    /// <summary>A git repository.</summary>
    Git,

    /// <summary>A module proxy serving the module (Go's <c>mod</c> meta tag).</summary>
    ModuleProxy,
}

/// <summary>
/// Where a module path's code lives (Go's <c>vcs.RepoRoot</c>): <see cref="Root"/> is the module
/// path prefix that names the repository's root; whatever follows it in a module path names a
/// subdirectory and/or a major-version suffix. <see cref="Url"/> may hold credentials (from
/// <c>MODREPOS</c>); show <see cref="DisplayUrl"/> instead.
/// </summary>
/// <param name="Root">The module path prefix of the repository root, e.g. <c>github.com/o/r</c>.</param>
/// <param name="Url">The repository (or proxy) URL, or a local path.</param>
/// <param name="Kind">Git repository or module proxy.</param>
public sealed record RepoRoot(string Root, string Url, RepoKind Kind = RepoKind.Git)
{
    /// <summary>The URL without user information, for messages, <c>.info</c> Origins and cache names.</summary>
    public string DisplayUrl => GitCredentials.StripUserInfo(Url);
}
