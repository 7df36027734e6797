using ModuleSdk.Building;
using ModuleSdk.Usage;
using ModuleSdk.Projects;

namespace ModuleSdk.Tests.Usage;

/// <summary>
/// The recorder on real compiled assemblies: this test assembly uses the core's types (so the
/// compiler kept its AssemblyRef to ModuleSdk) and none of, say, the test platform's telemetry,
/// although the compiler was given references to every assembly in the output folder.
/// </summary>
[TestClass]
public sealed class UsageRecorderTests
{
    private static readonly string TestAssembly = typeof(UsageRecorderTests).Assembly.Location;
    private static readonly string Core = typeof(UsageRecord).Assembly.Location;
    // An assembly the compilation was given but does not use (found, not named: the test
    // platform's packages change).
    private static readonly string Unused = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
        .Where(f => AssemblyReferences.DefinedName(f) is { } n && n != "ModuleSdk.Tests" && !AssemblyReferences.Read(TestAssembly).Contains(n))
        .Order(StringComparer.Ordinal).First();

    [TestMethod]
    public void Read_CompiledAssembly_ListsOnlyUsedReferences()
    {
        var names = AssemblyReferences.Read(TestAssembly);
        CollectionAssert.Contains(names.ToArray(), "ModuleSdk");
        // Given to the compiler (a package's runtime dependency in the output folder), never used.
        CollectionAssert.DoesNotContain(names.ToArray(), "Microsoft.ApplicationInsights");
        Assert.AreEqual("ModuleSdk", AssemblyReferences.DefinedName(Core));
    }

    [TestMethod]
    public void UsedModules_ReferencesFromModuleProjects_OnlyUsedOnesCount()
    {
        var map = new ModuleProjectMap([("example.com/core", "/m/core/Core.csproj"), ("example.com/git", "/m/git/Git.csproj")]);
        var refs = new[]
        {
            new UsageRecorder.Reference(Core, "/m/core/Core.csproj"),
            new UsageRecorder.Reference(Unused, "/m/git/Git.csproj"),
            new UsageRecorder.Reference(typeof(object).Assembly.Location, null),
        };
        CollectionAssert.AreEqual(new[] { "example.com/core" }, UsageRecorder.UsedModules(TestAssembly, refs, map, []).ToArray());
        // A declared use (reflection, plugins) counts as a use.
        CollectionAssert.AreEqual(new[] { "example.com/core", "example.com/plugin" },
            UsageRecorder.UsedModules(TestAssembly, refs, map, ["example.com/plugin", ""]).ToArray());
        // A reference from a project of no module (the main module's own) is never a module.
        Assert.AreEqual(0, UsageRecorder.UsedModules(TestAssembly, [new UsageRecorder.Reference(Core, "/app/Other.csproj")], map, []).Count);
    }

    // The compiler's list names the paths it was given: a module's reference assembly under
    // obj/.../ref/ by default, its bin/ output when reference assemblies are off. Both match the
    // module's reference by file name; framework and package references are no module.
    [TestMethod]
    [DataRow("/app/obj/modules/example.com/core@v1.0.0/obj/Debug/net10.0/ref/Core.dll")]
    [DataRow("/app/obj/modules/example.com/core@v1.0.0/bin/Debug/net10.0/Core.dll")]
    [DataRow("/elsewhere/CORE.dll")]
    public void UsedModulesFromCompiler_UsedPath_MapsToModuleByFileName(string usedPath)
    {
        var map = new ModuleProjectMap([("example.com/core", "/m/core/Core.csproj"), ("example.com/git", "/m/git/Git.csproj")]);
        var refs = new[]
        {
            new UsageRecorder.Reference("/app/obj/modules/example.com/core@v1.0.0/obj/Debug/net10.0/ref/Core.dll", "/m/core/Core.csproj"),
            new UsageRecorder.Reference("/app/obj/modules/example.com/git@v1.0.0/obj/Debug/net10.0/ref/Git.dll", "/m/git/Git.csproj"),
            new UsageRecorder.Reference("/dotnet/packs/ref/net10.0/System.Runtime.dll", null),
        };
        string[] used = [usedPath, "/dotnet/packs/ref/net10.0/System.Runtime.dll"];
        CollectionAssert.AreEqual(new[] { "example.com/core" }, UsageRecorder.UsedModulesFromCompiler(used, refs, map, []).ToArray());
        CollectionAssert.AreEqual(new[] { "example.com/core", "example.com/plugin" },
            UsageRecorder.UsedModulesFromCompiler(used, refs, map, ["example.com/plugin"]).ToArray());
    }

