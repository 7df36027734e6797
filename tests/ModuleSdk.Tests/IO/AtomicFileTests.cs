using ModuleSdk.IO;
using ModuleSdk.Tests.Cache;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.IO;

[TestClass]
public sealed class AtomicFileTests
{
    [TestMethod]
    public void WriteAllText_NewFileInNewDirectory_WritesExactBytesAndLeavesNoTemp()
    {
        using var dir = new TempDir("atomic");
        var file = dir.Combine("a", "b", "v1.0.0.ziphash");
        AtomicFile.WriteAllText(file, "h1:abc");
        CollectionAssert.AreEqual("h1:abc"u8.ToArray(), File.ReadAllBytes(file)); // no BOM, no newline
        Assert.HasCount(1, Directory.GetFiles(dir.Combine("a", "b")));
    }

    [TestMethod]
    public void WriteAllBytes_ExistingFile_ReplacesContent()
    {
        using var dir = new TempDir("atomic");
        var file = dir.Combine("f");
        File.WriteAllText(file, "old content that is longer");
        AtomicFile.WriteAllBytes(file, "new"u8);
        Assert.AreEqual("new", File.ReadAllText(file));
    }

    [TestMethod]
    public void Create_BeforeCommit_TargetKeepsOldContent()
    {
        using var dir = new TempDir("atomic");
        var file = dir.Combine("f");
        File.WriteAllText(file, "old");
        using var writer = AtomicFile.Create(file);
        writer.Stream.Write("new content"u8);
        writer.Stream.Flush();
        Assert.AreEqual("old", File.ReadAllText(file), "a reader must not see the write before the rename");
        Assert.IsTrue(AtomicFile.IsTemporaryFileOf(Path.GetFileName(writer.TemporaryPath), "f"));
        writer.Commit();
        Assert.AreEqual("new content", File.ReadAllText(file));
        Assert.IsFalse(File.Exists(writer.TemporaryPath));
    }

    [TestMethod]
    public void Dispose_WithoutCommit_DeletesTemporaryFileAndKeepsTarget()
    {
        using var dir = new TempDir("atomic");
        var file = dir.Combine("f");
        File.WriteAllText(file, "old");
        string temp;
        using (var writer = AtomicFile.Create(file))
        {
            writer.Stream.Write("half"u8);
            temp = writer.TemporaryPath;
        }
        Assert.IsFalse(File.Exists(temp));
        Assert.AreEqual("old", File.ReadAllText(file));
        Assert.HasCount(1, Directory.GetFiles(dir.Path));
    }

    [TestMethod]
    public void Create_ConcurrentWriters_LastCommitWinsWithWholeContent()
    {
        using var dir = new TempDir("atomic");
        var file = dir.Combine("f");
        var contents = Enumerable.Range(0, 16).Select(i => new string((char)('a' + i), 10_000 + i)).ToArray();
        Parallel.ForEach(contents, c => AtomicFile.WriteAllText(file, c));
        CollectionAssert.Contains(contents, File.ReadAllText(file)); // one whole write, never a mix
        Assert.HasCount(1, Directory.GetFiles(dir.Path));
    }

    [TestMethod]
    [DataRow("v1.0.0.zip123.tmp", "v1.0.0.zip", true)]
    [DataRow("v1.0.0.zip0.tmp", "v1.0.0.zip", true)]
    [DataRow("v1.0.0.zip.tmp", "v1.0.0.zip", false)]
    [DataRow("v1.0.0.ziphash123.tmp", "v1.0.0.zip", false)]
    [DataRow("v1.0.0.zip12a.tmp", "v1.0.0.zip", false)]
    [DataRow("v1.0.0.zip123", "v1.0.0.zip", false)]
    [DataRow("v1.0.0.mod5.tmp", "v1.0.0.zip", false)]
    public void IsTemporaryFileOf_Names(string name, string target, bool expected) =>
        Assert.AreEqual(expected, AtomicFile.IsTemporaryFileOf(name, target));

    [TestMethod]
    public void RemoveTemporaryFiles_RemovesOnlyThatFilesTemps()
    {
        using var dir = new TempDir("atomic");
        foreach (var name in new[] { "v1.0.0.zip", "v1.0.0.zip42.tmp", "v1.0.0.zip7.tmp", "v1.0.0.ziphash9.tmp", "v1.0.0.zipx.tmp" })
            File.WriteAllText(dir.Combine(name), "x");
        AtomicFile.RemoveTemporaryFiles(dir.Combine("v1.0.0.zip"));
        CollectionAssert.AreEquivalent(new[] { "v1.0.0.zip", "v1.0.0.ziphash9.tmp", "v1.0.0.zipx.tmp" },
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void RemoveTemporaryFiles_MissingDirectory_DoesNothing()
    {
        using var dir = new TempDir("atomic");
        AtomicFile.RemoveTemporaryFiles(dir.Combine("no", "such", "file"));
        Assert.IsFalse(Directory.Exists(dir.Combine("no")));
    }
}
