namespace ModuleSdk.Diagnostics;

/// <summary>
/// One thing a core workflow that never fails the build over it reports (the build cache's lookup
/// and store, recording usage and fixes): a message, or a warning with its <c>MODxxxx</c>
/// <paramref name="Code"/> and the file it is about. Errors stay <see cref="ModuleException"/>s.
/// The adapters decide how each is shown (an MSBuild message or warning).
/// </summary>
public sealed record WorkflowNote(WorkflowNoteKind Kind, string Text, string? Code = null, string? File = null)
{
    /// <summary>A message at normal verbosity.</summary>
    public static WorkflowNote Message(string text) => new(WorkflowNoteKind.Message, text);

    /// <summary>A message only a detailed log shows.</summary>
    public static WorkflowNote Detail(string text) => new(WorkflowNoteKind.Detail, text);

    /// <summary>A warning with its code, about <paramref name="file"/>.</summary>
    public static WorkflowNote Warning(string code, string file, string text) => new(WorkflowNoteKind.Warning, text, code, file);
}
