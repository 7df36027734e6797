using ModuleSdk.Building;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Projects;

namespace ModuleSdk.Tests.Building;

[TestClass]
public class ModuleProjectsTests
{
    [TestMethod]
    [DataRow("github.com/khellang/Scrutor/src/Scrutor", "github.com/khellang/Scrutor", DisplayName = "a directory of the module")]
    [DataRow("github.com/khellang/Scrutor", "github.com/khellang/Scrutor", DisplayName = "the bare module path")]
    [DataRow("example.com/lib/sub/src/X", "example.com/lib/sub", DisplayName = "the longest module path wins")]
    [DataRow("example.com/lib/v2/src/X", "example.com/lib/v2", DisplayName = "a major version is its own module")]
    [DataRow("example.com/library/X", null, DisplayName = "a prefix must end at a path element")]
    [DataRow("example.com/other", null, DisplayName = "no module")]
    public void ProvidingModule_LongestPathElementPrefix(string projectPath, string? expected) =>
        Assert.AreEqual(expected,
            ProjectPaths.ProvidingModule(projectPath, ["github.com/khellang/Scrutor", "example.com/lib", "example.com/lib/sub", "example.com/lib/v2"]));

    [TestMethod]
    public void CandidateModules_LongestFirstOnlyValidModulePaths() =>
        CollectionAssert.AreEqual(new[] { "github.com/o/r/src/P", "github.com/o/r/src", "github.com/o/r", "github.com/o", "github.com" },
            ProjectPaths.CandidateModules("github.com/o/r/src/P").ToArray());

    [TestMethod]
    public void For_ItemsNameDirectoriesProjectFilesAndRoots()
    {
        using var dir = new TempDir();
        var projects = World(dir);
        var refs = projects.For([
            new("example.com/tools/src/Tools"),
            new("example.com/tools/src/Two/B.csproj"),
            new("example.com/tools"),
            new("example.com/tools/src/Tools"),
        ], ["example.com/other"]);
        CollectionAssert.AreEqual(new[]
        {
            dir.Combine("tools", "src", "Tools", "Tools.csproj"),
            dir.Combine("tools", "src", "Two", "B.csproj"),
            dir.Combine("tools", "Root.csproj"),
        }, refs.ToArray());
    }

    [TestMethod]
    public void For_WithoutItems_TheRootProjectsOfTheRequiredModules()
    {
        using var dir = new TempDir();
        var projects = World(dir);
        CollectionAssert.AreEqual(new[] { dir.Combine("tools", "Root.csproj") }, projects.For([], ["example.com/tools", "example.com/sdkless"]).ToArray());
    }

    [TestMethod]
    [DataRow("example.com/missing/src/X", "MOD9020",
        "no required module provides package example.com/missing/src/X; to add it:\n\tdotnet mod get example.com/missing/src/X",
        DisplayName = "no module: Go's wording")]
    [DataRow("example.com/tools/src/Nope", "MOD9021", "module example.com/tools has no directory src/Nope", DisplayName = "no such directory")]
    [DataRow("example.com/tools/src", "MOD9021", "module example.com/tools has no project file in src/", DisplayName = "no project file there")]
    [DataRow("example.com/tools/src/Two", "MOD9021", "has 2 project files in src/Two/ (A.csproj, B.csproj); name one: example.com/tools/src/Two/A.csproj",
        DisplayName = "several project files")]
    [DataRow("example.com/tools/../x", "MOD9023", "ModuleReference \"example.com/tools/../x\": malformed import path", DisplayName = "dot-dot")]
    [DataRow("example.com\\tools", "MOD9023", "backslash", DisplayName = "backslash")]
    public void Resolve_Failures_CarryCodeAndItemLine(string projectPath, string code, string message)
    {
        using var dir = new TempDir();
        var projects = World(dir);
        var e = Assert.ThrowsExactly<ModuleException>(() => projects.Resolve(new ModuleReferenceItem(projectPath, "App.csproj", 7, 5)));
        Assert.AreEqual(code, e.Code);
        Assert.AreEqual(("App.csproj", 7, 5), (e.File, e.Line, e.Column));
        StringAssert.Contains(e.Message, message);
    }

