using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// Vendor mode end to end: <c>dotnet mod vendor</c>, then builds that see neither a proxy nor a
/// module cache; an inconsistent vendor/ fails at modules.txt, and <c>ModuleMode=mod</c> opts out.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class VendorTests
{
    private static void Vendor(Scenario s)
    {
        var (code, _, error) = s.Mod("vendor");
        Assert.AreEqual(0, code, error);
        Assert.IsTrue(File.Exists(Path.Combine(s.App, "vendor", "modules.txt")));
    }

    [TestMethod]
    public void Build_Vendored_NoProxyNoCache_RunsAndStampsWithoutHashes()
    {
        using var s = new Scenario("vendor");
        Vendor(s);
        // The cache the vendoring filled goes away; the build gets no proxy and a cache that does not exist.
        TempDir.Delete(s.Cache);
        string empty = Path.Combine(s.Dir, "no-cache");
        string output = s.Succeed("build", "-p:ModuleProxy=off", "-p:ModuleCache=" + empty);
        StringAssert.Contains(output, "3 module(s) in the build list (from vendor/)");
        Assert.IsFalse(output.Contains("CS0436"), "vendor/ sources are not compiled into the app at the module root:\n" + output);
        Assert.IsFalse(Directory.Exists(empty), "vendor mode never touches the module cache");
        Assert.IsFalse(Directory.Exists(s.Cache), "nor the one in MODCACHE");

        StringAssert.Contains(s.RunApp(), "selected logging module: v1.2.0");
        var (code, info, error) = s.Mod("version", "-m", Path.Combine(s.App, "bin", "Debug", "net10.0", "App.dll"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(info, "\tdep\texample.com/logging\tv1.2.0\t\n", "as Go's vendor-mode build info: versions without hashes");
        Assert.IsFalse(info.Contains("h1:"), info);

        // No-op: nothing changed, nothing resolved again.
        output = s.Succeed("build", "-p:ModuleProxy=off", "-p:ModuleCache=" + empty);
        Assert.IsFalse(output.Contains("module(s) in the build list"), output);
    }

    [TestMethod]
    public void Build_InconsistentVendor_FailsAtModulesTxt_ModuleModeModOptsOut()
    {
        using var s = new Scenario("vendor-stale");
        Vendor(s);
        File.WriteAllText(s.ModFile, File.ReadAllText(s.ModFile).Replace("example.com/beta v1.2.0", "example.com/beta v1.2.0\n\texample.com/gamma v1.0.0"));

        string output = s.Fail("build");
        StringAssert.Contains(output, Path.Combine(s.App, "vendor", "modules.txt") + " : error MOD5201: inconsistent vendoring in " + s.App);
        StringAssert.Contains(output, "example.com/gamma@v1.0.0: is explicitly required in module.mod, but not marked as explicit in vendor/modules.txt");
        StringAssert.Contains(output, "dotnet mod vendor");

        // Go's -mod=mod: ignore vendor/ and build from the cache.
        s.Succeed("build", "-p:ModuleMode=mod");
        StringAssert.Contains(s.RunApp(), "selected logging module: v1.3.2");
    }
}
