using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Tasks;

/// <summary>
/// What the tasks over the core's note-reporting workflows share: the outputs' items as paths by
/// role, and the core's <see cref="WorkflowNote"/>s as MSBuild messages and warnings.
/// </summary>
internal static class WorkflowNotes
{
    /// <summary>The outputs' full paths by their <c>Role</c> metadata.</summary>
    public static Dictionary<string, string> Outputs(ITaskItem[] outputs) =>
        outputs.ToDictionary(o => o.GetMetadata("Role"), o => o.GetMetadata("FullPath"), StringComparer.Ordinal);

    /// <summary>Logs each note: a message at normal or low importance, a warning with its code at its file.</summary>
    public static void Report(TaskLoggingHelper log, IEnumerable<WorkflowNote> notes)
    {
        foreach (var note in notes)
        {
            if (note.Kind == WorkflowNoteKind.Warning)
                log.LogWarning(null, note.Code, null, note.File ?? "", 0, 0, 0, 0, "{0}", note.Text);
            else
                log.LogMessage(note.Kind == WorkflowNoteKind.Detail ? MessageImportance.Low : MessageImportance.Normal, "ModuleSdk: {0}", note.Text);
        }
    }
}
