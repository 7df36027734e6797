using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;

namespace ModuleSdk.Tests.Resolution;

/// <summary>The tidy workflow <c>dotnet mod tidy</c> and the TidyModules task share (<see cref="MainModuleTidy"/>).</summary>
[TestClass]
public sealed class MainModuleTidyTests
{
    [TestMethod]
    public async Task WithoutProjects_TidiesRequirements_AndSavesModAndSum()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/d v1.0.6\n)\n");
        var loader = f.Loader();
        var tidy = MainModuleTidy.Prepare(loader.Main, requireUsage: false, "tidy -usage");
        Assert.IsFalse(tidy.Usage.IsComplete, "no project recorded usage");

        var result = await tidy.RunAsync(loader);

        Assert.AreEqual("example.com/a@v1.0.0,example.com/d@v1.0.6", string.Join(",", result.Requirements));
        Assert.AreEqual(0, result.Unused.Count, "nothing is removed for lack of use without usage records");
        StringAssert.Contains(File.ReadAllText(f.ModFile), "example.com/a v1.0.0");
        var sum = File.ReadAllText(f.SumFile);
        StringAssert.Contains(sum, "example.com/a v1.0.0 h1:");
        StringAssert.Contains(sum, "example.com/d v1.0.6/module.mod h1:");
    }

    [TestMethod]
    public void RequiredUsage_WithoutRecords_FailsBeforeAnythingIsLoaded()
    {
        using var f = new LoaderFixture();
        f.WriteMain("module example.com/app\n\nrequire example.com/a v1.0.0\n");
        File.WriteAllText(Path.Combine(f.MainDir, "App.csproj"), "<Project Sdk=\"ModuleSdk\" />\n");
        var e = Assert.ThrowsExactly<ModuleException>(() => MainModuleTidy.Prepare(MainModule.Load(f.MainDir), requireUsage: true, "TidyModules"));
        Assert.AreEqual(DiagnosticCodes.UsageIncomplete, e.Code);
        StringAssert.Contains(e.Message, "TidyModules");
        Assert.IsFalse(File.Exists(f.SumFile));
    }
}
