using Microsoft.Build.Framework;

namespace ModuleSdk.Tasks.Tests;

/// <summary>
/// An exception no check foresaw becomes one coded error (MOD9040) on one line, not MSBuild's
/// MSB4018 with a stack trace; the trace is logged at diagnostic verbosity only.
/// </summary>
[TestClass]
public sealed class LastResortGuardTests
{
    private sealed class FailingTask : ModuleTask
    {
        protected override void Run() => throw new InvalidOperationException("something\nnobody foresaw");
    }

    [TestMethod]
    public void UnexpectedException_OneCodedError_TraceOnlyAtDiagnosticVerbosity()
    {
        var engine = new RecordingBuildEngine();
        var task = new FailingTask { BuildEngine = engine, ProjectDirectory = Path.GetTempPath() };
        Assert.IsFalse(task.Execute());
        var error = engine.Errors.Single();
        Assert.AreEqual("MOD9040", error.Code);
        Assert.AreEqual(
            "internal error in FailingTask: InvalidOperationException: something nobody foresaw (build with -v:diag for details, and please report it)",
            error.Message);
        Assert.IsFalse(error.Message!.Contains(" at ", StringComparison.Ordinal));
        var trace = engine.Messages.Single(m => m.Message!.Contains("InvalidOperationException", StringComparison.Ordinal));
        Assert.AreEqual(MessageImportance.Low, trace.Importance);
        StringAssert.Contains(trace.Message, nameof(FailingTask));
    }
}
