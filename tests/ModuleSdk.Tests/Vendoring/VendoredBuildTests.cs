using ModuleSdk.Building;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Resolution;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Vendoring;

namespace ModuleSdk.Tests.Vendoring;

/// <summary>Vendor mode's restore: modules.txt is the build list, trees and requirements come from vendor/.</summary>
[TestClass]
public sealed class VendoredBuildTests
{
    private const string Mod = "module example.com/main\n\nrequire example.com/a v1.0.0\n\nreplace example.com/c => ../c\n";

    private static MainModule Vendored(TempDir t, string mod, string modulesTxt, bool withTrees = true)
    {
        File.WriteAllText(t.Combine("module.mod"), mod);
        Directory.CreateDirectory(t.Combine("vendor"));
        File.WriteAllText(t.Combine("vendor", "modules.txt"), modulesTxt);
        if (withTrees)
        {
            Directory.CreateDirectory(t.Combine("vendor", "example.com", "a"));
            File.WriteAllText(t.Combine("vendor", "example.com", "a", "module.mod"),
                "module example.com/a\n\nrequire (\n\texample.com/d v1.0.0\n\texample.com/c v1.0.0\n)\n");
            Directory.CreateDirectory(t.Combine("vendor", "example.com", "c"));
            Directory.CreateDirectory(t.Combine("vendor", "example.com", "d"));
        }
        return MainModule.Load(t.Path);
    }

    private const string Txt =
        "# example.com/a v1.0.0\n## explicit\nexample.com/a\n" +
        "# example.com/c v1.0.0 => ../c\nexample.com/c\n" +
        "# example.com/d v1.2.0\nexample.com/d\n" +
        "# example.com/c => ../c\n";

    [TestMethod]
    public void Load_BuildListFromManifest_NoSums()
    {
        using var t = new TempDir("vbuild");
        var build = VendoredBuild.Load(Vendored(t, Mod, Txt));
        CollectionAssert.AreEqual(new[] { "example.com/a" }, build.Requires.ToArray());
        Assert.AreEqual("example.com/a@v1.0.0 example.com/c@v1.0.0 example.com/d@v1.2.0", string.Join(" ", build.Modules.Select(m => m.Module)));
        var a = build.Find("example.com/a")!;
        Assert.AreEqual(t.Combine("vendor", "example.com", "a"), a.Directory);
        CollectionAssert.AreEqual(new[] { "example.com/c", "example.com/d" }, a.Requires.ToArray());
        Assert.AreEqual(new ModuleId("../c", ""), build.Find("example.com/c")!.Replacement);
        Assert.AreEqual(0, build.Find("example.com/d")!.Requires.Count, "no module.mod: requires nothing");
        Assert.IsTrue(build.Modules.All(m => m.Sum == ""), "vendor mode knows no hashes");
        Assert.IsFalse(build.SumsAdded);
    }

    [TestMethod]
    public void Load_Inconsistent_MOD5201()
    {
        using var t = new TempDir("vbuild");
        var e = Assert.ThrowsExactly<ModuleException>(() => VendoredBuild.Load(Vendored(t, Mod.Replace("v1.0.0", "v1.1.0"), Txt)));
        Assert.AreEqual(DiagnosticCodes.VendorInconsistent, e.Code);
    }

    [TestMethod]
    public void Load_NoModulesTxt_MOD5202()
    {
        using var t = new TempDir("vbuild");
        File.WriteAllText(t.Combine("module.mod"), Mod);
        var e = Assert.ThrowsExactly<ModuleException>(() => VendoredBuild.Load(MainModule.Load(t.Path)));
        Assert.AreEqual(DiagnosticCodes.VendorManifestMissing, e.Code);
        StringAssert.Contains(e.Message, "run 'dotnet mod vendor'");
    }

    [TestMethod]
    public void Load_TreeMissing_MOD5203AtItsLine()
    {
        using var t = new TempDir("vbuild");
        var main = Vendored(t, Mod, Txt);
        Directory.Delete(t.Combine("vendor", "example.com", "d"));
        var e = Assert.ThrowsExactly<ModuleException>(() => VendoredBuild.Load(main));
        Assert.AreEqual(DiagnosticCodes.VendoredModuleMissing, e.Code);
        Assert.AreEqual(t.Combine("vendor", "modules.txt"), e.File);
        Assert.AreEqual(6, e.Line);
        StringAssert.Contains(e.Message, "example.com/d v1.2.0: vendored module directory vendor/example.com/d is missing");
    }
}
