namespace ModuleSdk.Fetching;

/// <summary>The <c>.info</c> of a version: Go's <c>modfetch.RevInfo</c>.</summary>
/// <param name="Version">The canonical version (a tag or a pseudo-version).</param>
/// <param name="Time">The commit time.</param>
/// <param name="Origin">Where it came from, when the source records it (direct mode).</param>
public sealed record RevInfo(string Version, DateTimeOffset Time, RevOrigin? Origin = null);

/// <summary>The optional <c>Origin</c> of an <c>.info</c>: Go's <c>codehost.Origin</c>.</summary>
public sealed record RevOrigin
{
    /// <summary>Version control system, <c>git</c>.</summary>
    public string? VCS { get; init; }
    /// <summary>Repository URL (never with credentials).</summary>
    public string? URL { get; init; }
    /// <summary>Subdirectory of the module in the repository.</summary>
    public string? Subdir { get; init; }
    /// <summary>Commit hash.</summary>
    public string? Hash { get; init; }
    /// <summary>Tag prefix for a subdirectory module.</summary>
    public string? TagPrefix { get; init; }
    /// <summary>Hash of the tag list.</summary>
    public string? TagSum { get; init; }
    /// <summary>The ref the version came from (<c>refs/tags/v1.2.0</c>).</summary>
    public string? Ref { get; init; }
    /// <summary>Hash of the repository's refs.</summary>
    public string? RepoSum { get; init; }
}
