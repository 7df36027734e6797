using Microsoft.Build.Framework;

namespace ModuleSdk.Tasks.Tests;

/// <summary>
/// MSBuild's <see cref="ICancelableTask.Cancel"/> (Ctrl+C) reaches the core: a cancelled task
/// stops, fails without an error of its own (MSBuild reports the cancelled build) and writes nothing.
/// </summary>
[TestClass]
public sealed class CancellationTests
{
    [TestMethod]
    public void Restore_Cancelled_FailsQuietly_AndLeavesNoStamp()
    {
        using var w = new TaskWorld("module example.com/app\n\nrequire example.com/lib v1.0.0\n");
        w.Module("example.com/lib", "v1.0.0");
        var engine = new RecordingBuildEngine();
        var task = w.Task<ResolveModules>(engine);
        task.IntermediateDirectory = w.Obj;
        task.ProjectFile = Path.Combine(w.App, "App.csproj");

        task.Cancel();
        bool ok = task.Execute();

        Assert.IsFalse(ok);
        Assert.AreEqual(0, engine.Errors.Count, engine.ErrorText);
        StringAssert.Contains(engine.Output(MessageImportance.Normal), "ResolveModules canceled");
        Assert.IsFalse(File.Exists(Path.Combine(w.State, "restore.hash")), "a cancelled restore must not record a stamp");
        Assert.IsFalse(File.Exists(Path.Combine(w.State, "modules.props")));

        Assert.IsTrue(w.Restore().Ok, "the next restore runs as if nothing happened");
    }

    [TestMethod]
    public void Verify_Cancelled_StopsBeforeHashing()
    {
        using var w = new TaskWorld("module example.com/app\n\nrequire example.com/lib v1.0.0\n");
        w.Module("example.com/lib", "v1.0.0");
        Assert.IsTrue(w.Restore().Ok);
        var engine = new RecordingBuildEngine();
        var task = w.Task<VerifyModules>(engine);

        task.Cancel();
        bool ok = task.Execute();

        Assert.IsFalse(ok);
        Assert.AreEqual(0, engine.Errors.Count, engine.ErrorText);
        Assert.IsFalse(engine.Output(MessageImportance.High).Contains("all modules verified"));
        StringAssert.Contains(engine.Output(MessageImportance.Normal), "VerifyModules canceled");
    }
}
