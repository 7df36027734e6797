using System.Collections.Concurrent;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;

namespace ModuleSdk.Direct;

/// <summary>
/// Direct mode (SPEC §5): modules straight from git repositories, the <c>direct</c> entry of
/// <c>MODPROXY</c> and the route of <c>MODPRIVATE</c> paths. A module path maps to a repository
/// by <c>MODREPOS</c> (longest rule first), else a known hosting layout
/// (<see cref="HostingLayouts"/>), else the <c>?go-get=1</c> meta tags of the path
/// (<see cref="VanityImports"/>). Versions are the repository's semver tags; branches and commits
/// resolve to pseudo-versions; zips are built from the tree at the tag, by the zip rules, so that
/// every machine gets the same <c>h1:</c> as the go command. Thread-safe.
/// </summary>
public sealed class DirectSource : IModuleSource, IZipBuildingSource, IDisposable
{
    private readonly DirectSourceOptions _options;
    private readonly ConcurrentDictionary<string, Lazy<Task<IModuleSource>>> _modules = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, GitRepo> _repos = new(StringComparer.Ordinal);

    /// <summary>Creates the source.</summary>
    public DirectSource(DirectSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Shown as the source of fetched files.</summary>
    public override string ToString() => "direct";

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> VersionsAsync(string path, string prefix = "", CancellationToken cancellationToken = default) =>
        await (await ModuleAsync(path, cancellationToken).ConfigureAwait(false)).VersionsAsync(path, prefix, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<RevInfo> StatAsync(string path, string revision, CancellationToken cancellationToken = default) =>
        await (await ModuleAsync(path, cancellationToken).ConfigureAwait(false)).StatAsync(path, revision, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<RevInfo> LatestAsync(string path, CancellationToken cancellationToken = default) =>
        await (await ModuleAsync(path, cancellationToken).ConfigureAwait(false)).LatestAsync(path, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<byte[]> GetModAsync(string path, string version, CancellationToken cancellationToken = default) =>
        await (await ModuleAsync(path, cancellationToken).ConfigureAwait(false)).GetModAsync(path, version, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task DownloadZipAsync(string path, string version, Stream destination, CancellationToken cancellationToken = default) =>
        await (await ModuleAsync(path, cancellationToken).ConfigureAwait(false))
            .DownloadZipAsync(path, version, destination, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    /// <remarks>A zip built from a git repository comes with its hash; one from a vanity import's proxy without.</remarks>
    public async Task<string?> DownloadZipBuiltAsync(string path, string version, Stream destination, CancellationToken cancellationToken = default)
    {
        var module = await ModuleAsync(path, cancellationToken).ConfigureAwait(false);
        if (module is IZipBuildingSource builder)
            return await builder.DownloadZipBuiltAsync(path, version, destination, cancellationToken).ConfigureAwait(false);
        await module.DownloadZipAsync(path, version, destination, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Makes <paramref name="path"/>'s repository list the remote's refs again now, fetching what
    /// changed: a clone is otherwise synced once per source (a server learns of new tags from a
    /// webhook or a poll and calls this). Throws like the other requests when the repository
    /// cannot be reached; does nothing for a module served by a vanity proxy.
    /// </summary>
    public async Task RefreshAsync(string path, CancellationToken cancellationToken = default)
    {
        if (await ModuleAsync(path, cancellationToken).ConfigureAwait(false) is GitModule git)
            await git.RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where <paramref name="path"/>'s code lives, without touching the repository.</summary>
    public async Task<RepoRoot> ResolveRootAsync(string path, CancellationToken cancellationToken = default)
    {
        ModulePath.CheckPath(path);
        if (_options.Rules.Match(path) is { } ruled)
        {
            RepoUrlPolicy.Check(path, ruled.Url, _options.Insecure, fromPage: null);
            return ruled;
        }
        if (HostingLayouts.Match(path) is { } hosted) return hosted;
        if (HostingLayouts.IsKnownHost(path))
            throw new DirectNotFoundException(DiagnosticCodes.RepositoryNotFound,
                $"module {path}: not a valid repository path for its host (want host/owner/repo)");
        if (_options.Http is null)
            throw new ModuleException(DiagnosticCodes.RepositoryUnknown,
                $"module {path}: no repository known for this path; map it with {RepoRules.EnvironmentVariable}=<pattern>=<git url> " +
                $"(for example {FirstElement(path)}/*=https://git.example.com/*.git)");
        return await VanityImports.ResolveAsync(_options.Http, path, cancellationToken, _options.Insecure).ConfigureAwait(false);
    }

    private static string FirstElement(string path) => path.Split('/')[0];

    private async Task<IModuleSource> ModuleAsync(string path, CancellationToken cancellationToken)
    {
        var lazy = _modules.GetOrAdd(path, p => new Lazy<Task<IModuleSource>>(() => CreateModuleAsync(p)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed lookup (a network blip) is not remembered.
            _modules.TryRemove(new KeyValuePair<string, Lazy<Task<IModuleSource>>>(path, lazy));
            throw;
        }
    }

    private async Task<IModuleSource> CreateModuleAsync(string path)
    {
        var root = await ResolveRootAsync(path, CancellationToken.None).ConfigureAwait(false);
        if (root.Kind == RepoKind.ModuleProxy) return new ProxyClient(root.Url, _options.ProxyOptions);
        var repo = _repos.GetOrAdd(root.DisplayUrl, _ =>
            new GitRepo(root.Url, _options.Cache.VcsDirectory("git", root.DisplayUrl), _options.Credentials, _options.LockTimeout, _options.SyncInterval));
        return new GitModule(repo, path, root.Root);
    }

    /// <summary>Closes the repositories.</summary>
    public void Dispose()
    {
        foreach (var r in _repos.Values) r.Dispose();
        _repos.Clear();
    }
}
