using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;

namespace ModuleSdk.Tests.Resolution;

[TestClass]
public class ModuleDownloadTests
{
    private const string Main = "module example.com/app\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0\n)\n";

    [TestMethod]
    public async Task All_DownloadsTheBuildListAndRecordsItsSums()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain(Main);
        var results = await ModuleDownload.RunAsync(f.Loader(), []);
        CollectionAssert.AreEqual(new[] { "example.com/a@v1.0.0", "example.com/b@v1.2.0", "example.com/d@v1.2.0" },
            results.Select(r => r.Module.ToString()).ToArray());
        foreach (var r in results)
        {
            Assert.IsNull(r.Error);
            Assert.IsTrue(File.Exists(r.InfoFile) && File.Exists(r.ModFile) && File.Exists(r.ZipFile) && Directory.Exists(r.Dir), r.Module.ToString());
            StringAssert.StartsWith(r.Sum, "h1:");
            StringAssert.StartsWith(r.ModSum, "h1:");
            StringAssert.Contains(File.ReadAllText(f.SumFile), $"{r.Module.Path} {r.Module.Version} {r.Sum}\n");
        }
    }

    [TestMethod]
    public async Task Query_OneFailureDoesNotStopTheOthers_AndOnlyDownloadsGetLines()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain(Main);
        var results = await ModuleDownload.RunAsync(f.Loader(), ["example.com/d@v9.9.9", "example.com/c@latest"]);
        Assert.AreEqual(2, results.Count);
        Assert.IsNotNull(results[0].Error);
        StringAssert.StartsWith(results[0].ErrorMessage, "example.com/d", "the message names the module");
        Assert.IsNull(results[1].Error);
        Assert.AreEqual("example.com/c@v1.0.0", results[1].Module.ToString());
        string sums = File.ReadAllText(f.SumFile);
        StringAssert.Contains(sums, "example.com/c v1.0.0 h1:");
        Assert.IsFalse(sums.Contains("example.com/d v9.9.9", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task BadPath_IsThatModulesError()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain(Main);
        var results = await ModuleDownload.RunAsync(f.Loader(), ["nodot/x@v1.0.0", "example.com/c@v1.0.0"]);
        Assert.IsInstanceOfType<ModuleException>(results[0].Error);
        StringAssert.Contains(results[0].ErrorMessage, "nodot/x");
        Assert.IsNull(results[1].Error);
    }
}
