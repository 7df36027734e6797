namespace ModuleSdk.Tasks.Tests;

/// <summary>ResolveModules with ModuleReference items: chosen projects, the stamp, errors at the item, copies' origin files and stale copies.</summary>
[TestClass]
public sealed class ModuleReferenceTaskTests
{
    private const string AppMod = "module example.com/app\n\nrequire (\n\texample.com/dep v1.0.0\n\texample.com/lib v1.0.0\n)\n";

    private static TaskWorld World()
    {
        var w = new TaskWorld(AppMod);
        w.Module("example.com/dep", "v1.0.0")
         .Module("example.com/lib", "v1.0.0", ["example.com/dep v1.0.0"])
         .Module("example.com/lib", "v1.1.0", ["example.com/dep v1.0.0"]);
        return w;
    }

    [TestMethod]
    public void Restore_WithItems_ReferencesOnlyTheNamedProjectsAndStampsTheItems()
    {
        using var w = World();
        var (ok, engine, task) = w.Restore(moduleReferences: ["example.com/lib"]);
        Assert.IsTrue(ok, engine.ErrorText);
        Assert.AreEqual("example.com/lib@v1.0.0/Lib.csproj",
            task.ProjectReferences.Single().ItemSpec.Replace('\\', '/')[^"example.com/lib@v1.0.0/Lib.csproj".Length..]);
        // The items are part of what restore resolved: a build with others must restore first.
        Assert.IsTrue(w.CheckRestored(["example.com/lib"]).Ok);
        var (stale, staleEngine) = w.CheckRestored();
        Assert.IsFalse(stale);
        StringAssert.Contains(staleEngine.ErrorText, "MOD9001");
        (ok, engine, task) = w.Restore(moduleReferences: ["example.com/lib", "example.com/dep"]);
        Assert.IsTrue(ok, engine.ErrorText);
        Assert.IsFalse(engine.Output().Contains("up to date"), "changed items resolve again");
        Assert.HasCount(2, task.ProjectReferences);
    }

    [TestMethod]
    public void Restore_ProjectPathNoModuleProvides_FailsAtTheItemsLineWithGosWording()
    {
        using var w = World();
        File.WriteAllText(Path.Combine(w.App, "App.csproj"),
            "<Project Sdk=\"ModuleSdk/1.0.0\">\n  <ItemGroup>\n    <ModuleReference Include=\"example.com/lib\" />\n" +
            "    <ModuleReference Include=\"example.com/nothere/src/X\" />\n  </ItemGroup>\n</Project>\n");
        var (ok, engine, _) = w.Restore(moduleReferences: ["example.com/lib", "example.com/nothere/src/X"]);
        Assert.IsFalse(ok);
        var e = engine.Errors.Single();
        Assert.AreEqual(("MOD9020", Path.Combine(w.App, "App.csproj"), 4, 5), (e.Code, e.File, e.LineNumber, e.ColumnNumber));
        // MSBuild shows each line of a message as an error of its own, so the task logs Go's two lines as one.
        Assert.AreEqual("no required module provides package example.com/nothere/src/X; to add it: dotnet mod get example.com/nothere/src/X", e.Message);
        Assert.IsFalse(File.Exists(Path.Combine(w.State, "restore.hash")), "a failed restore records nothing");
    }

    [TestMethod]
    public void Restore_WritesEachCopysOriginTargetsAndRemovesCopiesNoLongerSelected()
    {
        using var w = World();
        Assert.IsTrue(w.Restore().Ok);
        string copies = Path.Combine(w.Obj, "modules", "example.com");
        // This proxy records no origin: the copy's sources are embedded for debuggers, the repository lookup is off.
        string targets = File.ReadAllText(Path.Combine(copies, "lib@v1.0.0", "obj", "Lib.csproj.modulesdk.targets"));
        StringAssert.Contains(targets, "<EnableSourceControlManagerQueries>false</EnableSourceControlManagerQueries>");
        StringAssert.Contains(targets, "<EmbedAllSources>true</EmbedAllSources>");
        StringAssert.Contains(targets, "<DeterministicSourcePaths>true</DeterministicSourcePaths>");
        StringAssert.Contains(targets, $"<SourceRoot Include=\"{Path.Combine(copies, "lib@v1.0.0")}{Path.DirectorySeparatorChar}\" />".Replace("@", "%40"));

        File.WriteAllText(w.ModFile, AppMod.Replace("example.com/lib v1.0.0", "example.com/lib v1.1.0"));
        var (ok, engine, _) = w.Restore();
        Assert.IsTrue(ok, engine.ErrorText);
        Assert.IsTrue(Directory.Exists(Path.Combine(copies, "lib@v1.1.0")));
        Assert.IsFalse(Directory.Exists(Path.Combine(copies, "lib@v1.0.0")), "the copy of a version no longer selected is removed");
        Assert.IsTrue(Directory.Exists(Path.Combine(copies, "dep@v1.0.0")));
    }

    [TestMethod]
    public void Restore_ModuleCopysOwnItems_PerProjectReferencesAndWarningsForItemsNamingNothing()
    {
        using var w = World();
        w.Proxy.AddRaw("example.com/suite", "v1.0.0", "module example.com/suite\n\nrequire example.com/lib v1.0.0\n", files:
        [
            ("Suite.csproj",
                "<Project Sdk=\"ModuleSdk/1.0.0\">\n  <ItemGroup>\n    <ModuleReference Include=\"example.com/lib\" />\n  </ItemGroup>\n</Project>\n"),
            ("tests/Suite.Tests/Suite.Tests.csproj",
                "<Project Sdk=\"ModuleSdk/1.0.0\">\n  <ItemGroup>\n    <ModuleReference Include=\"example.com/testonly/x\" />\n  </ItemGroup>\n</Project>\n"),
        ]);
        File.WriteAllText(w.ModFile, AppMod + "\nrequire example.com/suite v1.0.0\n");
        var (ok, engine, task) = w.Restore(moduleReferences: ["example.com/suite"]);
        Assert.IsTrue(ok, engine.ErrorText);
        string copy = Path.Combine(w.Obj, "modules", "example.com", "suite@v1.0.0");
        Assert.AreEqual(Path.Combine(copy, "Suite.csproj"), task.ProjectReferences.Single().ItemSpec);
        // The module's project gets its own item's project at the selected version, under a condition on its path.
        string props = File.ReadAllText(Path.Combine(copy, ".modulesdk", "dependency.props"));
        StringAssert.Contains(props, $"Condition=\"'$(MSBuildProjectFullPath)' == '{Path.Combine(copy, "Suite.csproj").Replace("@", "%40")}'\"");
        StringAssert.Contains(props, "lib%40v1.0.0/Lib.csproj".Replace('/', Path.DirectorySeparatorChar));
        // The tests project's item names nothing: a warning at it, not a failed restore.
        var warning = engine.Warnings.Single();
        Assert.AreEqual(("MOD9020", Path.Combine(copy, "tests", "Suite.Tests", "Suite.Tests.csproj"), 3, 5),
            (warning.Code, warning.File, warning.LineNumber, warning.ColumnNumber));
    }
}
