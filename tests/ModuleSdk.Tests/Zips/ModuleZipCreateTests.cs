using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Sums;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Zips;

namespace ModuleSdk.Tests.Zips;

[TestClass]
public class ModuleZipCreateTests
{
    private static readonly ModuleId M = new("example.com/m", "v1.0.0");

    private static byte[] Create(IEnumerable<IModuleFile> files, ModuleId? m = null)
    {
        var ms = new MemoryStream();
        ModuleZip.Create(ms, m ?? M, files);
        return ms.ToArray();
    }

    private static byte[] CreateGo(string dir, ModuleId m)
    {
        var ms = new MemoryStream();
        ModuleZip.CreateFromDirectory(ms, m, dir, ZipRules.Go);
        return ms.ToArray();
    }

    // golang/mod zip/testdata/create*/: the same trees, zipped under Go's go.mod rules, must
    // hash to the values recorded there.
    [TestMethod]
    public void CreateFromDirectory_GoRules_SimpleTree_MatchesGoVector()
    {
        using var dir = new TempDir("zip");
        ZipFiles.WriteTree(dir.Path,
            "go.mod", "module example.com/m\n\ngo 1.13\n",
            "m.go", "package m\n\nfunc Foo() int { return 42 }\n",
            "cmd/hello/hello.go", "package main\n\nimport (\n  \"fmt\"\n  \"example.com/m\"\n)\n\nfunc main() {\n  fmt.Println(m.Foo())\n}\n");
        Assert.AreEqual("h1:tpqYOOmuilagXzyqoJ3roUjp8gneQeTv5YVpL6BG7/k=", Hash1.HashZip(new MemoryStream(CreateGo(dir.Path, M))));
    }

    [TestMethod]
    public void CreateFromDirectory_GoRules_Submodule_MatchesGoVector()
    {
        using var dir = new TempDir("zip");
        ZipFiles.WriteTree(dir.Path,
            "go.mod", "module example.com/m\n\ngo 1.13\n",
            "sub/go.mod", "module example.com/m/sub\n",
            "sub/x.go'", "invalid name, but this shouldn't be read\n");
        Assert.AreEqual("h1:XduFAgX/GaspZa8Jv4pfzoGEzNaU/r88PiCunijw5ok=", Hash1.HashZip(new MemoryStream(CreateGo(dir.Path, M))));
    }

    [TestMethod]
    public void Create_GoRules_CapitalGoModSubmodule_MatchesGoVector()
    {
        var ms = new MemoryStream();
        ZipCreator.Create(ms, M, ZipFiles.Memory("a.go", "package a\n", "b/GO.MOD", "MODULE EXAMPLE.COM/M/B\n", "b/b.go", "package b\n"), ZipRules.Go);
        Assert.AreEqual("h1:xctQQey8/y7IcBjFZDP/onWLSXhlqcsC3i1fgSdpMHk=", Hash1.HashZip(new MemoryStream(ms.ToArray())));
    }

    [TestMethod]
    public void CreateFromDirectory_GoRules_ModFileNamedDirectory_MatchesGoVector()
    {
        using var dir = new TempDir("zip");
        ZipFiles.WriteTree(dir.Path, "go.mod/a.go", "package a\n");
        Assert.AreEqual("h1:Mun5l9cBlDnnV6JasTpio2aZJSbFj++h+814mnKC/OM=", Hash1.HashZip(new MemoryStream(CreateGo(dir.Path, M))));
    }

    // golang/mod zip/testdata/create_from_dir/exclude_vendor.txt: vendored packages are left out,
    // with Go's historical offset quirk (golang.org/issue/31562), and the hash is Go's.
    [TestMethod]
    public void CreateFromDirectory_GoRules_VendoredPackages_MatchGoVector()
    {
        using var dir = new TempDir("zip");
        ZipFiles.WriteTree(dir.Path,
            "go.mod", "module example.com/m\n\ngo 1.13\n",
            "vendor/modules.txt", "included\nsee comment in isVendoredPackage and golang.org/issue/31562.\n",
            "vendor/example.com/x/x.go", "excluded\n",
            "sub/vendor/sub.txt", "excluded\n");
        Assert.AreEqual("h1:5u93LDLN0Me+NGfZtRpA5mHxY8svfykHpq4CMSaBZyc=", Hash1.HashZip(new MemoryStream(CreateGo(dir.Path, M))));
    }

