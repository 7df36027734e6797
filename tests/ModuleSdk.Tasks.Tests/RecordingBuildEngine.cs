using System.Collections;
using Microsoft.Build.Framework;

namespace ModuleSdk.Tasks.Tests;

/// <summary>
/// An <see cref="IBuildEngine"/> that keeps every event a task logs, so a test can assert on
/// codes, files, lines and messages exactly as MSBuild would show them.
/// </summary>
public sealed class RecordingBuildEngine : IBuildEngine
{
    public List<BuildErrorEventArgs> Errors { get; } = [];
    public List<BuildWarningEventArgs> Warnings { get; } = [];
    public List<BuildMessageEventArgs> Messages { get; } = [];

    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode => "test.csproj";

    public void LogErrorEvent(BuildErrorEventArgs e) { lock (Errors) Errors.Add(e); }
    public void LogWarningEvent(BuildWarningEventArgs e) { lock (Warnings) Warnings.Add(e); }
    public void LogMessageEvent(BuildMessageEventArgs e) { lock (Messages) Messages.Add(e); }
    public void LogCustomEvent(CustomBuildEventArgs e) { }

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
        throw new NotSupportedException("ModuleSdk's tasks never build other projects");

    /// <summary>Every message at or above <paramref name="importance"/>, one per line.</summary>
    public string Output(MessageImportance importance = MessageImportance.Normal) =>
        string.Concat(Messages.Where(m => m.Importance <= importance).Select(m => m.Message + "\n"));

    /// <summary>The errors as MSBuild prints them, for assertion messages.</summary>
    public string ErrorText => string.Join("\n", Errors.Select(e => $"{e.File}({e.LineNumber},{e.ColumnNumber}): error {e.Code}: {e.Message}"));
}
