using Microsoft.Build.Framework;
using ModuleSdk.Proxy.Tests;

namespace ModuleSdk.Tasks.Tests;

/// <summary>
/// ResolveModules and CheckModulesRestored run in-process: what a restore writes under obj/,
/// the no-op path, the build's guard, and each failure located where MSBuild shows it.
/// </summary>
[TestClass]
public sealed class RestoreTaskTests
{
    private const string AppMod = "module example.com/app\n\nrequire (\n\texample.com/dep v1.0.0\n\texample.com/lib v1.0.0\n)\n";

    private static TaskWorld World()
    {
        var w = new TaskWorld(AppMod);
        w.Module("example.com/dep", "v1.0.0")
         .Module("example.com/dep", "v1.1.0")
         .Module("example.com/lib", "v1.0.0", ["example.com/dep v1.1.0"]);
        return w;
    }

    [TestMethod]
    public void Restore_FirstRun_WritesReferencesPropsSumsAndStamp()
    {
        using var w = World();
        var (ok, engine, task) = w.Restore();

        Assert.IsTrue(ok, engine.ErrorText);
        // MVS raised dep to lib's minimum; the main project references both of its requirements.
        var refs = task.ProjectReferences.Select(r => r.ItemSpec.Replace('\\', '/')).ToList();
        Assert.HasCount(2, refs);
        Assert.IsTrue(refs.Any(r => r.EndsWith("example.com/dep@v1.1.0/Dep.csproj", StringComparison.Ordinal)), string.Join("\n", refs));
        Assert.IsTrue(refs.Any(r => r.EndsWith("example.com/lib@v1.0.0/Lib.csproj", StringComparison.Ordinal)), string.Join("\n", refs));
        Assert.IsTrue(task.ProjectReferences.All(r => r.GetMetadata("ModuleSdkGenerated") == "true"));

        string props = File.ReadAllText(Path.Combine(w.State, "modules.props"));
        // The build information to stamp, MSBuild-escaped (%09 is a tab): the selected version with its hash.
        StringAssert.Contains(props, "dep%09example.com/dep%09v1.1.0%09h1:");
        Assert.IsTrue(File.Exists(Path.Combine(w.State, "restore.hash")));
        // The module copy of lib is compiled against the selected dep, not its own minimum.
        string libProps = File.ReadAllText(Path.Combine(w.Obj, "modules", "example.com", "lib@v1.0.0", ".modulesdk", "dependency.props"));
        StringAssert.Contains(libProps, "dep%40v1.1.0/Dep.csproj");

        var sums = File.ReadAllLines(w.SumFile);
        CollectionAssert.Contains(sums, sums.First(l => l.StartsWith("example.com/dep v1.1.0 h1:", StringComparison.Ordinal)));
        Assert.AreEqual(AppMod, File.ReadAllText(w.ModFile), "restore never rewrites module.mod");
        StringAssert.Contains(engine.Output(MessageImportance.High), "added missing hashes");
    }

