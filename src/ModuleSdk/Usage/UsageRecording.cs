using ModuleSdk.Diagnostics;
using ModuleSdk.Projects;

namespace ModuleSdk.Usage;

/// <summary>
/// After a main-module project's compilation: writes its <see cref="UsageRecord"/> for
/// <c>dotnet mod tidy</c>. Decides where what the compilation used comes from (the compiler's
/// list when the SDK's analyzer wrote one, else the assembly's AssemblyRef table), names modules
/// through restore's <see cref="ModuleProjectMap"/>, and writes the record (an unchanged record is
/// only touched). A missing map or an unreadable assembly is a warning: the build goes on unrecorded.
/// </summary>
public static class UsageRecording
{
    /// <summary>Records the usage of one compilation.</summary>
    /// <param name="assembly">The assembly the compiler just wrote; nothing is recorded when it is absent.</param>
    /// <param name="references">The references the compilation was given.</param>
    /// <param name="moduleMap">Restore's module map, <c>obj/modulesdk/module-projects.txt</c>.</param>
    /// <param name="recordFile">The record to write, <c>obj/modulesdk/usage/&lt;tfm&gt;.txt</c>.</param>
    /// <param name="project">The project file, named in the record and the notes.</param>
    /// <param name="configuration">The build's configuration.</param>
    /// <param name="targetFramework">The compilation's target framework.</param>
    /// <param name="targetFrameworks">The project's <c>TargetFrameworks</c> (semicolon-separated); empty for a single-target project.</param>
    /// <param name="declared">Modules used in ways the compiler cannot see (<c>ModuleUse</c> items).</param>
    /// <param name="usedReferencesFile">The analyzer's list of used references; empty when the analyzer is off.</param>
    /// <returns>The modules recorded (null when nothing was recorded) and the notes to report.</returns>
    public static (IReadOnlyList<string>? Used, IReadOnlyList<WorkflowNote> Notes) Run(
        string assembly, IEnumerable<UsageRecorder.Reference> references, string moduleMap, string recordFile, string project,
        string configuration, string targetFramework, string targetFrameworks, IEnumerable<string> declared, string usedReferencesFile)
    {
        if (!File.Exists(assembly)) return (null, []);
        if (!File.Exists(moduleMap))
            return (null, [WorkflowNote.Warning(DiagnosticCodes.UsageModuleMapMissing, project,
                $"no module map from restore ({moduleMap}): module usage is not recorded for dotnet mod tidy; restore again (dotnet restore)")]);
        var notes = new List<WorkflowNote>();
        IReadOnlyList<string> used;
        try
        {
            var map = ModuleProjectMap.Read(moduleMap);
            var compilerUsed = usedReferencesFile.Length > 0 ? UsedReferencesFile.Read(usedReferencesFile) : null;
            if (compilerUsed is not null)
            {
                used = UsageRecorder.UsedModulesFromCompiler(compilerUsed, references, map, declared);
            }
            else
            {
                if (usedReferencesFile.Length > 0)
                    notes.Add(WorkflowNote.Detail($"no list of used references from the compiler ({usedReferencesFile}): " +
                        $"reading {assembly}'s references, which miss inlined constants"));
                used = UsageRecorder.UsedModules(assembly, references, map, declared);
            }
        }
        catch (Exception e) when (e is BadImageFormatException or IOException)
        {
            notes.Add(WorkflowNote.Warning(DiagnosticCodes.UsageAssemblyUnreadable, project, $"cannot read {assembly} to record module usage: {e.Message}"));
            return (null, notes);
        }
        var frameworks = targetFrameworks.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var record = new UsageRecord(project, configuration, targetFramework, frameworks, used);
        if (record.Write(recordFile))
            notes.Add(WorkflowNote.Detail($"{Path.GetFileName(project)} uses {(used.Count == 0 ? "no modules" : string.Join(", ", used))}"));
        return (used, notes);
    }
}
