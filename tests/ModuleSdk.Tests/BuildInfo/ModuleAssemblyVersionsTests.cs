using ModuleSdk.BuildInfo;

namespace ModuleSdk.Tests.BuildInfo;

/// <summary>Module versions as the .NET version attributes of module assemblies (NuGet.Versioning's job).</summary>
[TestClass]
public sealed class ModuleAssemblyVersionsTests
{
    [TestMethod]
    [DataRow("v1.2.3", "h1:abc=", "1.2.3", "1.2.3.0", "v1.2.3 h1:abc=")]
    [DataRow("v1.0.0-rc.1", "", "1.0.0-rc.1", "1.0.0.0", "v1.0.0-rc.1")]
    [DataRow("v0.0.0-20240102030405-abcdef123456", "h1:x=", "0.0.0-20240102030405-abcdef123456", "0.0.0.0", "v0.0.0-20240102030405-abcdef123456 h1:x=")]
    [DataRow("v1.2.4-0.20240102030405-abcdef123456", "h1:x=", "1.2.4-0.20240102030405-abcdef123456", "1.2.4.0", "v1.2.4-0.20240102030405-abcdef123456 h1:x=")]
    [DataRow("v2.0.1+incompatible", "h1:y=", "2.0.1+incompatible", "2.0.1.0", "v2.0.1+incompatible h1:y=")]
    public void For_ModuleVersions(string moduleVersion, string sum, string version, string fileVersion, string informational)
    {
        var v = ModuleAssemblyVersions.For(moduleVersion, sum)!;
        Assert.AreEqual(version, v.Version);
        Assert.AreEqual(fileVersion, v.FileVersion);
        Assert.AreEqual(informational, v.InformationalVersion);
        Assert.IsTrue(NuGet.Versioning.NuGetVersion.TryParse(v.Version, out _), "MSBuild's Version must parse as a NuGet version");
        Assert.IsTrue(System.Version.TryParse(v.FileVersion, out _));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("(devel)")]
    [DataRow("latest")]
    [DataRow("v70000.0.0")]
    [DataRow("v1.99999999999.0")]
    public void For_NothingToStamp_IsNull(string moduleVersion) => Assert.IsNull(ModuleAssemblyVersions.For(moduleVersion, "h1:x="));
}
