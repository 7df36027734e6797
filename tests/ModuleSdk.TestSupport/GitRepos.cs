using ModuleSdk.Modules;

namespace ModuleSdk.Tests.TestSupport;

/// <summary>
/// A folder of real git repositories for direct mode: bare <c>&lt;name&gt;.git</c>
/// <see cref="GitRepository"/>s under one folder, a commit and a tag per release, and a
/// <c>MODREPOS</c> rule that maps <c>example.com/&lt;name&gt;</c> to them over <c>file://</c>.
/// </summary>
public sealed class GitRepos
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private int _clock;

    public GitRepos(string root)
    {
        Root = root;
        Directory.CreateDirectory(root);
    }

    /// <summary>The folder holding the bare repositories.</summary>
    public string Root { get; }

    /// <summary>The <c>MODREPOS</c> rule for every <c>example.com/&lt;name&gt;</c> module.</summary>
    public string Rule => "example.com/*=" + new Uri(Root + "/").AbsoluteUri + "*.git";

    /// <summary>
    /// One repository per <c>&lt;name&gt;/</c> of <paramref name="snapshots"/>, its
    /// <c>&lt;version&gt;/</c> folders committed in semver order, each tagged (annotated) with its version.
    /// </summary>
    public static GitRepos FromSnapshots(string snapshots, string root)
    {
        var repos = new GitRepos(root);
        foreach (var moduleDir in Directory.GetDirectories(snapshots).Order(StringComparer.Ordinal))
        {
            var versions = Directory.GetDirectories(moduleDir).Select(Path.GetFileName).OfType<string>().ToList();
            Semver.Sort(versions);
            foreach (var version in versions)
                repos.ReleaseDirectory(Path.GetFileName(moduleDir), version, annotated: true, Path.Combine(moduleDir, version));
        }
        return repos;
    }

    /// <summary>
    /// Releases the files of <paramref name="dir"/> (its bin/ and obj/ left out) as
    /// <see cref="Release(string, string, bool, (string Path, string Content)[])"/> does.
    /// </summary>
    public void ReleaseDirectory(string name, string tag, bool annotated, string dir)
    {
        var files = Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .Where(rel => !rel.StartsWith("bin/", StringComparison.Ordinal) && !rel.StartsWith("obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(rel => (rel, File.ReadAllText(Path.Combine(dir, rel))))
            .ToArray();
        Release(name, tag, annotated, files);
    }

    /// <summary>
    /// Commits <paramref name="files"/> (the whole tree of the new commit) on <c>main</c> of
    /// <paramref name="name"/><c>.git</c>, creating the repository if needed, and tags the commit <paramref name="tag"/>.
    /// </summary>
    public void Release(string name, string tag, bool annotated, params (string Path, string Content)[] files) =>
        Release(name, tag, annotated, files.Select(f => GitFile.Text(f.Path, f.Content)).ToArray());

    /// <summary><see cref="Release(string, string, bool, (string Path, string Content)[])"/> with binary files too; returns the commit's hash.</summary>
    public string Release(string name, string tag, bool annotated, params GitFile[] files)
    {
        using var repo = new GitRepository(Path.Combine(Root, name + ".git"), "ModuleSdk tests", "tests@modulesdk.invalid");
        var when = Start.AddDays(_clock++);
        var commit = repo.Commit($"{name} {tag}\n", files, when, replaceTree: true);
        repo.Tag(tag, commit, annotated, when, $"{name} {tag}");
        return commit.Sha;
    }
}