    [TestMethod]
    public void Restore_NothingChanged_DoesNoModuleWork()
    {
        using var w = World();
        Assert.IsTrue(w.Restore().Ok);
        string props = Path.Combine(w.State, "modules.props");
        var written = File.GetLastWriteTimeUtc(props);

        var (ok, engine, task) = w.Restore();

        Assert.IsTrue(ok, engine.ErrorText);
        StringAssert.Contains(engine.Output(), "modules of example.com/app are up to date");
        Assert.HasCount(2, task.ProjectReferences);
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(props), "a no-op restore writes nothing");
    }

    [TestMethod]
    public void CheckRestored_AfterRestore_PassesAndAfterModFileEdit_FailsWithMOD9001()
    {
        using var w = World();
        var before = w.CheckRestored();
        Assert.IsFalse(before.Ok);
        Assert.AreEqual("MOD9001", before.Engine.Errors.Single().Code);
        StringAssert.Contains(before.Engine.Errors.Single().Message, "modules have not been restored");

        Assert.IsTrue(w.Restore().Ok);
        Assert.IsTrue(w.CheckRestored().Ok);

        File.AppendAllText(w.ModFile, "\nrequire example.com/dep v1.1.0\n");
        var after = w.CheckRestored();
        Assert.IsFalse(after.Ok);
        var error = after.Engine.Errors.Single();
        Assert.AreEqual("MOD9001", error.Code);
        Assert.AreEqual(w.ModFile, error.File);
        StringAssert.Contains(error.Message, "run 'dotnet restore'");
    }

    [TestMethod]
    public void Restore_SumMismatch_FailsAtTheSumLineAndWritesNothing()
    {
        using var w = World();
        string wrong = "example.com/lib v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
        File.WriteAllText(w.SumFile, wrong);

        var (ok, engine, _) = w.Restore();

        Assert.IsFalse(ok);
        var error = engine.Errors.First();
        Assert.AreEqual("MOD7003", error.Code, engine.ErrorText);
        Assert.AreEqual(w.SumFile, error.File);
        Assert.AreEqual(1, error.LineNumber);
        StringAssert.Contains(error.Message, "SECURITY ERROR");
        Assert.AreEqual(wrong, File.ReadAllText(w.SumFile), "module.sum is left as it was");
        Assert.IsFalse(File.Exists(Path.Combine(w.State, "restore.hash")));
        Assert.IsFalse(w.CheckRestored().Ok, "a build after a failed restore is refused");
    }

    [TestMethod]
    public void Restore_LockedModeWithoutSums_FailsAndCreatesNoSumFile()
    {
        using var w = World();

        var (ok, engine, _) = w.Restore(locked: true);

        Assert.IsFalse(ok);
        Assert.AreEqual("MOD7004", engine.Errors.First().Code, engine.ErrorText);
        Assert.IsFalse(File.Exists(w.SumFile));
        Assert.IsFalse(File.Exists(Path.Combine(w.State, "restore.hash")));
    }

    [TestMethod]
    public void Restore_TakesLockedModeAsDecided_NotFromTheModeItCarries()
    {
        // Sdk.targets decides locked mode once, ModuleMode=readonly included: the task takes its
        // ModuleLockedMode and does not derive it from the mode again.
        using var w = World();
        var engine = new RecordingBuildEngine();
        var task = w.Task<ResolveModules>(engine);
        task.IntermediateDirectory = w.Obj;
        task.ModuleSettings!.SetMetadata("ModuleMode", "readonly");

        Assert.IsTrue(task.Execute(), engine.ErrorText);
        Assert.IsTrue(File.Exists(w.SumFile), "not locked: the missing hashes were added");

        File.Delete(w.SumFile);
        engine = new RecordingBuildEngine();
        task = w.Task<ResolveModules>(engine, locked: true);
        task.IntermediateDirectory = w.Obj;
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("MOD7004", engine.Errors.First().Code, engine.ErrorText);
    }

    [TestMethod]
    public void Restore_ProxyRefusesConnections_FailsAtTheRequireLine()
    {
        using var w = World();
        // A port that was just free: connecting to it is refused at once.
        int port = ServerProcess.FreePort();

        var (ok, engine, _) = w.Restore(proxy: $"http://127.0.0.1:{port}");

        Assert.IsFalse(ok);
        var error = engine.Errors.First();
        StringAssert.StartsWith(error.Code, "MOD6", engine.ErrorText);
        Assert.AreEqual(w.ModFile, error.File);
        Assert.IsGreaterThan(0, error.LineNumber, engine.ErrorText);
        Assert.IsFalse(File.Exists(w.SumFile));
        Assert.IsFalse(Directory.Exists(Path.Combine(w.Obj, "modules")) && Directory.EnumerateFileSystemEntries(Path.Combine(w.Obj, "modules")).Any());
    }

    [TestMethod]
    public void Restore_TwoModulesBuildingOneAssemblyName_FailsWithMOD9009()
    {
        using var w = new TaskWorld("module example.com/app\n\nrequire (\n\texample.com/lib v1.0.0\n\texample.com/lib/v2 v2.0.0\n)\n");
        w.Module("example.com/lib", "v1.0.0").Module("example.com/lib/v2", "v2.0.0", project: "Lib");

        var (ok, engine, _) = w.Restore();

        Assert.IsFalse(ok);
        var error = engine.Errors.Single();
        Assert.AreEqual("MOD9009", error.Code, engine.ErrorText);
        StringAssert.Contains(error.Message, "example.com/lib/v2");
        StringAssert.Contains(error.Message, "AssemblyName");
        Assert.IsFalse(File.Exists(Path.Combine(w.State, "modules.props")));
    }
}
