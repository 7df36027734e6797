using ModuleSdk.BuildInfo;
using ModuleSdk.Diagnostics;
using ModuleSdk.Sboms;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Sboms;

/// <summary><see cref="AssemblyBillOfMaterials"/>: the bill of scanned assemblies, its time, and its errors.</summary>
[TestClass]
public sealed class AssemblyBillOfMaterialsTests
{
    private static readonly (string, string) Tool = ("dotnet-mod", "1.0.0");

    [TestMethod]
    public void Folder_OneBillOfItsModuleAssemblies_DatedBySourceDateEpochElseTheNewestFile()
    {
        using var temp = new TempDir("bom");
        StampedAssembly.Write(temp.Combine("out", "App.dll"), SbomTests.App);
        StampedAssembly.Write(temp.Combine("out", "Lib.dll"), SbomTests.Lib);
        File.WriteAllText(temp.Combine("out", "notes.dll"), "not an assembly");
        var newest = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(temp.Combine("out", "App.dll"), newest.AddDays(-1));
        File.SetLastWriteTimeUtc(temp.Combine("out", "Lib.dll"), newest);
        var scanned = AssemblyScan.Scan(["out"], temp.Path);

        var bom = AssemblyBillOfMaterials.From(scanned, ["out"], null, Tool);
        Assert.AreEqual(SbomTests.App.Path, bom.Roots.Single().Path);
        Assert.AreEqual("https://git.example.com/lib.git", bom.Components.Single(c => c.Path == SbomTests.Lib.Path).RepositoryUrl);
        Assert.AreEqual(new DateTimeOffset(newest), bom.Created);
        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(1780000000), AssemblyBillOfMaterials.From(scanned, ["out"], "1780000000", Tool).Created);
        Assert.AreEqual(new DateTimeOffset(newest), AssemblyBillOfMaterials.From(scanned, ["out"], "soon", Tool).Created);
    }

    [TestMethod]
    public void NoModuleAssembly_IsMOD6702_ABadNamedFileFailsTheBill()
    {
        using var temp = new TempDir("bom");
        Directory.CreateDirectory(temp.Combine("empty"));
        var none = Assert.ThrowsExactly<ModuleException>(() => AssemblyBillOfMaterials.From(AssemblyScan.Scan(["empty"], temp.Path), ["empty"], null, Tool));
        Assert.AreEqual(DiagnosticCodes.SbomNoAssemblies, none.Code);
        StringAssert.StartsWith(none.Message, "empty: no assembly with module build information");

        StampedAssembly.Write(temp.Combine("App.dll"), SbomTests.App);
        File.WriteAllText(temp.Combine("notes.dll"), "not an assembly");
        var bad = Assert.ThrowsExactly<ModuleException>(
            () => AssemblyBillOfMaterials.From(AssemblyScan.Scan(["App.dll", "notes.dll"], temp.Path), ["App.dll", "notes.dll"], null, Tool));
        Assert.IsFalse(bad.Message.Contains(temp.Path), bad.Message);
    }
}
