using ModuleSdk.Diagnostics;

namespace ModuleSdk.BuildInfo;

/// <summary>
/// One file <see cref="AssemblyScan"/> looked at: shown as <paramref name="Name"/> (the argument, or
/// the argument joined with the path below it), at <paramref name="File"/>; with its build
/// information, or the failure reading a named file, or neither (a file under a directory without
/// module information, which <c>go version</c> skips silently).
/// </summary>
public sealed record ScannedAssembly(string Name, string File, AssemblyBuildInfoReader.Result? Result, Exception? Failure = null)
{
    /// <summary>The failure as the user sees it: the file's full path shown as they named it.</summary>
    public string? FailureMessage => Failure switch
    {
        null => null,
        ModuleException e => e.Message.Replace(File, Name),
        _ => $"{Name}: {Failure.Message}",
    };
}
