using LibGit2Sharp;
using ModuleSdk.Cache;
using ModuleSdk.Direct;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Direct;

/// <summary>
/// A real git repository for direct-mode tests: a bare "remote" (<see cref="GitRepository"/>)
/// served through its file:// URL, commits made straight into the object database (exact trees,
/// symlinks and fixed times), lightweight and annotated tags, branches and merges. Also holds a
/// module cache and makes <see cref="DirectSource"/>s over both.
/// </summary>
public sealed class GitFixture : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly TempDir _dir = new("git");
    private readonly GitRepository _git;
    private int _clock;

    public GitFixture()
    {
        _git = new GitRepository(_dir.Combine("remote.git"));
        CacheRoot = _dir.Combine("modcache");
    }

    public Repository Repo => _git.Repo;
    public string RepoPath => _git.Path;
    public string Url => _git.Url;
    public string CacheRoot { get; }
    public ModuleCache Cache => new(CacheRoot);
    public string Dir => _dir.Path;
    public string Combine(string name) => _dir.Combine(name);

    /// <summary>MODREPOS rule mapping example.com/lib (and below) to this repository.</summary>
    public string Rule => "example.com/lib=" + Url;

    /// <summary>A direct source over this fixture's cache; <paramref name="insecure"/> is MODINSECURE (loopback git servers speak plain http).</summary>
    public DirectSource Source(string? rules = null, GitCredentials? credentials = null, HttpClient? http = null, string insecure = "") =>
        new(new DirectSourceOptions { Cache = Cache, Rules = RepoRules.Parse(rules ?? Rule), Credentials = credentials ?? GitCredentials.None, Http = http,
            Insecure = insecure });

    /// <summary>
    /// Commits on <paramref name="branch"/> (created if new): the tip's tree with
    /// <paramref name="files"/> applied (null content deletes; content starting with "->" makes a
    /// symlink to the rest, <see cref="GitFile.Shorthand"/>). Times advance by a minute per commit unless given.
    /// </summary>
    public Commit Commit(string message, (string Path, string? Content)[] files, string branch = "main", DateTimeOffset? when = null,
        Commit[]? extraParents = null, Commit? parent = null) =>
        _git.Commit(message, files.Select(f => GitFile.Shorthand(f.Path, f.Content)), when ?? T0.AddMinutes(_clock++), branch, extraParents, parent);

    public Commit Commit(string message, params (string Path, string? Content)[] files) => Commit(message, files, "main");

    public void Tag(string name, Commit target, bool annotated = false, bool force = false) =>
        _git.Tag(name, target, annotated, T0, "release " + name, force);

    public void Dispose()
    {
        _git.Dispose();
        _dir.Dispose();
    }
}
