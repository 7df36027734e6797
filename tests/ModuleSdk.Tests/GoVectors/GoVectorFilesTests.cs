using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.GoVectors;

[TestClass]
public class GoVectorFilesTests
{
    [TestMethod]
    public void Locate_SharedBesideTheClone()
    {
        using var tmp = new TempDir("vec-locate");
        string clone = tmp.Combine("clone");
        Directory.CreateDirectory(clone);
        Assert.IsNull(GoVectorFiles.Locate(clone).Dir);
        string vectors = tmp.Combine("shared", "go-vectors");
        Directory.CreateDirectory(vectors);
        File.WriteAllText(Path.Combine(vectors, "README.md"), "vectors");
        Assert.AreEqual(vectors, GoVectorFiles.Locate(clone).Dir);
    }

    [TestMethod]
    public void Locate_GitWorktree_AlsoBesideTheMainClone()
    {
        using var tmp = new TempDir("vec-locate");
        string main = tmp.Combine("main"), worktree = tmp.Combine("wt", "branch");
        Directory.CreateDirectory(Path.Combine(main, ".git", "worktrees", "branch"));
        Directory.CreateDirectory(worktree);
        File.WriteAllText(Path.Combine(worktree, ".git"), $"gitdir: {Path.Combine(main, ".git", "worktrees", "branch")}\n");
        string vectors = tmp.Combine("shared", "go-vectors");
        Directory.CreateDirectory(vectors);
        File.WriteAllText(Path.Combine(vectors, "README.md"), "vectors");
        Assert.AreEqual(vectors, GoVectorFiles.Locate(worktree).Dir);
    }

    [TestMethod]
    public void Missing_FailsUnderCi_InconclusiveElsewhere()
    {
        var ci = Assert.ThrowsExactly<AssertFailedException>(() => GoVectorFiles.Missing("/x", ci: true));
        StringAssert.Contains(ci.Message, "shared/go-vectors");
        Assert.ThrowsExactly<AssertInconclusiveException>(() => GoVectorFiles.Missing("/x", ci: false));
    }
}
