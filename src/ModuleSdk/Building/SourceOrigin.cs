using ModuleSdk.Fetching;

namespace ModuleSdk.Building;

/// <summary>
/// Where a module version's source lives, for debuggers (SourceLink): the repository, the
/// commit and the module's subdirectory, from the <c>.info</c> <c>Origin</c> that direct mode
/// records (a proxy passes it on when it has it). A module copy is not a git checkout, so the
/// SDK's SourceLink cannot find this itself; the build is given it instead.
/// </summary>
/// <param name="RepositoryUrl">The repository URL, without credentials; null when unknown.</param>
/// <param name="Revision">The commit hash; null when unknown.</param>
/// <param name="Subdirectory">The module's directory in the repository, <c>/</c>-separated; empty at the root.</param>
public sealed record SourceOrigin(string? RepositoryUrl, string? Revision, string Subdirectory)
{
    /// <summary>The origin of an <c>.info</c>; null when it records none (a proxy without origins, a replacement directory).</summary>
    public static SourceOrigin? From(RevOrigin? origin)
    {
        if (origin is null || (origin.URL is null && origin.Hash is null)) return null;
        if (origin.VCS is not null && origin.VCS != "git") return null;
        return new SourceOrigin(Redact(origin.URL), origin.Hash, (origin.Subdir ?? "").Trim('/'));
    }

    /// <summary>
    /// The SourceLink URL pattern (ending in <c>*</c>) that serves this commit's files over HTTPS,
    /// for the hosts whose raw-file URLs are known (github.com, gitlab.com, bitbucket.org); null
    /// otherwise (a <c>file://</c> or self-hosted repository): the build then embeds the sources
    /// in the PDB so a debugger still shows the real code.
    /// </summary>
    public string? SourceLinkUrl
    {
        get
        {
            if (RepositoryUrl is null || Revision is null || !IsHex(Revision)) return null;
            if (!Uri.TryCreate(RepositoryUrl, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http")) return null;
            var parts = uri.AbsolutePath.Trim('/').Split('/');
            if (parts.Length != 2 || parts.Any(p => p.Length == 0)) return null;
            string owner = parts[0], repo = parts[1].EndsWith(".git", StringComparison.Ordinal) ? parts[1][..^4] : parts[1];
            string sub = Subdirectory.Length == 0 ? "" : Subdirectory + "/";
            return uri.Host.ToLowerInvariant() switch
            {
                "github.com" => $"https://raw.githubusercontent.com/{owner}/{repo}/{Revision}/{sub}*",
                "gitlab.com" => $"https://gitlab.com/{owner}/{repo}/-/raw/{Revision}/{sub}*",
                "bitbucket.org" => $"https://bitbucket.org/{owner}/{repo}/raw/{Revision}/{sub}*",
                _ => null,
            };
        }
    }

    private static bool IsHex(string s) => s.Length >= 7 && s.All(char.IsAsciiHexDigit);

    // Origins are written by direct mode without credentials; a proxy's could carry them.
    private static string? Redact(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length == 0) return url;
        return new UriBuilder(uri) { UserName = "", Password = "" }.Uri.AbsoluteUri;
    }
}
