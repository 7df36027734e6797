using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using NuGet.Versioning;

namespace ModuleSdk.Tests.Modules;

[TestClass]
public class SemverComparerTests
{
    private static readonly string[] Ordered =
    [
        "v0.0.1", "v1.0.0-0", "v1.0.0-1", "v1.0.0-11", "v1.0.0-RC.2", "v1.0.0-Rc.3", "v1.0.0-alpha", "v1.0.0-alpha.1",
        "v1.0.0-alpha.beta", "v1.0.0-beta", "v1.0.0-beta.2", "v1.0.0-beta.11", "v1.0.0-rc.1", "v1.0.0", "v1.2.0", "v1.10.0", "v2.0.0+incompatible",
    ];

    [TestMethod]
    public void Compare_AgreesWithSemverOnStrings()
    {
        foreach (var a in Ordered)
            foreach (var b in Ordered)
                Assert.AreEqual(Semver.Compare(a, b),
                    SemverComparer.Instance.Compare(ModuleVersion.ToSemanticVersion(a), ModuleVersion.ToSemanticVersion(b)), $"{a} vs {b}");
    }

    [TestMethod]
    public void NuGetsOwnOrderDiffers_AndOursFollowsGo()
    {
        var rc = ModuleVersion.ToSemanticVersion("v1.0.0-RC.2");
        var alpha = ModuleVersion.ToSemanticVersion("v1.0.0-alpha");
        Assert.IsTrue(VersionComparer.Default.Compare(rc, alpha) > 0, "NuGet compares labels case-insensitively");
        Assert.IsTrue(SemverComparer.Instance.Compare(rc, alpha) < 0, "Go and SemVer compare in ASCII order");
    }

    [TestMethod]
    public void ToSemanticVersion_KeepsBuildAndRejectsWhatNuGetCannotHold()
    {
        Assert.AreEqual("2.0.0+incompatible", ModuleVersion.ToSemanticVersion("v2.0.0+incompatible").ToFullString());
        Assert.AreEqual("1.2.0", ModuleVersion.ToSemanticVersion("v1.2").ToFullString());
        Assert.AreEqual(DiagnosticCodes.InvalidVersion, Assert.ThrowsExactly<ModuleException>(() => ModuleVersion.ToSemanticVersion("v99999999999.0.0")).Code);
        Assert.ThrowsExactly<ModuleException>(() => ModuleVersion.ToSemanticVersion("1.2.3"));
    }
}
