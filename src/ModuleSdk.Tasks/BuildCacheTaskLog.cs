using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ModuleSdk.BuildCache;

namespace ModuleSdk.Tasks;

/// <summary>
/// What <see cref="LookUpBuildCache"/> and <see cref="StoreInBuildCache"/> share: the outputs' items as
/// paths by role, and the core's notes as MSBuild messages and warnings.
/// </summary>
internal static class BuildCacheTaskLog
{
    /// <summary>The outputs' full paths by their <c>Role</c> metadata.</summary>
    public static Dictionary<string, string> Outputs(ITaskItem[] outputs) =>
        outputs.ToDictionary(o => o.GetMetadata("Role"), o => o.GetMetadata("FullPath"), StringComparer.Ordinal);

    /// <summary>Logs each note: a message at normal importance, a warning with its code at its file.</summary>
    public static void Report(TaskLoggingHelper log, IEnumerable<BuildCacheNote> notes)
    {
        foreach (var note in notes)
        {
            if (note.Kind == BuildCacheNoteKind.Warning)
                log.LogWarning(null, note.Code, null, note.File ?? "", 0, 0, 0, 0, "{0}", note.Text);
            else
                log.LogMessage(MessageImportance.Normal, "ModuleSdk: {0}", note.Text);
        }
    }
}
