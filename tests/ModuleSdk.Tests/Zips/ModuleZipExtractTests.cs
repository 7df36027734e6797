using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Sums;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Zips;

namespace ModuleSdk.Tests.Zips;

[TestClass]
public class ModuleZipExtractTests
{
    private static readonly ModuleId M = new("example.com/m", "v1.0.0");
    private const string P = "example.com/m@v1.0.0/";

    private static string WriteZip(TempDir dir, byte[] zip)
    {
        var file = dir.Combine("m.zip");
        File.WriteAllBytes(file, zip);
        return file;
    }

    /// <summary>Extraction must fail with <paramref name="codes"/> and leave the directory holding only the zip.</summary>
    private static ModuleException AssertRefused(byte[] zip, params string[] codes)
    {
        using var dir = new TempDir("unzip");
        var file = WriteZip(dir, zip);
        var ex = Assert.ThrowsExactly<ModuleException>(() => ModuleZip.Extract(file, M, dir.Combine("out")));
        CollectionAssert.Contains(codes, ex.Code, ex.ToString());
        CollectionAssert.AreEqual(new[] { "m.zip" }, Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).ToArray(),
            "extraction left something behind");
        Assert.IsFalse(File.Exists(Path.Combine(Path.GetTempPath(), "evil")));
        return ex;
    }

    // Rewrites the declared uncompressed size of entry `index` in both its local and central headers.
    private static byte[] PatchSize(byte[] zip, int index, uint size)
    {
        zip = (byte[])zip.Clone();
        int local = 0, central = 0;
        for (int i = 0; i + 4 <= zip.Length; i++)
        {
            uint sig = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (sig == 0x04034b50 && local++ == index) BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
            if (sig == 0x02014b50 && central++ == index) BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
        }
        return zip;
    }

    private static byte[] ReplaceBytes(byte[] zip, string from, byte[] to)
    {
        var f = Encoding.ASCII.GetBytes(from);
        var result = (byte[])zip.Clone();
        for (int i = 0; i + f.Length <= result.Length; i++)
            if (result.AsSpan(i, f.Length).SequenceEqual(f)) to.CopyTo(result, i);
        return result;
    }

    [TestMethod]
    public void Extract_Canceled_StopsAndLeavesNothing()
    {
        using var dir = new TempDir("unzip");
        var ms = new MemoryStream();
        ModuleZip.Create(ms, M, ZipFiles.Memory("module.mod", "module example.com/m\n", "src/a/A.cs", "class A {}"));
        var file = WriteZip(dir, ms.ToArray());
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsExactly<OperationCanceledException>(() => ModuleZip.Extract(file, M, dir.Combine("out"), cancel.Token));
        CollectionAssert.AreEqual(new[] { "m.zip" }, Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).ToArray(),
            "no target, no temporary tree");
    }

    [TestMethod]
    public void Extract_ValidZip_ReadOnlyTreeHashingLikeTheZip()
    {
        using var dir = new TempDir("unzip");
        var ms = new MemoryStream();
        ModuleZip.Create(ms, M, ZipFiles.Memory("module.mod", "module example.com/m\n", "src/a/A.cs", "class A {}", "LICENSE", "MIT"));
        var file = WriteZip(dir, ms.ToArray());
        ModuleZip.Extract(file, M, dir.Combine("out"));
        Assert.AreEqual("class A {}", File.ReadAllText(dir.Combine("out", "src", "a", "A.cs")));
        Assert.AreEqual(Hash1.HashZip(file), Hash1.HashDir(dir.Combine("out"), "example.com/m@v1.0.0"));
        CollectionAssert.AreEquivalent(new[] { "m.zip", "out" }, Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).ToArray());
        if (!OperatingSystem.IsWindows())
        {
            var r = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            var rx = r | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            Assert.AreEqual(r, File.GetUnixFileMode(dir.Combine("out", "src", "a", "A.cs")));
            Assert.AreEqual(rx, File.GetUnixFileMode(dir.Combine("out", "src", "a")));
            Assert.AreEqual(rx, File.GetUnixFileMode(dir.Combine("out")));
        }
    }

    [TestMethod]
    public void Extract_EmptyTargetDirectory_Accepted()
    {
        using var dir = new TempDir("unzip");
        var file = WriteZip(dir, GoProxyFixture.RawZip((P + "a.cs", "a")));
        Directory.CreateDirectory(dir.Combine("out"));
        ModuleZip.Extract(file, M, dir.Combine("out"));
        Assert.IsTrue(File.Exists(dir.Combine("out", "a.cs")));
    }

    [TestMethod]
    public void Extract_TargetNotEmptyOrAFile_RefusedUntouched()
    {
        using var dir = new TempDir("unzip");
        var file = WriteZip(dir, GoProxyFixture.RawZip((P + "a.cs", "a")));
        Directory.CreateDirectory(dir.Combine("out"));
        File.WriteAllText(dir.Combine("out", "keep"), "mine");
        var ex = Assert.ThrowsExactly<ModuleException>(() => ModuleZip.Extract(file, M, dir.Combine("out")));
        Assert.AreEqual(DiagnosticCodes.ZipTargetNotEmpty, ex.Code);
        StringAssert.Contains(ex.Message, "exists and is not empty");
        Assert.AreEqual("mine", File.ReadAllText(dir.Combine("out", "keep")));
        File.WriteAllText(dir.Combine("afile"), "");
        Assert.AreEqual(DiagnosticCodes.ZipTargetNotEmpty, Assert.ThrowsExactly<ModuleException>(() => ModuleZip.Extract(file, M, dir.Combine("afile"))).Code);
    }

    [TestMethod]
    [DataRow(P + "../../evil", DiagnosticCodes.ZipBadFileName, "'..' path element")]
    [DataRow(P + "a/../../../evil", DiagnosticCodes.ZipBadFileName, "file path is not clean")]
    [DataRow("/tmp/evil", DiagnosticCodes.ZipBadPrefix, "path does not have prefix \"example.com/m@v1.0.0/\"")]
    [DataRow(P + "/tmp/evil", DiagnosticCodes.ZipBadFileName, "file path is not relative")]
    [DataRow(P + "..\\..\\evil", DiagnosticCodes.ZipBadFileName, "backslash")]
    [DataRow(P + "C:/evil", DiagnosticCodes.ZipBadFileName, "drive letter")]
    [DataRow("example.com/m@v1.0.1/a", DiagnosticCodes.ZipBadPrefix, "path does not have prefix")]
    [DataRow("example.com/m/a", DiagnosticCodes.ZipBadPrefix, "path does not have prefix")]
    [DataRow(P + "sub/module.mod", DiagnosticCodes.ZipModFileNotInRoot, "module.mod file not in module root directory")]
    [DataRow(P + "sub/MODULE.MOD", DiagnosticCodes.ZipModFileNotInRoot, "module.mod file not in module root directory")]
    [DataRow(P + "Module.Mod", DiagnosticCodes.ZipModFileCase, "module.mod files must have lowercase names")]
    [DataRow(P + "x.cs'", DiagnosticCodes.InvalidFilePath, "malformed file path \"x.cs'\"")]
    [DataRow(P + "aux.cs", DiagnosticCodes.InvalidFilePath, "malformed file path")]
    public void Extract_HostileEntryName_RefusedLeavingNothing(string name, string code, string message)
    {
        var ex = AssertRefused(GoProxyFixture.RawZip((P + "good.cs", "fine"), (name, "x")), code);
        StringAssert.Contains(ex.Message, message);
    }

    [TestMethod]
    [DataRow("a.txt", "A.TXT", DiagnosticCodes.ZipCaseCollision)]
    [DataRow("a.txt", "a.txt", DiagnosticCodes.ZipDuplicateFile)]
    [DataRow("a", "a/b", DiagnosticCodes.ZipFileAndDirectory)]
    [DataRow("a/b", "a", DiagnosticCodes.ZipFileAndDirectory)]
    [DataRow("d/x", "D/y", DiagnosticCodes.ZipCaseCollision)]
    public void Extract_CollidingEntries_RefusedLeavingNothing(string a, string b, string code)
    {
        AssertRefused(GoProxyFixture.RawZip((P + a, "1"), (P + b, "2")), code);
    }

    [TestMethod]
    public void Extract_SymlinkEntry_Refused()
    {
        var ms = new MemoryStream();
        using (var z = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            var e = z.CreateEntry(P + "link");
            e.ExternalAttributes = unchecked((int)0xA1FF0000);
            using var s = e.Open();
            s.Write("/etc/passwd"u8);
        }
        var ex = AssertRefused(ms.ToArray(), DiagnosticCodes.ZipSymlink);
        StringAssert.Contains(ex.Message, "symbolic link");
    }

    [TestMethod]
    public void Extract_ContentLargerThanDeclared_RefusedLeavingNothing()
    {
        var zip = GoProxyFixture.RawZip((P + "a.cs", "fine"), (P + "bomb.bin", new string('a', 100_000)));
        AssertRefused(PatchSize(zip, 1, 10), DiagnosticCodes.ZipSizeMismatch, DiagnosticCodes.ZipUnreadable);
    }

    [TestMethod]
    public void Extract_DeclaredTotalOver500MiB_Refused()
    {
        var zip = GoProxyFixture.RawZip((P + "a.bin", "a"), (P + "b.bin", "b"));
        zip = PatchSize(PatchSize(zip, 0, 300u << 20), 1, 300u << 20);
        var ex = AssertRefused(zip, DiagnosticCodes.ZipTooLarge);
        StringAssert.Contains(ex.Message, "total uncompressed size of module contents too large");
    }

    [TestMethod]
    [DataRow("module.mod")]
    [DataRow("LICENSE")]
    public void Extract_DeclaredRootFileOver16MiB_Refused(string name)
    {
        var zip = PatchSize(GoProxyFixture.RawZip((P + name, "x")), 0, (16u << 20) + 1);
        AssertRefused(zip, DiagnosticCodes.ZipFileTooLarge);
    }

    [TestMethod]
    public void Extract_InvalidUtf8Name_Refused()
    {
        var zip = ReplaceBytes(GoProxyFixture.RawZip((P + "aXXb.cs", "x")), "aXXb", [(byte)'a', 0xFF, 0xFE, (byte)'b']);
        AssertRefused(zip, DiagnosticCodes.ZipBadFileName, DiagnosticCodes.InvalidFilePath);
    }

    [TestMethod]
    public void Extract_NotAZip_Refused()
    {
        AssertRefused("PK but not really a zip"u8.ToArray(), DiagnosticCodes.ZipUnreadable);
    }

    [TestMethod]
    public void CheckZip_ZipFileOver500MiB_SizeErrorBeforeReading()
    {
        using var dir = new TempDir("bigzip");
        using (var f = new FileStream(dir.Combine("big.zip"), FileMode.Create)) f.SetLength(ModuleZip.MaxZipFile + 1);
        var cf = ModuleZip.CheckZip(dir.Combine("big.zip"), M);
        Assert.AreEqual(DiagnosticCodes.ZipTooLarge, cf.SizeError?.Code);
        StringAssert.Contains(cf.SizeError!.Message, "module zip file is too large");
        var ex = Assert.ThrowsExactly<ModuleException>(() => ModuleZip.Extract(dir.Combine("big.zip"), M, dir.Combine("out")));
        Assert.AreEqual(DiagnosticCodes.ZipTooLarge, ex.Code);
        Assert.IsFalse(Directory.Exists(dir.Combine("out")));
    }

    [TestMethod]
    public void CheckZip_Various_ListsValidAndInvalidEntries()
    {
        using var dir = new TempDir("checkzip");
        var file = WriteZip(dir, GoProxyFixture.RawZip(
            ("noprefix", ""),
            (P + "valid.cs", ""),
            (P + "not/../clean", ""),
            (P + "invalid.cs'", ""),
            (P + "MODULE.MOD", ""),
            (P + "dir/", ""),
            (P + "valid.cs", "duplicate")));
        var cf = ModuleZip.CheckZip(file, M);
        CollectionAssert.AreEqual(new[] { P + "valid.cs" }, cf.Valid.ToArray());
        CollectionAssert.AreEqual(new[]
        {
            "noprefix: path does not have prefix \"example.com/m@v1.0.0/\"",
            P + "not/../clean: file path is not clean",
            P + "invalid.cs': malformed file path \"invalid.cs'\": invalid char '\\''",
            P + "MODULE.MOD: module.mod files must have lowercase names",
            P + "valid.cs: multiple entries for file \"valid.cs\"",
        }, cf.Invalid.Select(e => e.ToString()).ToArray());
        var ex = Assert.ThrowsExactly<ModuleException>(() => ModuleZip.Check(file, M));
        Assert.AreEqual(DiagnosticCodes.ZipBadPrefix, ex.Code);
    }

    [TestMethod]
    public void Check_ValidZipWithDirectoryEntries_Passes()
    {
        using var dir = new TempDir("checkzip");
        var file = WriteZip(dir, GoProxyFixture.RawZip((P, ""), (P + "d/", ""), (P + "d/a.cs", "a"), (P + "module.mod", "module example.com/m\n")));
        ModuleZip.Check(file, M);
        ModuleZip.Extract(file, M, dir.Combine("out"));
        CollectionAssert.AreEquivalent(new[] { "a.cs" }, Directory.EnumerateFileSystemEntries(dir.Combine("out", "d")).Select(Path.GetFileName).ToArray());
    }
}
