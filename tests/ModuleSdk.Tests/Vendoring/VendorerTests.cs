using ModuleSdk.Building;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Resolution;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Vendoring;

namespace ModuleSdk.Tests.Vendoring;

/// <summary>The manifest Vendorer derives from a build, and how it writes vendor/: trees, nesting, conflicts, atomic replacement.</summary>
[TestClass]
public sealed class VendorerTests
{
    private static ResolvedModule Module(TempDir t, string path, string version, ModuleId? replacement = null, params string[] files)
    {
        string dir = t.Combine("src", path.Replace('/', '_') + "@" + version);
        Directory.CreateDirectory(dir);
        foreach (var f in files.Length == 0 ? ["module.mod", "Lib.csproj", "src/Lib.cs"] : files)
        {
            string full = Path.Combine(dir, f);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, f == "module.mod" ? $"module {path}\n" : $"// {path} {version} {f}\n");
        }
        return new ResolvedModule(new ModuleId(path, version), replacement, dir, "", []);
    }

    private static ResolvedBuild Build(TempDir t, string modText, params ResolvedModule[] modules)
    {
        File.WriteAllText(t.Combine("module.mod"), modText);
        var main = MainModule.Load(t.Path);
        return new ResolvedBuild(main, main.File.Require.Select(r => r.Mod.Path).ToList(), modules, false);
    }

    [TestMethod]
    public void CreateManifest_GoOrderExplicitAndTrailingReplacements()
    {
        using var t = new TempDir("vend");
        var build = Build(t,
            "module example.com/main\n\nrequire (\n\texample.com/b v1.0.0\n\texample.com/a v1.0.0\n\texample.com/c v1.0.0\n)\n\n" +
            "replace example.com/c => ./localc\n\nreplace example.com/zz v1.0.0 => example.com/d v1.0.0\n",
            Module(t, "example.com/a", "v1.0.0"),
            Module(t, "example.com/b", "v1.2.0"),
            Module(t, "example.com/c", "v1.0.0", new ModuleId("./localc", "")),
            Module(t, "example.com/d", "v1.1.0"));
        var text = Vendorer.CreateManifest(build.Main.File, build).Format();
        Assert.AreEqual(
            "# example.com/a v1.0.0\n## explicit\nexample.com/a\n" +
            // b is required at v1.0.0 but v1.2.0 is selected: Go lists both, only the selected one with packages.
            "# example.com/b v1.0.0\n## explicit\n" +
            "# example.com/b v1.2.0\nexample.com/b\n" +
            "# example.com/c v1.0.0 => ./localc\n## explicit\nexample.com/c\n" +
            "# example.com/d v1.1.0\nexample.com/d\n" +
            "# example.com/c => ./localc\n" +
            "# example.com/zz v1.0.0 => example.com/d v1.0.0\n", text);
        Assert.AreEqual(0, VendorConsistency.Problems(build.Main.File, VendorManifest.Parse(text)).Count);
    }

    [TestMethod]
    public void Write_CopiesTreesWritableWithManifest()
    {
        using var t = new TempDir("vend");
        var a = Module(t, "example.com/a", "v1.0.0");
        var v2 = Module(t, "example.com/a/v2", "v2.0.0");
        var build = Build(t, "module example.com/main\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/a/v2 v2.0.0\n)\n", a, v2);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(a.Directory, "src", "Lib.cs"), UnixFileMode.UserRead);
        string vendor = t.Combine("vendor");
        Vendorer.Write(vendor, Vendorer.CreateManifest(build.Main.File, build), build.Modules);

        Assert.AreEqual("// example.com/a v1.0.0 src/Lib.cs\n", File.ReadAllText(Path.Combine(vendor, "example.com", "a", "src", "Lib.cs")));
        Assert.AreEqual("module example.com/a/v2\n", File.ReadAllText(Path.Combine(vendor, "example.com", "a", "v2", "module.mod")));
        Assert.IsTrue(File.Exists(Path.Combine(vendor, "example.com", "a", "v2", "Lib.csproj")));
        if (!OperatingSystem.IsWindows())
            Assert.IsTrue(File.GetUnixFileMode(Path.Combine(vendor, "example.com", "a", "src", "Lib.cs")).HasFlag(UnixFileMode.UserWrite),
                "vendor/ is the user's: writable");
        StringAssert.StartsWith(File.ReadAllText(Path.Combine(vendor, "modules.txt")),
            "# example.com/a v1.0.0\n## explicit\nexample.com/a\n# example.com/a/v2 v2.0.0\n");
        // Nothing but vendor/ was created beside module.mod.
        CollectionAssert.AreEquivalent(new[] { "module.mod", "src", "vendor" }, Directory.GetFileSystemEntries(t.Path).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void Write_ReplacementDirectory_LeavesOutBuildOutputsNestedModulesAndVcs()
    {
        using var t = new TempDir("vend");
        var c = Module(t, "example.com/c", "v1.0.0", new ModuleId("./localc", ""),
            "module.mod", "C.csproj", "C.cs", "bin/Debug/C.dll", "obj/project.assets.json", ".git/HEAD", "tools/module.mod", "tools/T.cs", "deep/obj/kept.txt");
        var build = Build(t, "module example.com/main\n\nrequire example.com/c v1.0.0\n\nreplace example.com/c => ./localc\n", c);
        string vendor = t.Combine("vendor");
        Vendorer.Write(vendor, Vendorer.CreateManifest(build.Main.File, build), build.Modules);
        var files = Directory.GetFiles(Path.Combine(vendor, "example.com", "c"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(vendor, "example.com", "c"), f).Replace('\\', '/')).Order().ToArray();
        CollectionAssert.AreEqual(new[] { "C.cs", "C.csproj", "deep/obj/kept.txt", "module.mod" }, files);
    }

    [TestMethod]
    public void Write_ReplacesPreviousVendorWhole()
    {
        using var t = new TempDir("vend");
        string vendor = t.Combine("vendor");
        Directory.CreateDirectory(Path.Combine(vendor, "example.com", "old"));
        File.WriteAllText(Path.Combine(vendor, "example.com", "old", "Old.cs"), "");
        File.WriteAllText(Path.Combine(vendor, "modules.txt"), "# example.com/old v1.0.0\nexample.com/old\n");
        var build = Build(t, "module example.com/main\n\nrequire example.com/a v1.0.0\n", Module(t, "example.com/a", "v1.0.0"));
        Vendorer.Write(vendor, Vendorer.CreateManifest(build.Main.File, build), build.Modules);
        Assert.IsFalse(Directory.Exists(Path.Combine(vendor, "example.com", "old")));
        Assert.IsTrue(File.Exists(Path.Combine(vendor, "example.com", "a", "Lib.csproj")));
        Assert.AreEqual(0, Directory.GetDirectories(t.Path, ".vendor.*").Length, "no temporary or old tree left");
    }

    [TestMethod]
    public void Write_ForeignDirectory_MOD5205AndUntouched()
    {
        using var t = new TempDir("vend");
        string vendor = t.Combine("vendor");
        Directory.CreateDirectory(vendor);
        File.WriteAllText(Path.Combine(vendor, "jquery.js"), "x");
        var build = Build(t, "module example.com/main\n\nrequire example.com/a v1.0.0\n", Module(t, "example.com/a", "v1.0.0"));
        var e = Assert.ThrowsExactly<ModuleException>(() => Vendorer.Write(vendor, Vendorer.CreateManifest(build.Main.File, build), build.Modules));
        Assert.AreEqual(DiagnosticCodes.VendorDirectoryForeign, e.Code);
        CollectionAssert.AreEqual(new[] { "jquery.js" }, Directory.GetFileSystemEntries(vendor).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void Write_ModuleFolderWhereAnotherModuleGoes_MOD5204()
    {
        using var t = new TempDir("vend");
        var a = Module(t, "example.com/a", "v1.0.0", null, "module.mod", "b/Clash.cs");
        var b = Module(t, "example.com/a/b", "v1.0.0");
        var build = Build(t, "module example.com/main\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/a/b v1.0.0\n)\n", a, b);
        var e = Assert.ThrowsExactly<ModuleException>(() =>
            Vendorer.Write(t.Combine("vendor"), Vendorer.CreateManifest(build.Main.File, build), build.Modules));
        Assert.AreEqual(DiagnosticCodes.VendorTreeConflict, e.Code);
        StringAssert.Contains(e.Message, "cannot vendor example.com/a: its file b/Clash.cs lies in vendor/example.com/a/b");
        Assert.IsFalse(Directory.Exists(t.Combine("vendor")));
    }

    [TestMethod]
    public void Write_FailsHalfway_PreviousVendorIntactNoTemporaryLeft()
    {
        using var t = new TempDir("vend");
        string vendor = t.Combine("vendor");
        Directory.CreateDirectory(vendor);
        const string previous = "# example.com/old v1.0.0\nexample.com/old\n";
        File.WriteAllText(Path.Combine(vendor, "modules.txt"), previous);
        // A module whose path is "modules.txt" (a valid module path) takes the manifest's name:
        // writing the manifest fails after every tree was copied.
        var build = Build(t, "module example.com/main\n\nrequire modules.txt v1.0.0\n", Module(t, "modules.txt", "v1.0.0"));
        var e = Assert.ThrowsExactly<ModuleException>(() => Vendorer.Write(vendor, Vendorer.CreateManifest(build.Main.File, build), build.Modules));
        Assert.AreEqual(DiagnosticCodes.VendorWriteFailed, e.Code);
        Assert.AreEqual(previous, File.ReadAllText(Path.Combine(vendor, "modules.txt")));
        Assert.AreEqual(0, Directory.GetDirectories(t.Path, ".vendor.*").Length, "no temporary tree left");
    }
}
