using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Sums;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Tests.Zips;

namespace ModuleSdk.Tests.Sums;

[TestClass]
public class Hash1Tests
{
    private static string Hex(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

    // The h1 of a summary text: what Hash1 must produce when the summary is right.
    private static string H1(string summary) => "h1:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(summary)));

    private static Stream Text(string s) => new MemoryStream(Encoding.UTF8.GetBytes(s));

    [TestMethod]
    public void HashModFile_EmptyGoMod_MatchesGoVector()
    {
        Assert.AreEqual("h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=", Hash1.HashModFile([], "go.mod"));
    }

    [TestMethod]
    public void HashModFile_Default_UsesModuleModName()
    {
        var content = "module example.com/m\n"u8.ToArray();
        Assert.AreEqual(H1($"{Hex("module example.com/m\n")}  module.mod\n"), Hash1.HashModFile(content));
        Assert.AreNotEqual(Hash1.HashModFile(content, "go.mod"), Hash1.HashModFile(content));
    }

    [TestMethod]
    public void Hash_TwoFiles_SortsNamesAndHashesSummary()
    {
        string got = Hash1.Hash(["xyz", "abc"], n => Text("data for " + n));
        Assert.AreEqual(H1($"{Hex("data for abc")}  abc\n{Hex("data for xyz")}  xyz\n"), got);
    }

    [TestMethod]
    public void Hash_NoFiles_IsHashOfEmptySummary()
    {
        Assert.AreEqual("h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", Hash1.Hash([], _ => throw new InvalidOperationException()));
    }

    [TestMethod]
    [DataRow("a\nb")]
    [DataRow("\n")]
    [DataRow("dir/file\n")]
    public void Hash_NameWithNewline_Throws(string name)
    {
        var ex = Assert.ThrowsExactly<ModuleException>(() => Hash1.Hash(["ok", name], n => Text(n)));
        Assert.AreEqual(DiagnosticCodes.HashNameHasNewline, ex.Code);
    }

    [TestMethod]
    public void Hash_SupplementaryCharacters_SortByUtf8Bytes()
    {
        // UTF-16 order would put U+10000 (a surrogate pair) before U+E000; UTF-8 (Go) puts it after.
        string bmp = "\uE000", astral = "\U00010000";
        string got = Hash1.Hash([astral, bmp, "z"], n => Text(n));
        Assert.AreEqual(H1($"{Hex("z")}  z\n{Hex(bmp)}  {bmp}\n{Hex(astral)}  {astral}\n"), got);
    }

    [TestMethod]
    [DataRow("a", "b", -1)]
    [DataRow("a/b", "a.b", 1)]
    [DataRow("\uFFFF", "\U0001F600", -1)]
    [DataRow("\uD7FF", "\uE000", -1)]
    [DataRow("ab", "a", 1)]
    [DataRow("é", "é", 0)]
    public void Utf8Ordinal_Compare_MatchesUtf8ByteOrder(string a, string b, int sign)
    {
        Assert.AreEqual(sign, Math.Sign(Utf8Ordinal.Instance.Compare(a, b)));
        int bytes = ((ReadOnlySpan<byte>)Encoding.UTF8.GetBytes(a)).SequenceCompareTo(Encoding.UTF8.GetBytes(b));
        Assert.AreEqual(sign, Math.Sign(bytes));
    }

    [TestMethod]
    public void HashDir_Tree_NamesUnderPrefixWithSlashes()
    {
        using var dir = new TempDir("hashdir");
        Directory.CreateDirectory(dir.Combine("sub", "deeper"));
        File.WriteAllText(dir.Combine("xyz"), "data for xyz");
        File.WriteAllText(dir.Combine("abc"), "data for abc");
        File.WriteAllText(dir.Combine(".hidden"), "dot");
        File.WriteAllText(dir.Combine("sub", "deeper", "f"), "f");
        string want = H1($"{Hex("dot")}  prefix/.hidden\n{Hex("data for abc")}  prefix/abc\n{Hex("f")}  prefix/sub/deeper/f\n{Hex("data for xyz")}  " +
            "prefix/xyz\n");
        Assert.AreEqual(want, Hash1.HashDir(dir.Path, "prefix"));
        Assert.AreEqual(want, Hash1.HashDir(dir.Path, "prefix", maxDegreeOfParallelism: 4));
    }

    // Go's dirhash.HashDir names files filepath.Join(prefix, rel): a trailing slash on the prefix
    // (or any other unclean prefix) gives the same names, never "prefix//file".
    [TestMethod]
    [DataRow("prefix/")]
    [DataRow("prefix//")]
    [DataRow("./prefix")]
    [DataRow("prefix/./")]
    public void HashDir_UncleanPrefix_JoinedAsGo(string prefix)
    {
        using var dir = new TempDir("hashdir");
        Directory.CreateDirectory(dir.Combine("sub"));
        File.WriteAllText(dir.Combine("abc"), "data for abc");
        File.WriteAllText(dir.Combine("sub", "f"), "f");
        string want = H1($"{Hex("data for abc")}  prefix/abc\n{Hex("f")}  prefix/sub/f\n");
        Assert.AreEqual(want, Hash1.HashDir(dir.Path, prefix));
        Assert.AreEqual(want, Hash1.HashDir(dir.Path, prefix, maxDegreeOfParallelism: 4));
        CollectionAssert.AreEquivalent(new[] { "prefix/abc", "prefix/sub/f" }, Hash1.DirFiles(dir.Path, prefix).Select(f => f.Name).ToArray());
    }

    [TestMethod]
    public void HashDir_EmptyPrefix_NamesAreRelativePaths()
    {
        using var dir = new TempDir("hashdir");
        File.WriteAllText(dir.Combine("abc"), "data for abc");
        Assert.AreEqual(H1($"{Hex("data for abc")}  abc\n"), Hash1.HashDir(dir.Path, ""));
    }

    [TestMethod]
    public void HashDir_ManyFiles_ParallelEqualsSequential()
    {
        using var dir = new TempDir("hashdir");
        for (int i = 0; i < 200; i++)
        {
            Directory.CreateDirectory(dir.Combine("d" + i % 7));
            File.WriteAllText(dir.Combine("d" + i % 7, "f" + i), new string('x', i * 37));
        }
        Assert.AreEqual(Hash1.HashDir(dir.Path, "example.com/m@v1.0.0"), Hash1.HashDir(dir.Path, "example.com/m@v1.0.0", -1));
    }

    [TestMethod]
    public void HashDir_File_ThrowsNotADirectory()
    {
        using var dir = new TempDir("hashdir");
        File.WriteAllText(dir.Combine("f"), "");
        var ex = Assert.ThrowsExactly<ModuleException>(() => Hash1.HashDir(dir.Combine("f"), "p"));
        Assert.AreEqual(DiagnosticCodes.HashNotADirectory, ex.Code);
    }

    [TestMethod]
    public void HashZip_SameFilesAsDirectory_SameHash()
    {
        using var dir = new TempDir("hashzip");
        File.WriteAllText(dir.Combine("abc"), "data for abc");
        File.WriteAllText(dir.Combine("xyz"), "data for xyz");
        var zip = GoProxyFixture.RawZip(("prefix/xyz", "data for xyz"), ("prefix/abc", "data for abc"));
        File.WriteAllBytes(dir.Combine("z.zip"), zip);
        string want = H1($"{Hex("data for abc")}  prefix/abc\n{Hex("data for xyz")}  prefix/xyz\n");
        Assert.AreEqual(want, Hash1.HashZip(dir.Combine("z.zip")));
        Assert.AreEqual(want, Hash1.HashZip(new MemoryStream(zip)));
    }

    [TestMethod]
    public void HashZip_StoredAndDeflated_SameHash()
    {
        static byte[] Build(CompressionLevel level)
        {
            var ms = new MemoryStream();
            using (var z = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            {
                using var s = z.CreateEntry("p/a", level).Open();
                s.Write(Encoding.UTF8.GetBytes(new string('a', 10000)));
            }
            return ms.ToArray();
        }
        Assert.AreEqual(Hash1.HashZip(new MemoryStream(Build(CompressionLevel.NoCompression))),
            Hash1.HashZip(new MemoryStream(Build(CompressionLevel.SmallestSize))));
    }

    [TestMethod]
    public void HashZip_NotAZip_Throws()
    {
        var ex = Assert.ThrowsExactly<ModuleException>(() => Hash1.HashZip(new MemoryStream("not a zip at all"u8.ToArray()), "bad.zip"));
        Assert.AreEqual(DiagnosticCodes.HashZipUnreadable, ex.Code);
        StringAssert.Contains(ex.Message, "bad.zip");
    }

    [TestMethod]
    public void HashZip_ContentDisagreesWithHeader_Throws()
    {
        var zip = GoProxyFixture.RawZip(("p/a", "the real content"));
        // Flip one byte of the declared CRC-32 in the central directory.
        int central = zip.AsSpan().IndexOf(new byte[] { 0x50, 0x4b, 0x01, 0x02 });
        zip[central + 16] ^= 0xFF;
        var ex = Assert.ThrowsExactly<ModuleException>(() => Hash1.HashZip(new MemoryStream(zip), "crc.zip"));
        Assert.AreEqual(DiagnosticCodes.ZipSizeMismatch, ex.Code);
        StringAssert.Contains(ex.Message, "checksum error");
    }

    [TestMethod]
    [DataRow("h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=", true)]
    [DataRow("h2:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=", false)]
    [DataRow("h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY", false)]
    [DataRow("h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykryd*=", false)]
    [DataRow("h1:", false)]
    [DataRow("", false)]
    public void IsValid_Strings(string hash, bool valid) => Assert.AreEqual(valid, Hash1.IsValid(hash));

    [TestMethod]
    public void HashZipAndHashDir_GoDownload_SumsAgree()
    {
        GoTool.RequireGo();
        using var proxy = new GoProxyFixture();
        var zip = GoProxyFixture.RawZip(
            ("example.com/m@v1.0.0/go.mod", "module example.com/m\n"),
            ("example.com/m@v1.0.0/m.go", "package m\n"),
            ("example.com/m@v1.0.0/sub/dir/ünï.txt", "unicode name\n"),
            ("example.com/m@v1.0.0/.dotfile", "dot\n"));
        proxy.Publish("example.com/m", "v1.0.0", zip);
        var got = proxy.Download("example.com/m@v1.0.0")["example.com/m"];
        Assert.IsFalse(got.TryGetProperty("Error", out var err), err.ToString());
        string sum = got.GetProperty("Sum").GetString()!;
        Assert.AreEqual(sum, Hash1.HashZip(new MemoryStream(zip)));
        Assert.AreEqual(sum, Hash1.HashDir(got.GetProperty("Dir").GetString()!, "example.com/m@v1.0.0"));
        Assert.AreEqual(got.GetProperty("GoModSum").GetString(), Hash1.HashModFile("module example.com/m\n"u8, "go.mod"));
    }
}
