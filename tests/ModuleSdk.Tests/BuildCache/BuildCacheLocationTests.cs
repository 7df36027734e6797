using ModuleSdk.BuildCache;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Tests.BuildCache;

[TestClass]
public sealed class BuildCacheLocationTests
{
    private static readonly string ModCache = Path.Combine(Path.GetTempPath(), "home", ".modulesdk", "pkg", "mod");

    [TestMethod]
    public void Resolve_Empty_IsBesideTheModuleCache()
    {
        Assert.AreEqual(ModCache + "-build", BuildCacheLocation.Resolve(null, ModCache));
        Assert.AreEqual(ModCache + "-build", BuildCacheLocation.Resolve("  ", ModCache + Path.DirectorySeparatorChar));
    }

    [TestMethod]
    public void Resolve_OffOrAbsolute()
    {
        Assert.IsNull(BuildCacheLocation.Resolve("off", ModCache));
        Assert.IsNull(BuildCacheLocation.Resolve("OFF", ModCache));
        string elsewhere = Path.Combine(Path.GetTempPath(), "bc");
        Assert.AreEqual(elsewhere, BuildCacheLocation.Resolve(elsewhere, ModCache));
    }

    [TestMethod]
    public void Resolve_Relative_IsMOD9203()
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => BuildCacheLocation.Resolve("cache/build", ModCache));
        Assert.AreEqual(DiagnosticCodes.BuildCacheLocationInvalid, e.Code);
        StringAssert.Contains(e.Message, "\"cache/build\"");
    }

    [TestMethod]
    public void SizeLimit_MiB_DefaultTenGiB_BadValuesAreMOD9206()
    {
        Assert.AreEqual(10L << 30, BuildCacheLocation.SizeLimit(""));
        Assert.AreEqual(512L << 20, BuildCacheLocation.SizeLimit("512"));
        foreach (var bad in new[] { "0", "-1", "1.5", "10GB", "99999999999999999999" })
            Assert.AreEqual(DiagnosticCodes.BuildCacheSizeInvalid, Assert.ThrowsExactly<ModuleException>(() => BuildCacheLocation.SizeLimit(bad)).Code, bad);
    }
}
