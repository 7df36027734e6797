using Microsoft.Build.Framework;
using ModuleSdk.Building;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fixing;
using ModuleSdk.Usage;
using ModuleSdk.Projects;

namespace ModuleSdk.Tasks;

/// <summary>
/// In a fix build (<c>ModuleRecordFixes=true</c>, set by <c>dotnet mod fix</c> and <c>-t:FixModules</c>),
/// after compiling: turns the [Inline] analyzer's list (the rewritten files and the references the
/// rewritten compilation uses) into the project's fix record, naming modules instead of reference
/// paths, as <see cref="RecordModuleUsage"/> does for usage records.
/// </summary>
public sealed class RecordModuleFixes : ModuleTask
{
    /// <summary>The analyzer's list (<c>obj/&lt;cfg&gt;/&lt;tfm&gt;/modulesdk-inline-fixes.txt</c>),
    /// present when the compilation that wrote the assembly ran it.</summary>
    [Required]
    public string FixList { get; set; } = "";

    /// <summary>The references the compilation was given (<c>@(ReferencePath)</c>).</summary>
    public ITaskItem[] References { get; set; } = [];

    /// <summary>Restore's module map, <c>obj/modulesdk/module-projects.txt</c>.</summary>
    [Required]
    public string ModuleMap { get; set; } = "";

    /// <summary>The record to write, <c>obj/modulesdk/fixes/&lt;tfm&gt;.txt</c>.</summary>
    [Required]
    public string RecordFile { get; set; } = "";

    /// <summary>The project file.</summary>
    public string ProjectFile { get; set; } = "";

    /// <inheritdoc/>
    protected override void Run()
    {
        if (!File.Exists(FixList))
        {
            // No list: the analyzer did not run (or failed); dotnet mod fix reports the missing record.
            File.Delete(RecordFile);
            return;
        }
        var list = InlineFixRecord.Read(FixList);
        IReadOnlyList<string> modules = [];
        if (File.Exists(ModuleMap))
        {
            var references = CompilerReferences.From(References);
            modules = UsageRecorder.UsedModulesFromCompiler(list.Uses, references, ModuleProjectMap.Read(ModuleMap), []);
        }
        else
        {
            Log.LogWarning(null, DiagnosticCodes.FixModuleMapMissing, null, ProjectFile, 0, 0, 0, 0,
                "no module map from restore ({0}): dotnet mod fix cannot require the modules the inlined code uses; restore again (dotnet restore)", ModuleMap);
        }
        var record = list with { Project = ProjectFile, Uses = [], Modules = modules };
        Directory.CreateDirectory(Path.GetDirectoryName(RecordFile)!);
        ModuleSdk.IO.AtomicFile.WriteAllText(RecordFile, record.Format(), durable: false);
        int sites = record.Files.Sum(f => f.Inlined);
        Log.LogMessage(MessageImportance.Low, "ModuleSdk: {0}: {1} site(s) to inline in {2} file(s)",
            Path.GetFileName(ProjectFile), sites, record.Files.Count(f => f.Rewritten is not null));
    }
}
