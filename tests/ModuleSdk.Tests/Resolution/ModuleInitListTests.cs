using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Resolution;

[TestClass]
public class ModuleInitListTests
{
    [TestMethod]
    public void Init_WritesTheModuleLine_NeverOverwrites()
    {
        using var dir = new TempDir();
        string file = ModuleInit.Create(dir.Path, "example.com/app");
        Assert.AreEqual("module example.com/app\n", File.ReadAllText(file));
        var e = Assert.ThrowsExactly<ModuleException>(() => ModuleInit.Create(dir.Path, "example.com/other"));
        Assert.AreEqual(DiagnosticCodes.ModFileExists, e.Code);
        Assert.AreEqual("module example.com/app\n", File.ReadAllText(file));
    }

    [TestMethod]
    public void Init_BadPath_WritesNothing()
    {
        using var dir = new TempDir();
        Assert.ThrowsExactly<ModuleException>(() => ModuleInit.Create(dir.Path, "nodot/x"));
        Assert.AreEqual(0, Directory.GetFiles(dir.Path).Length);
    }

    [TestMethod]
    public async Task List_All_DescribesTheBuildListInOrder_AndRecordsTheGraphsSums()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0\n)\n");
        var infos = await ModuleList.RunAsync(f.Loader(), ["all"], new ModulePublic.Options(Update: true));
        CollectionAssert.AreEqual(
            new[] { "example.com/app", "example.com/a v1.0.0", "example.com/b v1.2.0", "example.com/d v1.2.0 [v1.4.2]" },
            infos.Select(i => i.ToText(versions: false)).ToArray());
        string sums = File.ReadAllText(f.SumFile);
        StringAssert.Contains(sums, "example.com/d v1.2.0/module.mod h1:");
        Assert.IsFalse(sums.Contains("example.com/d v1.4.2", StringComparison.Ordinal), "no line for the update only looked at");
    }

    [TestMethod]
    public async Task List_WithoutRecordingSums_LeavesModuleSumAlone()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire example.com/a v1.0.0\n");
        var infos = await ModuleList.RunAsync(f.Loader(), ["all"], new ModulePublic.Options(), recordSums: false);
        Assert.AreEqual(3, infos.Count);
        Assert.IsFalse(File.Exists(f.SumFile));
    }
}
