using ModuleSdk.BuildInfo;
using ModuleSdk.Diagnostics;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Sdk.Tests;

/// <summary>The stamped build information format (Go's BuildInfo text) and the metadata reader.</summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class BuildInfoTests
{
    private static readonly ModuleBuildInfo Sample = new(
        "example.com/app",
        new BuildModule("example.com/app", ModuleBuildInfo.DevelVersion),
        [
            new BuildModule("example.com/a", "v1.0.0", "h1:aaa="),
            new BuildModule("example.com/b", "v1.2.0", "", new BuildModule("example.com/c", "v1.3.0", "h1:ccc=")),
            new BuildModule("example.com/d", "v0.1.0", "", new BuildModule("../d", ModuleBuildInfo.DevelVersion)),
        ],
        [new("Configuration", "Release"), new("Define", "A B")]);

    [TestMethod]
    public void ToString_GoLayout()
    {
        Assert.AreEqual(
            "path\texample.com/app\n" +
            "mod\texample.com/app\t(devel)\t\n" +
            "dep\texample.com/a\tv1.0.0\th1:aaa=\n" +
            "dep\texample.com/b\tv1.2.0\n=>\texample.com/c\tv1.3.0\th1:ccc=\n" +
            "dep\texample.com/d\tv0.1.0\n=>\t../d\t(devel)\t\n" +
            "build\tConfiguration=Release\n" +
            "build\tDefine=\"A B\"\n",
            Sample.ToString());
    }

    [TestMethod]
    public void Parse_RoundTrips()
    {
        var parsed = ModuleBuildInfo.Parse(Sample.ToString());
        Assert.AreEqual(Sample.ToString(), parsed.ToString());
        Assert.AreEqual("example.com/c", parsed.Deps[1].Replace!.Path);
        Assert.AreEqual("A B", parsed.Settings[1].Value);
    }

    [TestMethod]
    [DataRow("future\tline\npath\tx\nmod\tx\tv1.0.0\th1:x=\n", "x", "v1.0.0")]
    [DataRow("path\tx\r\nmod\tx\t(devel)\t\r\n", "x", "(devel)")]
    [DataRow("", "", "(devel)")]
    public void Parse_ToleratesUnknownLinesAndCrLf(string text, string path, string version)
    {
        var info = ModuleBuildInfo.Parse(text);
        Assert.AreEqual(path, info.Path);
        Assert.AreEqual(version, info.Main.Version);
    }

    [TestMethod]
    public void Read_NotAnAssembly_MOD9005()
    {
        using var dir = new TempDir("buildinfo");
        string file = dir.Combine("not-an-assembly.tmp");
        File.WriteAllText(file, "module example.com/x\n");
        var e = Assert.ThrowsExactly<ModuleException>(() => AssemblyBuildInfoReader.Read(file));
        Assert.AreEqual(DiagnosticCodes.NoBuildInfo, e.Code);
        Assert.IsFalse(AssemblyBuildInfoReader.TryRead(file, out _));
    }

    [TestMethod]
    public void Read_AssemblyWithoutModuleInfo_MOD9005()
    {
        // The test assembly itself is a .NET assembly that ModuleSdk did not build.
        var e = Assert.ThrowsExactly<ModuleException>(() => AssemblyBuildInfoReader.Read(typeof(BuildInfoTests).Assembly.Location));
        Assert.AreEqual(DiagnosticCodes.NoBuildInfo, e.Code);
        StringAssert.Contains(e.Message, "no module build information");
    }
}
