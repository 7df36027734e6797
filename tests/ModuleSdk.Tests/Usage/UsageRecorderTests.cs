using ModuleSdk.Usage;

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
        CollectionAssert.AreEqual(new[] { "example.com/core", "example.com/plugin" }, UsageRecorder.UsedModules(TestAssembly, refs, map, ["example.com/plugin", ""]).ToArray());
        // A reference from a project of no module (the main module's own) is never a module.
        Assert.AreEqual(0, UsageRecorder.UsedModules(TestAssembly, [new UsageRecorder.Reference(Core, "/app/Other.csproj")], map, []).Count);
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
