using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Projects;

namespace ModuleSdk.Tests.Resolution;

/// <summary><c>get</c> and <c>tidy</c> with project paths (module path + directory of a project), as go get and go mod tidy with package paths.</summary>
[TestClass]
public class ProjectPathGetTidyTests
{
    private static readonly (string, string)[] ToolsFiles = [("src/Tools/Tools.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />"),
        ("src/Other/Other.csproj", "<Project />")];

    private static LoaderFixture World()
    {
        var f = new LoaderFixture();
        f.Proxy.AddRaw("example.com/tools", "v1.0.0", "module example.com/tools\n", files: ToolsFiles)
            .AddRaw("example.com/tools", "v1.1.0", "module example.com/tools\n", files: ToolsFiles)
            // A nested module on the way that lacks the project: the prefix search goes on past it.
            .AddRaw("example.com/tools/src", "v1.0.0", "module example.com/tools/src\n", files: [("Other/Other.csproj", "<Project />")]);
        f.WriteMain("module example.com/app\n");
        return f;
    }

    [TestMethod]
    public async Task Get_ProjectPath_RequiresTheLongestPrefixModuleHoldingTheProject()
    {
        using var f = World();
        var loader = f.Loader();
        var changes = await ModuleGet.GetAsync(loader, [ModuleGet.Target.Parse("example.com/tools/src/Tools@v1.0.0")], false);
        Assert.AreEqual("module example.com/app\n\nrequire example.com/tools v1.0.0\n", loader.Main.Format());
        Assert.AreEqual("example.com/tools none v1.0.0", changes.Select(c => $"{c.Path} {c.From} {c.To}").Single());
    }

    [TestMethod]
    public async Task Get_ProjectPath_ANestedModuleHoldingItWins()
    {
        using var f = World();
        var loader = f.Loader();
        await ModuleGet.GetAsync(loader, [ModuleGet.Target.Parse("example.com/tools/src/Other@latest")], false);
        Assert.AreEqual("module example.com/app\n\nrequire example.com/tools/src v1.0.0\n", loader.Main.Format());
    }

    [TestMethod]
    public async Task Get_ProjectPathNoVersionHolds_GoesWordingWithCode()
    {
        using var f = World();
        var e = await Assert.ThrowsAsync<ModuleException>(() =>
            ModuleGet.GetAsync(f.Loader(), [ModuleGet.Target.Parse("example.com/tools/src/Nope@v1.1.0")], false));
        Assert.AreEqual(DiagnosticCodes.NoModuleContainsProject, e.Code);
        Assert.AreEqual("module example.com/tools@v1.1.0 found, but does not contain package example.com/tools/src/Nope", e.Message);
    }

    [TestMethod]
    public async Task Get_UnknownModulePath_KeepsTheWholePathsError()
    {
        using var f = World();
        var e = await Assert.ThrowsAsync<ModuleException>(() => ModuleGet.GetAsync(f.Loader(), [ModuleGet.Target.Parse("example.com/nothere@v1.0.0")], false));
        StringAssert.Contains(e.Message, "example.com/nothere");
    }

    [TestMethod]
    public async Task Tidy_ModuleReferenceProjectPaths_AddMissingModulesAtLatestAndCountAsDirect()
    {
        using var f = World();
        f.Proxy.Add("example.com/mid", "v1.0.0", ["example.com/tools v1.0.0"]);
        f.Proxy.AddRaw("example.com/extra", "v1.2.0", "module example.com/extra\n", files: [("src/Extra/Extra.csproj", "<Project />")]);
        f.WriteMain("module example.com/app\n\nrequire example.com/mid v1.0.0\n");
        var loader = f.Loader();
        // Requirements only (no usage records): a module of the build list providing an item
        // becomes direct at its selected version; a missing one is added at @latest; mid stays.
        var result = await ModuleTidy.TidyAsync(loader, null,
            projectPaths: ["example.com/tools/src/Tools", "example.com/extra/src/Extra", "example.com/app/local"]);
        Assert.AreEqual("module example.com/app\n\nrequire (\n\texample.com/extra v1.2.0\n\texample.com/mid v1.0.0\n\texample.com/tools v1.0.0\n)\n",
            loader.Main.Format());
        Assert.AreEqual("example.com/extra/src/Extra example.com/extra@v1.2.0", result.Found.Select(x => $"{x.ProjectPath} {x.Module}").Single());

        // With usage analysis that saw only mid: the item still counts, tools is direct.
        f.WriteMain("module example.com/app\n\nrequire example.com/mid v1.0.0\n");
        loader = f.Loader();
        result = await ModuleTidy.TidyAsync(loader, ["example.com/mid"], projectPaths: ["example.com/tools/src/Tools"]);
        StringAssert.Contains(loader.Main.Format(), "\texample.com/tools v1.0.0\n");
        Assert.IsFalse(loader.Main.Format().Contains("// indirect"), loader.Main.Format());
    }

