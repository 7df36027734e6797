using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Sums;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Tests.Zips;
using ModuleSdk.Zips;

namespace ModuleSdk.Tests.Sums;

/// <summary>
/// <see cref="Hash1.CreateZip"/>: the zip it writes is byte for byte the one
/// <see cref="ModuleZip.Create(Stream, ModuleId, IEnumerable{IModuleFile})"/> writes, it passes the zip check, and the hash it
/// returns (computed while writing) is the one <see cref="Hash1.HashZip(Stream, string)"/> computes from the written
/// zip, independently; what breaks the rules fails the same way as creating the zip does.
/// </summary>
[TestClass]
public class Hash1CreateZipTests
{
    private static readonly ModuleId M = new("example.com/m", "v1.2.3");

    private static List<IModuleFile> Files()
    {
        var random = new Random(42);
        byte[] large = new byte[300_000]; // several copy buffers, several deflate blocks
        random.NextBytes(large);
        byte[] text = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("compressible line\n", 5000)));
        return
        [
            new MemoryModuleFile("module.mod", "module example.com/m\n"),
            new MemoryModuleFile("z/last.bin", large),
            new MemoryModuleFile("a/b/c/deep.txt", text),
            new MemoryModuleFile("empty.txt", ""),
            new MemoryModuleFile("ünïcödé/名前.cs", "class X {}\n"),
            new MemoryModuleFile("A.cs", "upper sorts before lower\n"),
            // Left out by the rules, so neither in the zip nor in its hash.
            new MemoryModuleFile("sub/module.mod", "module example.com/m/sub\n"),
            new MemoryModuleFile("sub/s.cs", "in another module\n"),
            new MemoryModuleFile("vendor/example.com/v/v.cs", "vendored\n"),
        ];
    }

    [TestMethod]
    public void CreateZip_HashEqualsTheWrittenZipsHash_AndTheZipIsTheSameAsCreatesAndPassesTheCheck()
    {
        using var plain = new MemoryStream();
        ModuleZip.Create(plain, M, Files());
        using var hashed = new MemoryStream();
        string hash = Hash1.CreateZip(hashed, M, Files());

        CollectionAssert.AreEqual(plain.ToArray(), hashed.ToArray(), "hashing while writing changes nothing written");
        hashed.Position = 0;
        Assert.AreEqual(Hash1.HashZip(hashed, "created.zip"), hash, "the hash of the bytes written is the hash of the zip");

        using var dir = new TempDir("createzip");
        string file = dir.Combine("m.zip");
        File.WriteAllBytes(file, hashed.ToArray());
        var (checkedZip, checkedHash) = Hash1.CheckAndHashZip(file, M);
        Assert.IsNull(checkedZip.Error, "a zip created by the rules passes the zip check");
        Assert.AreEqual(6, checkedZip.Valid.Count);
        Assert.AreEqual(hash, checkedHash);
    }

    [TestMethod]
    public void CreateZip_NoFiles_HashOfAnEmptyZip()
    {
        using var ms = new MemoryStream();
        string hash = Hash1.CreateZip(ms, M, []);
        ms.Position = 0;
        Assert.AreEqual(Hash1.HashZip(ms, "empty.zip"), hash);
    }

    [TestMethod]
    [DataRow("a/../b.cs")]
    [DataRow("con.txt")]
    [DataRow("MODULE.MOD")]
    public void CreateZip_FileBreakingTheRules_ThrowsAsCreateDoes(string badPath)
    {
        List<IModuleFile> Bad() => [new MemoryModuleFile("module.mod", "module example.com/m\n"), new MemoryModuleFile(badPath, "x")];
        var create = Assert.ThrowsExactly<ModuleException>(() => ModuleZip.Create(Stream.Null, M, Bad()));
        var hashed = Assert.ThrowsExactly<ModuleException>(() => Hash1.CreateZip(Stream.Null, M, Bad()));
        Assert.AreEqual(create.Code, hashed.Code);
        Assert.AreEqual(create.Message, hashed.Message);
    }

    [TestMethod]
    public void CreateZip_CaseCollision_Throws()
    {
        var ex = Assert.ThrowsExactly<ModuleException>(() =>
            Hash1.CreateZip(Stream.Null, M, [new MemoryModuleFile("a.cs", "1"), new MemoryModuleFile("A.CS", "2")]));
        StringAssert.StartsWith(ex.Code, "MOD4");
    }

    [TestMethod]
    public void CreateZip_FileGrowingPastItsDeclaredSize_Throws()
    {
        var ex = Assert.ThrowsExactly<ModuleException>(() =>
            Hash1.CreateZip(Stream.Null, M, [new ZipFiles.Lying("grows.txt", 3, "more than three"u8.ToArray())]));
        Assert.AreEqual(DiagnosticCodes.ZipSizeMismatch, ex.Code);
    }

    [TestMethod]
    public void CreateZip_BadModuleVersion_Throws()
    {
        var ex = Assert.ThrowsExactly<ModuleException>(() => Hash1.CreateZip(Stream.Null, new ModuleId("example.com/m", "v1.2"), Files()));
        Assert.AreEqual(DiagnosticCodes.NonCanonicalVersion, ex.Code);
    }
}