    [TestMethod]
    public void Resolve_ProjectOnAnotherSdkWhoseModuleRequiresModules_WarnsOnce()
    {
        using var dir = new TempDir();
        var projects = World(dir);
        projects.Resolve(new("example.com/sdkless/Plain", "App.csproj", 3, 4));
        projects.Resolve(new("example.com/sdkless/Plain", "App.csproj", 4, 4));
        projects.Resolve(new("example.com/sdkless/Moduled"));
        projects.Resolve(new("example.com/tools/src/Tools"));
        var w = projects.Warnings.Single();
        Assert.AreEqual((DiagnosticCodes.ModuleProjectWithoutSdk, 3), (w.Code, w.Line));
        StringAssert.Contains(w.Message, "Plain.csproj of module example.com/sdkless@v1.0.0");
        StringAssert.Contains(w.Message, "cannot see the modules its module requires (example.com/tools)");
    }

    [TestMethod]
    [DataRow("<Project Sdk=\"ModuleSdk/1.0.0\" />", true)]
    [DataRow("<Project Sdk=\"ModuleSdk\" />", true)]
    [DataRow("<Project><Sdk Name=\"ModuleSdk\" Version=\"1.0.0\" /></Project>", true)]
    [DataRow("<Project><Import Project=\"Sdk.props\" Sdk=\"ModuleSdk\" /></Project>", true)]
    [DataRow("<Project Sdk=\"Microsoft.NET.Sdk\" />", false)]
    [DataRow("<Project Sdk=\"ModuleSdkX/1.0.0\" />", false)]
    [DataRow("<Project", false)]
    public void UsesModuleSdk_ReadsTheProjectsSdks(string text, bool expected)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("P.csproj"), text);
        Assert.AreEqual(expected, ModuleProjects.UsesModuleSdk(dir.Combine("P.csproj")));
    }

    [TestMethod]
    public void ReadFrom_ItemsWithLinesSplitOnSemicolons()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("P.csproj"),
            "<Project Sdk=\"ModuleSdk/1.0.0\">\n  <ItemGroup>\n    <ModuleReference Include=\"example.com/a/src/A; example.com/b\" />\n" +
            "    <ModuleReference Remove=\"x\" />\n  </ItemGroup>\n</Project>\n");
        var items = ModuleReferenceItem.ReadFrom(dir.Combine("P.csproj"));
        CollectionAssert.AreEqual(new[] { "example.com/a/src/A", "example.com/b" }, items.Select(i => i.ProjectPath).ToArray());
        Assert.AreEqual((3, 5), (items[0].Line, items[0].Column), "at the '<', as MSBuild reports elements");
        var located = ModuleReferenceItem.Locate(["example.com/b", "example.com/imported"], dir.Combine("P.csproj"));
        Assert.AreEqual(3, located[0].Line);
        Assert.AreEqual((dir.Combine("P.csproj"), 0), (located[1].File, located[1].Line));
    }

    [TestMethod]
    public void RemoveStale_DeletesCopiesNotKeptAndEmptyFolders()
    {
        using var dir = new TempDir();
        string root = dir.Combine("modules");
        foreach (var copy in new[] { "example.com/lib@v1.0.0", "example.com/lib@v1.1.0", "example.com/lib/v2@v2.0.0", "example.com/gone@v1.0.0",
            ".x@v1.0.0.abcd.tmp" })
        {
            Directory.CreateDirectory(Path.Combine(root, copy, "obj"));
            File.WriteAllText(Path.Combine(root, copy, "obj", "f"), "");
        }
        var deleted = ModuleCopies.RemoveStale(root, [Path.Combine(root, "example.com/lib@v1.1.0"), Path.Combine(root, "example.com/lib/v2@v2.0.0")]);
        Assert.AreEqual(3, deleted.Count);
        Assert.IsTrue(Directory.Exists(Path.Combine(root, "example.com/lib@v1.1.0")));
        Assert.IsTrue(Directory.Exists(Path.Combine(root, "example.com/lib/v2@v2.0.0")));
        Assert.IsFalse(Directory.Exists(Path.Combine(root, "example.com/lib@v1.0.0")));
        Assert.IsFalse(Directory.Exists(Path.Combine(root, "example.com/gone@v1.0.0")));
        Assert.IsFalse(Directory.Exists(Path.Combine(root, ".x@v1.0.0.abcd.tmp")));
        ModuleCopies.RemoveStale(root, []);
        Assert.IsFalse(Directory.Exists(Path.Combine(root, "example.com")), "empty path folders go too");
    }

    [TestMethod]
    public void Mirror_LeavesOutNuGetConfigAndGlobalJsonAtAnyDepth()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("src", "sub"));
        File.WriteAllText(dir.Combine("src", "nuget.config"), "<configuration />");
        File.WriteAllText(dir.Combine("src", "global.json"), "{}");
        File.WriteAllText(dir.Combine("src", "sub", "NuGet.Config"), "<configuration />");
        File.WriteAllText(dir.Combine("src", "sub", "Lib.cs"), "");
        TreeCopy.Mirror(dir.Combine("src"), dir.Combine("copy"), refresh: false);
        Assert.IsTrue(File.Exists(dir.Combine("copy", "sub", "Lib.cs")));
        Assert.IsFalse(File.Exists(dir.Combine("copy", "nuget.config")));
        Assert.IsFalse(File.Exists(dir.Combine("copy", "global.json")));
        Assert.IsFalse(File.Exists(dir.Combine("copy", "sub", "NuGet.Config")));
    }

    [TestMethod]
    [DataRow("https://github.com/khellang/Scrutor", "", "https://raw.githubusercontent.com/khellang/Scrutor/0123456789abcdef0123456789abcdef01234567/*")]
    [DataRow("https://github.com/o/r.git", "sub/dir", "https://raw.githubusercontent.com/o/r/0123456789abcdef0123456789abcdef01234567/sub/dir/*")]
    [DataRow("https://gitlab.com/o/r", "", "https://gitlab.com/o/r/-/raw/0123456789abcdef0123456789abcdef01234567/*")]
    [DataRow("https://bitbucket.org/o/r", "", "https://bitbucket.org/o/r/raw/0123456789abcdef0123456789abcdef01234567/*")]
    [DataRow("file:///srv/git/r.git", "", null)]
    [DataRow("https://git.example.com/o/r", "", null)]
    public void SourceLinkUrl_KnownHostsOnly(string url, string subdir, string? expected)
    {
        var origin = SourceOrigin.From(new RevOrigin { VCS = "git", URL = url, Hash = "0123456789abcdef0123456789abcdef01234567", Subdir = subdir })!;
        Assert.AreEqual(expected, origin.SourceLinkUrl);
    }

    [TestMethod]
    public void From_NoOriginOrCredentials()
    {
        Assert.IsNull(SourceOrigin.From(null));
        Assert.IsNull(SourceOrigin.From(new RevOrigin { VCS = "hg", URL = "https://x.org/r", Hash = "abcdef0" }));
        Assert.AreEqual("https://github.com/o/r",
            SourceOrigin.From(new RevOrigin { URL = "https://user:secret@github.com/o/r", Hash = "abcdef0" })!.RepositoryUrl);
    }

    // tools (no module.mod): Root.csproj at its root, src/Tools/Tools.csproj, src/Two/{A,B}.csproj;
    // sdkless requires tools: Plain/ on Microsoft.NET.Sdk, Moduled/ on ModuleSdk.
    private static ModuleProjects World(TempDir dir)
    {
        void Project(string path, string sdk = "Microsoft.NET.Sdk")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dir.Combine(path))!);
            File.WriteAllText(dir.Combine(path), $"<Project Sdk=\"{sdk}\" />");
        }
        Project("tools/Root.csproj");
        Project("tools/src/Tools/Tools.csproj");
        Project("tools/src/Two/A.csproj");
        Project("tools/src/Two/B.csproj");
        Project("sdkless/Plain/Plain.csproj");
        Project("sdkless/Moduled/Moduled.csproj", "ModuleSdk/1.0.0");
        return new ModuleProjects(new Dictionary<string, (ResolvedModule, string)>
        {
            ["example.com/tools"] = (new ResolvedModule(new ModuleId("example.com/tools", "v1.0.0"), null, dir.Combine("tools"), "h1:x", []),
                dir.Combine("tools")),
            ["example.com/sdkless"] = (new ResolvedModule(new ModuleId("example.com/sdkless", "v1.0.0"), null, dir.Combine("sdkless"), "h1:y",
                ["example.com/tools"]), dir.Combine("sdkless")),
        });
    }
}
