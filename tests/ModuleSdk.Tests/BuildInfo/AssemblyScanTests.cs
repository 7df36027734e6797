using ModuleSdk.BuildInfo;
using ModuleSdk.Diagnostics;
using ModuleSdk.Tests.Sboms;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.BuildInfo;

/// <summary><see cref="AssemblyScan"/> on real assembly files: directories walked in order, named files read or failed as named.</summary>
[TestClass]
public sealed class AssemblyScanTests
{
    [TestMethod]
    public void Directory_AllAssembliesInOrder_ThoseWithoutModuleInfoKeptWithoutResult()
    {
        using var temp = new TempDir("scan");
        StampedAssembly.Write(temp.Combine("out", "sub", "Lib.exe"), SbomTests.Lib);
        StampedAssembly.Write(temp.Combine("out", "App.dll"), SbomTests.App);
        File.WriteAllText(temp.Combine("out", "notes.dll"), "not an assembly");
        File.WriteAllText(temp.Combine("out", "readme.txt"), "not looked at");
        var scanned = AssemblyScan.Scan(["out"], temp.Path);
        CollectionAssert.AreEqual(
            new[] { Path.Combine("out", "App.dll"), Path.Combine("out", "notes.dll"), Path.Combine("out", "sub", "Lib.exe") },
            scanned.Select(s => s.Name).ToArray());
        Assert.AreEqual(SbomTests.App.Path, scanned[0].Result!.Info.Path);
        Assert.AreEqual(temp.Combine("out", "App.dll"), scanned[0].File);
        Assert.IsNull(scanned[1].Result);
        Assert.IsNull(scanned[1].FailureMessage, "go version skips such files silently");
        Assert.AreEqual(SbomTests.Lib.Path, scanned[2].Result!.Info.Path);
    }

    [TestMethod]
    public void NamedFile_ReadOrFailedWithTheNameAsGiven()
    {
        using var temp = new TempDir("scan");
        StampedAssembly.Write(temp.Combine("App.dll"), SbomTests.App);
        File.WriteAllText(temp.Combine("notes.dll"), "not an assembly");
        var scanned = AssemblyScan.Scan(["App.dll", "notes.dll", "missing.dll"], temp.Path);
        Assert.AreEqual(3, scanned.Count);
        Assert.AreEqual("App.dll", scanned[0].Name);
        Assert.IsNotNull(scanned[0].Result);
        Assert.IsInstanceOfType<ModuleException>(scanned[1].Failure);
        Assert.IsFalse(scanned[1].FailureMessage!.Contains(temp.Path), "the path is shown as the user named it: " + scanned[1].FailureMessage);
        StringAssert.Contains(scanned[1].FailureMessage, "notes.dll");
        Assert.IsNotNull(scanned[2].Failure);
        StringAssert.StartsWith(scanned[2].FailureMessage, "missing.dll");
    }
}
