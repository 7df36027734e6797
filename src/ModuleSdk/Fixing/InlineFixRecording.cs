using ModuleSdk.Diagnostics;
using ModuleSdk.Projects;
using ModuleSdk.Usage;

namespace ModuleSdk.Fixing;

/// <summary>
/// In a fix build, after compiling: turns the [Inline] analyzer's list (the rewritten files and the
/// references the rewritten compilation uses) into the project's fix record, naming modules
/// instead of reference paths through restore's <see cref="ModuleProjectMap"/>, as
/// <see cref="UsageRecording"/> does for usage records. Without the list (the analyzer did not
/// run) the record is removed, so <c>dotnet mod fix</c> reports it missing rather than reading a stale one.
/// </summary>
public static class InlineFixRecording
{
    /// <summary>Writes <paramref name="recordFile"/> from <paramref name="fixList"/>.</summary>
    /// <param name="fixList">The analyzer's list, <c>obj/&lt;cfg&gt;/&lt;tfm&gt;/modulesdk-inline-fixes.txt</c>.</param>
    /// <param name="references">The references the compilation was given.</param>
    /// <param name="moduleMap">Restore's module map; without it the record names no modules (a warning).</param>
    /// <param name="recordFile">The record to write, <c>obj/modulesdk/fixes/&lt;tfm&gt;.txt</c>.</param>
    /// <param name="project">The project file, named in the record and the notes.</param>
    /// <returns>The record written (null when there was no list) and the notes to report.</returns>
    public static (InlineFixRecord? Record, IReadOnlyList<WorkflowNote> Notes) Run(
        string fixList, IEnumerable<UsageRecorder.Reference> references, string moduleMap, string recordFile, string project)
    {
        if (!File.Exists(fixList))
        {
            File.Delete(recordFile);
            return (null, []);
        }
        var notes = new List<WorkflowNote>();
        var list = InlineFixRecord.Read(fixList);
        IReadOnlyList<string> modules = [];
        if (File.Exists(moduleMap))
            modules = UsageRecorder.UsedModulesFromCompiler(list.Uses, references, ModuleProjectMap.Read(moduleMap), []);
        else
            notes.Add(WorkflowNote.Warning(DiagnosticCodes.FixModuleMapMissing, project,
                $"no module map from restore ({moduleMap}): dotnet mod fix cannot require the modules the inlined code uses; restore again (dotnet restore)"));
        var record = list with { Project = project, Uses = [], Modules = modules };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(recordFile))!);
        IO.AtomicFile.WriteAllText(recordFile, record.Format(), durable: false);
        int sites = record.Files.Sum(f => f.Inlined);
        notes.Add(WorkflowNote.Detail(
            $"{Path.GetFileName(project)}: {sites} site(s) to inline in {record.Files.Count(f => f.Rewritten is not null)} file(s)"));
        return (record, notes);
    }
}