    [TestMethod]
    public void UsedModulesFromCompiler_NothingUsed_NoModules()
    {
        var map = new ModuleProjectMap([("example.com/core", "/m/core/Core.csproj")]);
        var refs = new[] { new UsageRecorder.Reference("/m/core/obj/ref/Core.dll", "/m/core/Core.csproj") };
        Assert.AreEqual(0, UsageRecorder.UsedModulesFromCompiler(["/dotnet/System.Runtime.dll"], refs, map, []).Count);
        // A used reference built by a project of no module (the main module's own) is never a module.
        Assert.AreEqual(0, UsageRecorder.UsedModulesFromCompiler(["/app/lib/obj/ref/Core.dll"],
            [new UsageRecorder.Reference("/app/lib/obj/ref/Core.dll", "/app/lib/Core.csproj")], map, []).Count);
    }

    // The analyzer's list, end to end through the file: written as the analyzer writes it, read
    // and mapped as the build task does.
    [TestMethod]
    public void UsedReferencesFile_AnalyzerList_MapsToModules()
    {
        using var temp = new TestSupport.TempDir("usage");
        string file = temp.Combine(UsedReferencesFile.FileName);
        File.WriteAllText(file, UsedReferencesFile.Header + "\n/app/obj/modules/m/obj/Debug/net10.0/ref/Logging.dll\n/dotnet/System.Runtime.dll\n");
        var used = UsedReferencesFile.Read(file);
        Assert.IsNotNull(used);
        var map = new ModuleProjectMap([("example.com/logging", "/m/logging/Logging.csproj")]);
        var refs = new[] { new UsageRecorder.Reference("/app/obj/modules/m/obj/Debug/net10.0/ref/Logging.dll", "/m/logging/Logging.csproj") };
        CollectionAssert.AreEqual(new[] { "example.com/logging" }, UsageRecorder.UsedModulesFromCompiler(used, refs, map, []).ToArray());
    }

    [TestMethod]
    [DataRow("modulesdk-used-references 1\n/a/A.dll\n/b/B.dll\n", "/a/A.dll|/b/B.dll")]
    [DataRow("modulesdk-used-references 1\r\n/a/A.dll\r\n\r\n", "/a/A.dll")]
    [DataRow("modulesdk-used-references 1\n", "")]
    [DataRow("modulesdk-used-references 1", "")]
    public void UsedReferencesFile_Parse_Paths(string text, string want)
    {
        var paths = UsedReferencesFile.Parse(text);
        Assert.IsNotNull(paths);
        Assert.AreEqual(want, string.Join('|', paths));
    }

    // Anything else says nothing: the build then reads the assembly's AssemblyRef table.
    [TestMethod]
    [DataRow("")]
    [DataRow("/a/A.dll\n")]
    [DataRow("modulesdk-used-references 2\n/a/A.dll\n")]
    public void UsedReferencesFile_Parse_NotAList_Null(string text) => Assert.IsNull(UsedReferencesFile.Parse(text));

    [TestMethod]
    public void UsedReferencesFile_Read_Missing_Null()
    {
        using var temp = new TestSupport.TempDir("usage");
        Assert.IsNull(UsedReferencesFile.Read(temp.Combine("none.txt")));
    }

    [TestMethod]
    public void Read_NotAnAssembly_Throws()
    {
        using var temp = new TestSupport.TempDir("usage");
        string file = temp.Combine("x.dll");
        File.WriteAllText(file, "not a PE file");
        Assert.ThrowsExactly<BadImageFormatException>(() => AssemblyReferences.Read(file));
        Assert.IsNull(AssemblyReferences.DefinedName(file));
    }
}
