using Microsoft.Build.Framework;
using ModuleSdk.Fixing;
using ModuleSdk.Usage;

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
    protected override void Run() =>
        WorkflowNotes.Report(Log, InlineFixRecording.Run(FixList, CompilerReferences.From(References), ModuleMap, RecordFile, ProjectFile).Notes);
}
