using LibGit2Sharp;
using ModuleSdk.Diagnostics;
using ModuleSdk.Direct;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Direct;

/// <summary>
/// Fetching from a repository on this machine copies its packs and loose objects
/// (<see cref="LocalObjectCopy"/>); a repository whose objects cannot be copied as files goes
/// through libgit2's fetch instead, with the same result.
/// </summary>
[TestClass]
public class LocalObjectCopyTests
{
    private const string Lib = "example.com/lib";

    [TestMethod]
    [DataRow("file", true, DisplayName = "file:// URL of a bare repository")]
    [DataRow("path", true, DisplayName = "absolute path of a bare repository")]
    [DataRow("worktree", true, DisplayName = "work tree: its .git directory")]
    [DataRow("missing", false, DisplayName = "no repository there")]
    [DataRow("alternates", false, DisplayName = "objects borrowed through alternates")]
    [DataRow("https", false, DisplayName = "a remote URL")]
    [DataRow("remote-file", false, DisplayName = "file:// URL naming another host")]
    public void GitDirectory_LocalRepositoriesOnly(string kind, bool local)
    {
        using var dir = new TempDir("local");
        string bare = dir.Combine("r.git");
        Repository.Init(bare, isBare: true);
        string work = dir.Combine("work");
        Repository.Init(work);
        string alt = dir.Combine("alt.git");
        Repository.Init(alt, isBare: true);
        File.WriteAllText(Path.Combine(alt, "objects", "info", "alternates"), Path.Combine(bare, "objects") + "\n");
        string url = kind switch
        {
            "file" => new Uri(bare).AbsoluteUri,
            "path" => bare,
            "worktree" => work,
            "missing" => dir.Combine("nothing.git"),
            "alternates" => alt,
            "https" => "https://example.com/r.git",
            _ => "file://otherhost" + bare,
        };
        string? found = LocalObjectCopy.GitDirectory(url);
        if (!local) Assert.IsNull(found);
        else Assert.AreEqual(Path.GetFullPath(kind == "worktree" ? Path.Combine(work, ".git") : bare).TrimEnd('/'), found!.TrimEnd('/'));
    }

    [TestMethod]
    public async Task Copy_Incremental_NewMovedAndDeletedTags()
    {
        using var g = new GitFixture();
        var c1 = g.Commit("one", ("module.mod", "module example.com/lib\n"), ("a.cs", "1"));
        g.Tag("v1.0.0", c1);
        g.Tag("v1.0.1", c1);
        g.Repo.ObjectDatabase.Pack(new PackBuilderOptions(Path.Combine(g.RepoPath, "objects", "pack"))); // a pack, and the loose objects too
        using (var s = g.Source())
            CollectionAssert.AreEqual(new[] { "v1.0.0", "v1.0.1" }, (await s.VersionsAsync(Lib)).ToArray());

        // Upstream: a new tag on a new (loose) commit, v1.0.0 moved, v1.0.1 deleted.
        var c2 = g.Commit("two", ("a.cs", "2"));
        g.Tag("v1.1.0", c2, annotated: true);
        g.Tag("v1.0.0", c2, force: true);
        g.Repo.Tags.Remove("v1.0.1");
        using (var s = g.Source())
        {
            CollectionAssert.AreEqual(new[] { "v1.0.0", "v1.1.0" }, (await s.VersionsAsync(Lib)).ToArray());
            Assert.AreEqual(c2.Sha, (await s.StatAsync(Lib, "v1.0.0")).Origin!.Hash);
            Assert.AreEqual(c2.Sha, (await s.StatAsync(Lib, "v1.1.0")).Origin!.Hash);
        }
    }

    [TestMethod]
    public async Task Alternates_FetchedThroughLibGit2()
    {
        using var g = new GitFixture();
        var c1 = g.Commit("one", ("module.mod", "module example.com/lib\n"), ("a.cs", "1"));
        g.Tag("v1.0.0", c1, annotated: true);
        // A repository that holds refs only and borrows every object from the fixture's.
        string borrowed = g.Combine("borrowed.git");
        using (var b = new Repository(Repository.Init(borrowed, isBare: true)))
        {
            File.WriteAllText(Path.Combine(borrowed, "objects", "info", "alternates"), Path.Combine(g.RepoPath, "objects") + "\n");
            b.Refs.Add("refs/heads/main", c1.Id);
            b.Refs.Add("refs/tags/v1.0.0", g.Repo.Refs["refs/tags/v1.0.0"].TargetIdentifier);
        }
        using var s = g.Source("example.com/lib=" + new Uri(borrowed).AbsoluteUri);
        CollectionAssert.AreEqual(new[] { "v1.0.0" }, (await s.VersionsAsync(Lib)).ToArray());
        using var zip = new MemoryStream();
        await s.DownloadZipAsync(Lib, "v1.0.0", zip);
        Assert.IsTrue(zip.Length > 0);
        // The clone has the objects itself, not a link to the source's.
        foreach (var info in Directory.EnumerateFiles(Path.Combine(g.CacheRoot, "cache", "vcs"), "alternates", SearchOption.AllDirectories))
            Assert.Fail("the clone borrows objects: " + info);
    }

    [TestMethod]
    [DataRow(false, DisplayName = "local repository: objects copied, commit found")]
    [DataRow(true, DisplayName = "through libgit2, whose local transport sends no unadvertised commit: clear error")]
    public async Task Stat_CommitOnNoRef_FetchedByHash(bool throughLibGit2)
    {
        using var g = new GitFixture();
        var c1 = g.Commit("one", ("module.mod", "module example.com/lib\n"), ("a.cs", "1"));
        g.Tag("v1.0.0", c1);
        // A commit that no branch or tag reaches (a deleted branch's head).
        var sig = new Signature("Tester", "tester@example.com", GitFixture.T0.AddHours(1));
        var def = TreeDefinition.From(c1.Tree);
        def.Add("b.cs", g.Repo.ObjectDatabase.CreateBlob(new MemoryStream("2"u8.ToArray())), Mode.NonExecutableFile);
        var orphan = g.Repo.ObjectDatabase.CreateCommit(sig, sig, "orphan", g.Repo.ObjectDatabase.CreateTree(def), [c1], prettifyMessage: false);
        string url = g.Url;
        if (throughLibGit2)
        {
            string borrowed = g.Combine("borrowed.git");
            using var b = new Repository(Repository.Init(borrowed, isBare: true));
            File.WriteAllText(Path.Combine(borrowed, "objects", "info", "alternates"), Path.Combine(g.RepoPath, "objects") + "\n");
            b.Refs.Add("refs/heads/main", c1.Id);
            b.Refs.Add("refs/tags/v1.0.0", c1.Id);
            url = new Uri(borrowed).AbsoluteUri;
        }
        using var s = g.Source("example.com/lib=" + url);
        CollectionAssert.AreEqual(new[] { "v1.0.0" }, (await s.VersionsAsync(Lib)).ToArray()); // the clone is synced: the orphan is not in it
        if (!throughLibGit2)
        {
            var info = await s.StatAsync(Lib, orphan.Sha);
            Assert.AreEqual("v1.0.1-0.20210304060607-" + orphan.Sha[..12], info.Version);
        }
        var e = await Assert.ThrowsExactlyAsync<DirectNotFoundException>(() => s.StatAsync(Lib, throughLibGit2 ? orphan.Sha : new string('e', 40)));
        Assert.AreEqual(DiagnosticCodes.UnknownRevision, e.Code);
        StringAssert.Contains(e.Message, "no branch or tag of");
        StringAssert.Contains(e.Message, "uploadpack.allowAnySHA1InWant");
    }
}
