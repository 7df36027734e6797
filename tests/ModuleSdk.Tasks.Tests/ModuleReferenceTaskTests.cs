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
        Assert.AreEqual("example.com/lib@v1.0.0/Lib.csproj", task.ProjectReferences.Single().ItemSpec.Replace('\\', '/')[^"example.com/lib@v1.0.0/Lib.csproj".Length..]);
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
        File.WriteAllText(Path.Combine(w.App, "App.csproj"), "<Project Sdk=\"ModuleSdk/1.0.0\">\n  <ItemGroup>\n    <ModuleReference Include=\"example.com/lib\" />\n    <ModuleReference Include=\"example.com/nothere/src/X\" />\n  </ItemGroup>\n</Project>\n");
        var (ok, engine, _) = w.Restore(moduleReferences: ["example.com/lib", "example.com/nothere/src/X"]);
        Assert.IsFalse(ok);
        var e = engine.Errors.Single();
        Assert.AreEqual(("MOD9020", Path.Combine(w.App, "App.csproj"), 4, 5), (e.Code, e.File, e.LineNumber, e.ColumnNumber));
        Assert.AreEqual("no required module provides package example.com/nothere/src/X; to add it:\n\tdotnet mod get example.com/nothere/src/X", e.Message);
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
        StringAssert.Contains(targets, $"<SourceRoot Include=\"{Path.Combine(copies, "lib@v1.0.0")}{Path.DirectorySeparatorChar}\" />".Replace("@", "%40"));

        File.WriteAllText(w.ModFile, AppMod.Replace("example.com/lib v1.0.0", "example.com/lib v1.1.0"));
        var (ok, engine, _) = w.Restore();
        Assert.IsTrue(ok, engine.ErrorText);
        Assert.IsTrue(Directory.Exists(Path.Combine(copies, "lib@v1.1.0")));
        Assert.IsFalse(Directory.Exists(Path.Combine(copies, "lib@v1.0.0")), "the copy of a version no longer selected is removed");
        Assert.IsTrue(Directory.Exists(Path.Combine(copies, "dep@v1.0.0")));
    }
}