    [TestMethod]
    public void Create_VendoredPackages_LeftOutWithGosQuirk()
    {
        var cf = ModuleZip.CheckFiles(ZipFiles.Memory(
            "module.mod", "module example.com/m\n",
            "vendor/modules.txt", "kept: a file directly in the top-level vendor/",
            "vendor/example.com/x/x.cs", "left out: a vendored package",
            "sub/vendor/sub.txt", "left out: Go's offset quirk leaves out even files directly in a nested vendor/",
            "vendorx/a/b.cs", "kept",
            "a/vendors/b.cs", "kept"));
        CollectionAssert.AreEqual(new[] { "module.mod", "vendor/modules.txt", "vendorx/a/b.cs", "a/vendors/b.cs" }, cf.Valid.ToArray());
        CollectionAssert.AreEqual(new[] { "vendor/example.com/x/x.cs: file is in vendor directory", "sub/vendor/sub.txt: file is in vendor directory" },
            cf.Omitted.Select(o => $"{o.Path}: {o.Reason}").ToArray());
        Assert.IsTrue(cf.Omitted.All(o => o.Code == DiagnosticCodes.ZipOmitted));
        Assert.AreEqual(0, cf.Invalid.Count);
    }

    [TestMethod]
    public void CheckDirectory_VendoredPackages_ListedAsOmitted()
    {
        using var dir = new TempDir("zip");
        ZipFiles.WriteTree(dir.Path, "module.mod", "module example.com/m\n", "vendor/modules.txt", "x", "vendor/a/b/c.cs", "y");
        var cf = ModuleZip.CheckDirectory(dir.Path);
        CollectionAssert.AreEqual(new[] { "module.mod", "vendor/modules.txt" }, cf.Valid.ToArray());
        CollectionAssert.AreEqual(new[] { "vendor/a/b", "vendor/a/b/c.cs" }, cf.Omitted.Select(o => o.Path).ToArray());
    }

    [TestMethod]
    public void CreateFromDirectory_VcsDirectories_LeftOut()
    {
        using var dir = new TempDir("zip");
        ZipFiles.WriteTree(dir.Path, ".bzr/exclude", "exclude\n", ".git/exclude", "exclude\n", ".hg/exclude", "exclude\n", ".svn/exclude", "exclude\n");
        Assert.AreEqual("h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", Hash1.HashZip(new MemoryStream(CreateGo(dir.Path, M))));
        var cf = ModuleZip.CheckDirectory(dir.Path);
        Assert.AreEqual(0, cf.Valid.Count);
        CollectionAssert.AreEquivalent(new[] { ".bzr", ".git", ".hg", ".svn" }, cf.Omitted.Select(o => o.Path).ToArray());
    }

    [TestMethod]
    public void CreateFromDirectory_NestedModuleAndLinks_LeftOutAndHashEqualsExtractedDir()
    {
        using var dir = new TempDir("zip");
        ZipFiles.WriteTree(dir.Path,
            "module.mod", "module example.com/m\n",
            "Lib/Lib.cs", "class Lib {}\n",
            "nested/module.mod", "module example.com/m/nested\n",
            "nested/N.cs", "class N {}\n",
            "go.mod/not-a-module.txt", "a directory named go.mod is just a directory\n",
            ".hg_archival.txt", "repo: x\n",
            "sub/.hg_archival.txt", "kept below the root\n");
        File.CreateSymbolicLink(dir.Combine("link.cs"), "Lib/Lib.cs");
        var cf = ModuleZip.CheckDirectory(dir.Path);
        Assert.IsTrue(cf.IsValid);
        CollectionAssert.AreEquivalent(new[] { "Lib/Lib.cs", "go.mod/not-a-module.txt", "module.mod", "sub/.hg_archival.txt" }, cf.Valid.ToArray());
        CollectionAssert.AreEquivalent(new[] { ".hg_archival.txt", "link.cs", "nested" }, cf.Omitted.Select(o => o.Path).ToArray());
        StringAssert.Contains(cf.Omitted.Single(o => o.Path == "link.cs").Reason, "symbolic link");
        StringAssert.Contains(cf.Omitted.Single(o => o.Path == "nested").Reason, "another module");

        var ms = new MemoryStream();
        ModuleZip.CreateFromDirectory(ms, M, dir.Path);
        using var outDir = new TempDir("unzip");
        File.WriteAllBytes(outDir.Combine("m.zip"), ms.ToArray());
        ModuleZip.Extract(outDir.Combine("m.zip"), M, outDir.Combine("x"));
        Assert.AreEqual(Hash1.HashZip(outDir.Combine("m.zip")), Hash1.HashDir(outDir.Combine("x"), "example.com/m@v1.0.0"));
    }

