using System.Text;
using LibGit2Sharp;
using ModuleSdk.Cache;
using ModuleSdk.Direct;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Direct;

/// <summary>
/// A real git repository built with LibGit2Sharp for direct-mode tests: a bare "remote" served
/// through its file:// URL, commits made straight into the object database (exact trees,
/// symlinks and fixed times), lightweight and annotated tags, branches and merges. Also holds a
/// module cache and makes <see cref="DirectSource"/>s over both.
/// </summary>
public sealed class GitFixture : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly TempDir _dir = new("git");
    private int _clock;

    public GitFixture()
    {
        RepoPath = _dir.Combine("remote.git");
        Repo = new Repository(Repository.Init(RepoPath, isBare: true));
        CacheRoot = _dir.Combine("modcache");
    }

    public Repository Repo { get; }
    public string RepoPath { get; }
    public string Url => new Uri(RepoPath).AbsoluteUri;
    public string CacheRoot { get; }
    public ModuleCache Cache => new(CacheRoot);
    public string Dir => _dir.Path;
    public string Combine(string name) => _dir.Combine(name);

    /// <summary>MODREPOS rule mapping example.com/lib (and below) to this repository.</summary>
    public string Rule => "example.com/lib=" + Url;

    /// <summary>A direct source over this fixture's cache; <paramref name="insecure"/> is MODINSECURE (loopback git servers speak plain http).</summary>
    public DirectSource Source(string? rules = null, GitCredentials? credentials = null, HttpClient? http = null, string insecure = "") =>
        new(new DirectSourceOptions { Cache = Cache, Rules = RepoRules.Parse(rules ?? Rule), Credentials = credentials ?? GitCredentials.None, Http = http, Insecure = insecure });

    /// <summary>
    /// Commits on <paramref name="branch"/> (created if new): the tip's tree with
    /// <paramref name="files"/> applied (null content deletes; content starting with "->" makes a
    /// symlink to the rest). Times advance by a minute per commit unless given.
    /// </summary>
    public Commit Commit(string message, (string Path, string? Content)[] files, string branch = "main", DateTimeOffset? when = null, Commit[]? extraParents = null, Commit? parent = null)
    {
        var tip = parent ?? Repo.Branches[branch]?.Tip;
        var def = tip is null ? new TreeDefinition() : TreeDefinition.From(tip.Tree);
        foreach (var (path, content) in files)
        {
            if (content is null) { def.Remove(path); continue; }
            bool link = content.StartsWith("->", StringComparison.Ordinal);
            var blob = Repo.ObjectDatabase.CreateBlob(new MemoryStream(Encoding.UTF8.GetBytes(link ? content[2..] : content)));
            def.Add(path, blob, link ? Mode.SymbolicLink : Mode.NonExecutableFile);
        }
        var tree = Repo.ObjectDatabase.CreateTree(def);
        var time = when ?? T0.AddMinutes(_clock++);
        var sig = new Signature("Tester", "tester@example.com", time);
        var parents = new List<Commit>();
        if (tip is not null) parents.Add(tip);
        if (extraParents is not null) parents.AddRange(extraParents);
        var commit = Repo.ObjectDatabase.CreateCommit(sig, sig, message, tree, parents, prettifyMessage: false);
        Repo.Refs.UpdateTarget(Repo.Refs.Add("refs/heads/" + branch, commit.Id, allowOverwrite: true), commit.Id);
        if (Repo.Refs.Head is SymbolicReference head && head.TargetIdentifier != "refs/heads/main" && branch == "main")
            Repo.Refs.UpdateTarget(head, Repo.Refs["refs/heads/main"]);
        return commit;
    }

    public Commit Commit(string message, params (string Path, string? Content)[] files) => Commit(message, files, "main");

    public void Tag(string name, Commit target, bool annotated = false, bool force = false)
    {
        if (annotated) Repo.Tags.Add(name, target, new Signature("Tester", "tester@example.com", T0), "release " + name, force);
        else Repo.Tags.Add(name, target, force);
    }

    public void Dispose()
    {
        Repo.Dispose();
        _dir.Dispose();
    }
}
