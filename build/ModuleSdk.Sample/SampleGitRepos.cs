using LibGit2Sharp;
using ModuleSdk.Modules;

namespace ModuleSdk.Sample;

/// <summary>
/// Turns the source snapshots <c>&lt;name&gt;/&lt;version&gt;/</c> into bare git repositories
/// <c>&lt;name&gt;.git</c>, one commit and one annotated tag per version in semver order, so the
/// sample can also resolve its modules straight from git (direct mode).
/// </summary>
internal static class SampleGitRepos
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Write(string snapshots, string gitRoot)
    {
        foreach (var moduleDir in Directory.GetDirectories(snapshots).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(moduleDir);
            using var repo = new Repository(Repository.Init(Path.Combine(gitRoot, name + ".git"), isBare: true));
            var versions = Directory.GetDirectories(moduleDir).Select(Path.GetFileName).OfType<string>().ToList();
            Semver.Sort(versions);
            Commit? parent = null;
            for (int i = 0; i < versions.Count; i++)
            {
                var tree = new TreeDefinition();
                string root = Path.Combine(moduleDir, versions[i]);
                foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    string rel = Path.GetRelativePath(root, file).Replace('\\', '/');
                    var blob = repo.ObjectDatabase.CreateBlob(new MemoryStream(File.ReadAllBytes(file)));
                    tree.Add(rel, blob, Mode.NonExecutableFile);
                }
                var sig = new Signature("ModuleSdk sample", "sample@modulesdk.invalid", Start.AddDays(i));
                var commit = repo.ObjectDatabase.CreateCommit(sig, sig, $"{name} {versions[i]}\n", repo.ObjectDatabase.CreateTree(tree),
                    parent is null ? [] : [parent], prettifyMessage: false);
                repo.Refs.Add("refs/heads/main", commit.Id, allowOverwrite: true);
                repo.Tags.Add(versions[i], commit, sig, $"{name} {versions[i]}");
                parent = commit;
            }
            repo.Refs.UpdateTarget(repo.Refs.Head, "refs/heads/main");
        }
    }
}
