using ModuleSdk.Cache;

namespace ModuleSdk.Direct;

/// <summary>How a <see cref="DirectSource"/> finds and reaches repositories.</summary>
public sealed record DirectSourceOptions
{
    /// <summary>The module cache whose <c>cache/vcs/</c> holds the clones.</summary>
    public required ModuleCache Cache { get; init; }

    /// <summary>The <c>MODREPOS</c> rules, tried before hosting layouts and meta tags.</summary>
    public RepoRules Rules { get; init; } = RepoRules.Empty;

    /// <summary>
    /// <c>MODINSECURE</c>: module path (or repository host) globs that may use <c>http://</c> and
    /// <c>git://</c> repositories (<see cref="RepoUrlPolicy"/>).
    /// </summary>
    public string Insecure { get; init; } = "";

    /// <summary>Credentials for private repositories.</summary>
    public GitCredentials Credentials { get; init; } = GitCredentials.None;

    /// <summary>
    /// The client for <c>?go-get=1</c> meta-tag lookups; null turns them off (then only rules and
    /// hosting layouts map paths). The client's timeout bounds how long an unreachable host can stall.
    /// </summary>
    public HttpClient? Http { get; init; }

    /// <summary>How long to wait for another process's fetch of the same repository.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a repository's refs count as current before a version list or a branch query
    /// asks the remote again. Null (the default): once per source, as one go command run syncs
    /// each repository once. A long-running server sets it, or it would never see a new tag.
    /// </summary>
    public TimeSpan? SyncInterval { get; init; }

    /// <summary>Options for module proxies that vanity tags of kind <c>mod</c> point at.</summary>
    public Fetching.ProxyClientOptions? ProxyOptions { get; init; }
}
