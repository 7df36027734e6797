using ModuleSdk.Diagnostics;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Vendoring;

namespace ModuleSdk.Tests.Vendoring;

[TestClass]
public sealed class ModuleModesTests
{
    [TestMethod]
    [DataRow("", false, ModuleMode.Mod)]
    [DataRow("", true, ModuleMode.Vendor)]
    [DataRow("  ", true, ModuleMode.Vendor)]
    [DataRow("mod", true, ModuleMode.Mod)]
    [DataRow("readonly", true, ModuleMode.Readonly)]
    [DataRow("Vendor", false, ModuleMode.Vendor)]
    public void Resolve_ValueOrDefault(string value, bool vendored, ModuleMode expected)
    {
        using var t = new TempDir("mode");
        if (vendored)
        {
            Directory.CreateDirectory(t.Combine("vendor"));
            File.WriteAllText(t.Combine("vendor", "modules.txt"), "");
        }
        Assert.AreEqual(expected, ModuleModes.Resolve(value, t.Path));
    }

    [TestMethod]
    public void Resolve_VendorDirectoryWithoutModulesTxt_IsNotVendorMode()
    {
        // Go switches on the directory; .NET repositories use "vendor" for other things, so ModuleSdk asks for modules.txt.
        using var t = new TempDir("mode");
        Directory.CreateDirectory(t.Combine("vendor"));
        Assert.AreEqual(ModuleMode.Mod, ModuleModes.Resolve(null, t.Path));
    }

    [TestMethod]
    [DataRow("vendored")]
    [DataRow("-mod=vendor")]
    public void Resolve_BadValue_MOD9050(string value)
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => ModuleModes.Resolve(value, "/nonexistent"));
        Assert.AreEqual(DiagnosticCodes.InvalidModuleMode, e.Code);
        StringAssert.Contains(e.Message, "mod, readonly or vendor");
    }
}
