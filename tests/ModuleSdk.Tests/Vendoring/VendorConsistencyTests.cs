using ModuleSdk.Diagnostics;
using ModuleSdk.ModFile;
using ModuleSdk.Resolution;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Vendoring;

namespace ModuleSdk.Tests.Vendoring;

/// <summary>Go's checkVendorConsistency (go 1.14+ rules), case by case, in ModuleSdk's file names.</summary>
[TestClass]
public sealed class VendorConsistencyTests
{
    private const string Head = "module example.com/main\n\n";

    [TestMethod]
    // Consistent.
    [DataRow("require example.com/a v1.0.0\n", "# example.com/a v1.0.0\n## explicit\nexample.com/a\n", "")]
    [DataRow("", "", "")]
    [DataRow("require example.com/a v1.0.0\nreplace example.com/a => ../a\n",
        "# example.com/a v1.0.0 => ../a\n## explicit\nexample.com/a\n# example.com/a => ../a\n", "")]
    // A requirement the selected version moved past: explicit line without packages, build list line after it.
    [DataRow("require example.com/a v1.0.0\n",
        "# example.com/a v1.0.0\n## explicit\n# example.com/a v1.2.0\nexample.com/a\n", "")]
    // Requirement added to module.mod after vendoring.
    [DataRow("require (\n\texample.com/a v1.0.0\n\texample.com/b v1.0.0\n)\n", "# example.com/a v1.0.0\n## explicit\nexample.com/a\n",
        "example.com/b@v1.0.0: is explicitly required in module.mod, but not marked as explicit in vendor/modules.txt")]
    // Requirement upgraded in module.mod.
    [DataRow("require example.com/a v1.1.0\n", "# example.com/a v1.0.0\n## explicit\nexample.com/a\n",
        "example.com/a@v1.1.0: is explicitly required in module.mod, but not marked as explicit in vendor/modules.txt|" +
        "example.com/a@v1.0.0: is marked as explicit in vendor/modules.txt, but not explicitly required in module.mod")]
    // Requirement dropped from module.mod.
    [DataRow("", "# example.com/a v1.0.0\n## explicit\nexample.com/a\n",
        "example.com/a@v1.0.0: is marked as explicit in vendor/modules.txt, but not explicitly required in module.mod")]
    // Replacement added, changed, removed.
    [DataRow("require example.com/a v1.0.0\nreplace example.com/a => ../a\n", "# example.com/a v1.0.0\n## explicit\nexample.com/a\n",
        "example.com/a: is replaced in module.mod, but not marked as replaced in vendor/modules.txt")]
    [DataRow("require example.com/a v1.0.0\nreplace example.com/a v1.0.0 => example.com/fork v1.0.1\n",
        "# example.com/a v1.0.0 => example.com/fork v1.0.0\n## explicit\nexample.com/a\n",
        "example.com/a@v1.0.0: is replaced by example.com/fork@v1.0.1 in module.mod, but marked as replaced by example.com/fork@v1.0.0 in vendor/modules.txt|" +
        "example.com/a@v1.0.0: is marked as replaced by example.com/fork@v1.0.0 in vendor/modules.txt, but replaced by example.com/fork@v1.0.1 in module.mod")]
    [DataRow("require example.com/a v1.0.0\n", "# example.com/a v1.0.0 => ../a\n## explicit\nexample.com/a\n",
        "example.com/a@v1.0.0: is marked as replaced in vendor/modules.txt, but not replaced in module.mod")]
    // An unused replacement counts too: its module file may change what MVS selects.
    [DataRow("replace example.com/x v1.0.0 => ../x\n", "",
        "example.com/x@v1.0.0: is replaced in module.mod, but not marked as replaced in vendor/modules.txt")]
    public void Problems_GoRules(string require, string modulesTxt, string expected)
    {
        var file = ModuleFile.ParseMain("module.mod", Head + require);
        var problems = VendorConsistency.Problems(file, VendorManifest.Parse(modulesTxt));
        Assert.AreEqual(expected, string.Join("|", problems));
    }

    [TestMethod]
    public void Check_Inconsistent_MOD5201AtModulesTxtWithBothFixes()
    {
        using var t = new TempDir("vcons");
        File.WriteAllText(t.Combine("module.mod"), Head + "require example.com/b v1.0.0\n");
        var main = MainModule.Load(t.Path);
        var e = Assert.ThrowsExactly<ModuleException>(() => VendorConsistency.Check(main, VendorManifest.Parse("")));
        Assert.AreEqual(DiagnosticCodes.VendorInconsistent, e.Code);
        Assert.AreEqual(Path.Combine(t.Path, "vendor", "modules.txt"), e.File);
        Assert.AreEqual(
            $"inconsistent vendoring in {t.Path}:\n\texample.com/b@v1.0.0: is explicitly required in module.mod, but not marked as explicit in " +
            "vendor/modules.txt\n\n" +
            "\tTo ignore the vendor directory, build with -p:ModuleMode=mod (or readonly).\n\tTo sync the vendor directory, run:\n\t\tdotnet mod vendor",
            e.Message);
    }
}
