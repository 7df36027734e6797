using System.Text;
using LibGit2Sharp;

namespace ModuleSdk.Tests.TestSupport;

/// <summary>One file of a commit: its bytes, or null to delete it; a symlink's content is its target.</summary>
/// <param name="Path">The path in the tree, <c>/</c>-separated.</param>
/// <param name="Content">The blob's bytes; null removes the path from the tree.</param>
/// <param name="Symlink">Whether the entry is a symbolic link to <paramref name="Content"/>.</param>
public sealed record GitFile(string Path, byte[]? Content, bool Symlink = false)
{
    /// <summary>A text file, UTF-8 without a byte order mark.</summary>
    public static GitFile Text(string path, string content) => new(path, Encoding.UTF8.GetBytes(content));

    /// <summary>
    /// The shorthand of <see cref="Direct.GitFixture"/>'s tests: null deletes, content starting with
    /// <c>-&gt;</c> is a symlink to the rest, anything else a text file.
    /// </summary>
    public static GitFile Shorthand(string path, string? content) =>
        content is null ? new(path, null)
        : content.StartsWith("->", StringComparison.Ordinal) ? new(path, Encoding.UTF8.GetBytes(content[2..]), Symlink: true)
        : Text(path, content);
}

/// <summary>
/// A real bare git repository the tests write with LibGit2Sharp, the one way test projects make
/// git repositories (<see cref="Direct.GitFixture"/> for direct-mode unit tests,
/// <see cref="GitRepos"/> for a folder of them): commits go straight into the object database, so
/// trees, symlinks, times and parents are exactly what the test says, with no git command, work
/// tree or user configuration involved.
/// </summary>
public sealed class GitRepository : IDisposable
{
    private readonly string _name;
    private readonly string _email;

    /// <summary>Opens the bare repository at <paramref name="path"/>, creating it when missing.</summary>
    public GitRepository(string path, string name = "Tester", string email = "tester@example.com")
    {
        Path = path;
        Repo = new Repository(Directory.Exists(path) ? path : Repository.Init(path, isBare: true));
        _name = name;
        _email = email;
    }

    /// <summary>The repository's folder.</summary>
    public string Path { get; }

    /// <summary>The <c>file://</c> URL direct mode reads it through.</summary>
    public string Url => new Uri(Path).AbsoluteUri;

    /// <summary>The LibGit2Sharp repository, for what a test does beyond commits and tags.</summary>
    public Repository Repo { get; }

    /// <summary>A signature of this repository's author at <paramref name="when"/>.</summary>
    public Signature Signature(DateTimeOffset when) => new(_name, _email, when);

    /// <summary>
    /// Commits <paramref name="files"/> on <paramref name="branch"/> (created if new) at
    /// <paramref name="when"/>: applied to the tree of <paramref name="parent"/> (default: the
    /// branch's tip), or making the whole tree when <paramref name="replaceTree"/>. HEAD follows
    /// <c>main</c> once it exists.
    /// </summary>
    public Commit Commit(string message, IEnumerable<GitFile> files, DateTimeOffset when, string branch = "main",
        Commit[]? extraParents = null, Commit? parent = null, bool replaceTree = false)
    {
        var tip = parent ?? Repo.Branches[branch]?.Tip;
        var def = tip is null || replaceTree ? new TreeDefinition() : TreeDefinition.From(tip.Tree);
        foreach (var file in files)
        {
            if (file.Content is null) { def.Remove(file.Path); continue; }
            var blob = Repo.ObjectDatabase.CreateBlob(new MemoryStream(file.Content));
            def.Add(file.Path, blob, file.Symlink ? Mode.SymbolicLink : Mode.NonExecutableFile);
        }
        var tree = Repo.ObjectDatabase.CreateTree(def);
        var sig = Signature(when);
        var parents = new List<Commit>();
        if (tip is not null) parents.Add(tip);
        if (extraParents is not null) parents.AddRange(extraParents);
        var commit = Repo.ObjectDatabase.CreateCommit(sig, sig, message, tree, parents, prettifyMessage: false);
        Repo.Refs.Add("refs/heads/" + branch, commit.Id, allowOverwrite: true);
        if (Repo.Refs.Head is SymbolicReference head && head.TargetIdentifier != "refs/heads/main" && branch == "main")
            Repo.Refs.UpdateTarget(head, Repo.Refs["refs/heads/main"]);
        return commit;
    }

    /// <summary>Tags <paramref name="target"/>: lightweight, or annotated by this author at <paramref name="when"/> with <paramref name="message"/>.</summary>
    public void Tag(string name, Commit target, bool annotated, DateTimeOffset when, string message, bool force = false)
    {
        if (annotated) Repo.Tags.Add(name, target, Signature(when), message, force);
        else Repo.Tags.Add(name, target, force);
    }

    /// <inheritdoc/>
    public void Dispose() => Repo.Dispose();
}
