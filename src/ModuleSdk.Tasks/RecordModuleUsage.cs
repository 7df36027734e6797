using Microsoft.Build.Framework;
using ModuleSdk.Usage;

namespace ModuleSdk.Tasks;

/// <summary>
/// After compiling a main-module project: records which modules the compilation used (the
/// modules whose projects built a reference the compiler reports used, or else one that the
/// intermediate assembly references), for <c>dotnet mod tidy</c>. One record per target framework; an unchanged record is only touched,
/// so its time tells tidy the project was built after its last edit.
/// </summary>
public sealed class RecordModuleUsage : ModuleTask
{
    /// <summary>The assembly the compiler just wrote (<c>@(IntermediateAssembly)</c>).</summary>
    [Required]
    public string IntermediateAssembly { get; set; } = "";

    /// <summary>The references the compilation was given (<c>@(ReferencePath)</c>); project references carry <c>MSBuildSourceProjectFile</c>.</summary>
    public ITaskItem[] References { get; set; } = [];

    /// <summary>Restore's module map, <c>obj/modulesdk/module-projects.txt</c>.</summary>
    [Required]
    public string ModuleMap { get; set; } = "";

    /// <summary>The record to write, <c>obj/modulesdk/usage/&lt;tfm&gt;.txt</c>.</summary>
    [Required]
    public string RecordFile { get; set; } = "";

    /// <summary>The project file (<c>$(MSBuildProjectFullPath)</c>).</summary>
    public string ProjectFile { get; set; } = "";

    /// <summary><c>$(Configuration)</c>.</summary>
    public string Configuration { get; set; } = "";

    /// <summary><c>$(TargetFramework)</c>.</summary>
    public string TargetFramework { get; set; } = "";

    /// <summary><c>$(TargetFrameworks)</c>; empty for a single-target project.</summary>
    public string TargetFrameworks { get; set; } = "";

    /// <summary><c>@(ModuleUse)</c>: modules used in ways the compiler cannot see (reflection, plugins), kept by tidy as used.</summary>
    public ITaskItem[] DeclaredModules { get; set; } = [];

    /// <summary>
    /// The SDK analyzer's list of the references the compilation used
    /// (<c>obj/&lt;cfg&gt;/&lt;tfm&gt;/modulesdk-used-references.txt</c>), present only when the
    /// compilation that wrote the intermediate assembly ran the analyzer; empty when the analyzer
    /// is off. Without it the intermediate assembly's AssemblyRef table is read instead.
    /// </summary>
    public string UsedReferencesFile { get; set; } = "";

    /// <inheritdoc/>
    protected override void Run() =>
        WorkflowNotes.Report(Log, UsageRecording.Run(IntermediateAssembly, CompilerReferences.From(References), ModuleMap, RecordFile, ProjectFile,
            Configuration, TargetFramework, TargetFrameworks, DeclaredModules.Select(d => d.ItemSpec), UsedReferencesFile).Notes);
}