    [TestMethod]
    public void Create_SameFilesAnyOrderAnyTime_SameBytes()
    {
        var a = Create(ZipFiles.Memory("b.cs", "b", "a/z.cs", "z", "a.cs", "a", "ü.txt", "u"));
        var b = Create(ZipFiles.Memory("ü.txt", "u", "a.cs", "a", "a/z.cs", "z", "b.cs", "b"));
        CollectionAssert.AreEqual(a, b);

        using var d1 = new TempDir("zip");
        using var d2 = new TempDir("zip");
        ZipFiles.WriteTree(d1.Path, "x/y.cs", "y", "module.mod", "module example.com/m\n");
        ZipFiles.WriteTree(d2.Path, "module.mod", "module example.com/m\n", "x/y.cs", "y");
        File.SetLastWriteTimeUtc(d2.Combine("x", "y.cs"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        var z1 = new MemoryStream();
        var z2 = new FileStream(d2.Combine("..", Path.GetFileName(d2.Path) + ".zip"), FileMode.Create, FileAccess.ReadWrite);
        using (z2)
        {
            ModuleZip.CreateFromDirectory(z1, M, d1.Path);
            ModuleZip.CreateFromDirectory(z2, M, d2.Path);
            z2.Position = 0;
            var bytes2 = new MemoryStream();
            z2.CopyTo(bytes2);
            CollectionAssert.AreEqual(z1.ToArray(), bytes2.ToArray());
        }
        File.Delete(d2.Combine("..", Path.GetFileName(d2.Path) + ".zip"));
    }

    [TestMethod]
    [DataRow(new[] { "m.go", "M.GO" }, DiagnosticCodes.ZipCaseCollision, "case-insensitive file name collision: \"m.go\" and \"M.GO\"")]
    [DataRow(new[] { "k.txt", "\u212A.txt" }, DiagnosticCodes.ZipCaseCollision, "case-insensitive file name collision")]
    [DataRow(new[] { "dir/a", "DIR/b" }, DiagnosticCodes.ZipCaseCollision, "case-insensitive file name collision: \"dir\" and \"DIR\"")]
    [DataRow(new[] { "a", "a" }, DiagnosticCodes.ZipDuplicateFile, "multiple entries for file \"a\"")]
    [DataRow(new[] { "a", "a/b" }, DiagnosticCodes.ZipFileAndDirectory, "entry \"a\" is both a file and a directory")]
    [DataRow(new[] { "MODULE.MOD" }, DiagnosticCodes.ZipModFileCase, "module.mod files must have lowercase names")]
    [DataRow(new[] { "Module.mod" }, DiagnosticCodes.ZipModFileCase, "module.mod files must have lowercase names")]
    [DataRow(new[] { "a/../b" }, DiagnosticCodes.ZipBadFileName, "file path is not clean")]
    [DataRow(new[] { "./a" }, DiagnosticCodes.ZipBadFileName, "file path is not clean")]
    [DataRow(new[] { "/etc/passwd" }, DiagnosticCodes.ZipBadFileName, "file path is not relative")]
    [DataRow(new[] { "../escape" }, DiagnosticCodes.ZipBadFileName, "'..' path element")]
    [DataRow(new[] { "a\\b" }, DiagnosticCodes.ZipBadFileName, "backslash")]
    [DataRow(new[] { "x.go'" }, DiagnosticCodes.InvalidFilePath, "malformed file path \"x.go'\"")]
    [DataRow(new[] { "CON.txt" }, DiagnosticCodes.InvalidFilePath, "malformed file path")]
    [DataRow(new[] { "bad\uFFFDname" }, DiagnosticCodes.ZipBadFileName, "invalid UTF-8")]
    public void Create_InvalidFileSet_ThrowsAndWritesNothing(string[] paths, string code, string message)
    {
        var files = paths.Select(p => (IModuleFile)new MemoryModuleFile(p, "x")).ToList();
        var ms = new MemoryStream();
        var ex = Assert.ThrowsExactly<ModuleException>(() => ModuleZip.Create(ms, M, files));
        Assert.AreEqual(code, ex.Code);
        StringAssert.Contains(ex.Message, message);
        Assert.AreEqual(0, ms.Length);
        Assert.IsFalse(ModuleZip.CheckFiles(files).IsValid);
    }

    [TestMethod]
    [DataRow("\u0130.txt", "i.txt")]
    [DataRow("\u0131.txt", "I.txt")]
    [DataRow("straße", "STRASSE")]
    public void Create_NamesDistinctUnderSimpleFolding_NoCollision(string a, string b)
    {
        Assert.IsTrue(ModuleZip.CheckFiles(ZipFiles.Memory(a, "1", b, "2")).IsValid);
    }

    [TestMethod]
    [DataRow("\u017F", "S")]
    [DataRow("\u03C2", "\u03A3")]
    [DataRow("\u00E9", "\u00C9")]
    [DataRow("\U00010428", "\U00010400")]
    public void Create_NamesEqualUnderSimpleFolding_Collide(string a, string b)
    {
        var cf = ModuleZip.CheckFiles(ZipFiles.Memory(a, "1", b, "2"));
        Assert.AreEqual(DiagnosticCodes.ZipCaseCollision, cf.Invalid.Single().Code);
    }

    [TestMethod]
    public void CheckFiles_Various_SortsIntoValidOmittedInvalid()
    {
        var files = ZipFiles.Memory(
            "valid.cs", "",
            "not/../clean", "",
            "MODULE.MOD", "",
            "invalid.cs'", "",
            "sub/module.mod", "",
            "sub/x.cs", "",
            ".hg_archival.txt", "",
            "valid.cs", "duplicate",
            "valid.cs", "another duplicate");
        files.Add(new ZipFiles.Lying("link", 0, [], ModuleFileKind.Symlink));
        files.Add(new ZipFiles.Lying("fifo", 0, [], ModuleFileKind.Other));
        var cf = ModuleZip.CheckFiles(files);
        CollectionAssert.AreEqual(new[] { "valid.cs" }, cf.Valid.ToArray());
        CollectionAssert.AreEqual(new[]
        {
            "sub/module.mod: file is in another module",
            "sub/x.cs: file is in another module",
            ".hg_archival.txt: file is inserted by 'hg archive' and is always omitted",
            "link: file is a symbolic link",
            "fifo: not a regular file",
        }, cf.Omitted.Select(e => e.ToString()).ToArray());
        CollectionAssert.AreEqual(new[]
        {
            "not/../clean: file path is not clean",
            "MODULE.MOD: module.mod files must have lowercase names",
            "invalid.cs': malformed file path \"invalid.cs'\": invalid char '\\''",
            "valid.cs: multiple entries for file \"valid.cs\"",
        }, cf.Invalid.Select(e => e.ToString()).ToArray());
        Assert.AreEqual(DiagnosticCodes.ZipBadFileName, cf.Error!.Code);
        Assert.AreEqual(4, cf.Error.Message.Split('\n').Length);
    }

    [TestMethod]
    public void Create_FileLargerThanDeclared_Throws()
    {
        var files = new List<IModuleFile> { new ZipFiles.Lying("a.txt", 3, "more than three"u8.ToArray()) };
        var ex = Assert.ThrowsExactly<ModuleException>(() => Create(files));
        Assert.AreEqual(DiagnosticCodes.ZipSizeMismatch, ex.Code);
    }

    [TestMethod]
    public void Create_TotalOver500MiB_ThrowsWithoutReading()
    {
        var files = new List<IModuleFile>
        {
            new ZipFiles.Lying("a.bin", 300L << 20, []),
            new ZipFiles.Lying("b.bin", 300L << 20, []),
        };
        var ex = Assert.ThrowsExactly<ModuleException>(() => Create(files));
        Assert.AreEqual(DiagnosticCodes.ZipTooLarge, ex.Code);
        StringAssert.Contains(ex.Message, "module source tree too large (max size is 524288000 bytes)");
    }

    [TestMethod]
    [DataRow("module.mod")]
    [DataRow("LICENSE")]
    public void Create_RootModOrLicenseOver16MiB_Throws(string name)
    {
        var files = new List<IModuleFile> { new ZipFiles.Lying(name, (16L << 20) + 1, []) };
        var ex = Assert.ThrowsExactly<ModuleException>(() => Create(files));
        Assert.AreEqual(DiagnosticCodes.ZipFileTooLarge, ex.Code);
        // Only the root files have the limit.
        Assert.IsTrue(ModuleZip.CheckFiles([new ZipFiles.Lying("docs/" + name.ToLowerInvariant() + ".txt", (16L << 20) + 1, [])]).IsValid);
    }

    [TestMethod]
    [DataRow("example.com/m", "v1.0")]
    [DataRow("example.com/m", "v1.0.0+build")]
    [DataRow("example.com/m", "v2.0.0")]
    [DataRow("not a path", "v1.0.0")]
    [DataRow("example.com/m/v2", "v1.0.0")]
    public void Create_BadModuleIdentity_Throws(string path, string version)
    {
        var ex = Assert.ThrowsExactly<ModuleException>(() => Create(ZipFiles.Memory("a", "b"), new ModuleId(path, version)));
        StringAssert.StartsWith(ex.Code, "MOD1");
    }

    [TestMethod]
    public void Create_IncompatibleVersion_Accepted()
    {
        Assert.IsTrue(Create(ZipFiles.Memory("a", "b"), new ModuleId("example.com/m", "v2.0.0+incompatible")).Length > 0);
    }
}