    [TestMethod]
    public async Task Tidy_ProjectPathNoModuleHolds_FailsTidy_OrWithContinueOnErrorIsReportedAndLeftOut()
    {
        using var f = World();
        f.WriteMain("module example.com/app\n");
        string[] paths = ["example.com/tools/src/Nope", "example.com/tools/src/Tools"];
        await Assert.ThrowsAsync<ModuleException>(() => ModuleTidy.TidyAsync(f.Loader(), null, projectPaths: paths));

        var only = f.Loader();
        await ModuleTidy.TidyAsync(only, null, projectPaths: ["example.com/tools/src/Tools"]);
        Assert.AreEqual("module example.com/app\n\nrequire example.com/tools v1.1.0\n", only.Main.Format(),
            "one line, though get wrote it before tidy rewrote the requirements");

        // Go's tidy -e: proceed despite the error; the path that resolves is still required.
        var loader = f.Loader();
        var result = await ModuleTidy.TidyAsync(loader, null, projectPaths: paths, continueOnError: true);
        var (path, error) = result.Errors.Single();
        Assert.AreEqual("example.com/tools/src/Nope", path);
        Assert.AreEqual(DiagnosticCodes.NoModuleContainsProject, error.Code);
        Assert.AreEqual("module example.com/app\n\nrequire example.com/tools v1.1.0\n", loader.Main.Format());
    }

    // The go command on the same universe, each project directory also a Go package: get by
    // package path requires the same module, and fails the same way.
    [TestMethod]
    [DataRow("example.com/tools/src/Tools@v1.0.0")]
    [DataRow("example.com/tools/src/Tools@latest")]
    [DataRow("example.com/tools/src/Other@latest")]
    [DataRow("example.com/tools/src/Nope@v1.1.0")]
    public async Task Get_ProjectPath_SameModuleAsGoGetOfAPackage(string arg)
    {
        GoTool.RequireGo();
        using var f = new LoaderFixture();
        foreach (var (path, version, files) in new[]
        {
            ("example.com/tools", "v1.0.0", new[] { ("src/Tools/Tools.csproj", "<Project />"), ("src/Tools/tools.go", "package tools\n") }),
            ("example.com/tools", "v1.1.0", new[] { ("src/Tools/Tools.csproj", "<Project />"), ("src/Tools/tools.go", "package tools\n") }),
            ("example.com/tools/src", "v1.0.0", new[] { ("Other/Other.csproj", "<Project />"), ("Other/other.go", "package other\n") }),
        })
        {
            f.Proxy.AddRaw(path, version, $"module {path}\n", files: [.. files, ("go.mod", $"module {path}\n")]);
        }
        f.WriteMain("module example.com/app\n");
        string goWork = Path.Combine(f.MainDir, "..", "gowork");
        Directory.CreateDirectory(goWork);
        File.WriteAllText(Path.Combine(goWork, "go.mod"), "module example.com/app\n\ngo 1.16\n");
        var go = GoTool.Run(goWork, Path.Combine(f.MainDir, "..", "gopath"), f.Proxy.Url, "get", arg);

        var loader = f.Loader();
        try
        {
            await ModuleGet.GetAsync(loader, [ModuleGet.Target.Parse(arg)], false);
        }
        catch (ModuleException e)
        {
            Assert.AreNotEqual(0, go.ExitCode, $"go succeeded where ModuleSdk failed: {e.Message}");
            if (e.Code == DiagnosticCodes.NoModuleContainsProject) StringAssert.Contains(go.Stderr, e.Message);
            return;
        }
        Assert.AreEqual(0, go.ExitCode, go.Stderr);
        // Go marks a requirement no package of the main module imports yet // indirect; get here has no imports to look at.
        string Requires(string text) =>
            string.Join("\n", text.Split('\n').Where(l => l.StartsWith("require ", StringComparison.Ordinal)).Select(l => l.Replace(" // indirect", "")));
        Assert.AreEqual(Requires(File.ReadAllText(Path.Combine(goWork, "go.mod"))), Requires(loader.Main.Format()), go.Stderr);
    }
}
