using Microsoft.Build.Framework;
using ModuleSdk.Building;
using ModuleSdk.Diagnostics;
using ModuleSdk.Usage;
using ModuleSdk.Projects;

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
    protected override void Run()
    {
        if (!File.Exists(IntermediateAssembly)) return;
        if (!File.Exists(ModuleMap))
        {
            Log.LogWarning(null, DiagnosticCodes.UsageModuleMapMissing, null, ProjectFile, 0, 0, 0, 0,
                "no module map from restore ({0}): module usage is not recorded for dotnet mod tidy; restore again (dotnet restore)", ModuleMap);
            return;
        }
        var references = CompilerReferences.From(References);
        IReadOnlyList<string> used;
        try
        {
            var map = ModuleProjectMap.Read(ModuleMap);
            var declared = DeclaredModules.Select(d => d.ItemSpec);
            var compilerUsed = UsedReferencesFile.Length > 0 ? ModuleSdk.Usage.UsedReferencesFile.Read(UsedReferencesFile) : null;
            if (compilerUsed is not null)
            {
                used = UsageRecorder.UsedModulesFromCompiler(compilerUsed, references, map, declared);
            }
            else
            {
                if (UsedReferencesFile.Length > 0)
                    Log.LogMessage(MessageImportance.Low, "ModuleSdk: no list of used references from the compiler ({0}): " +
                        "reading {1}'s references, which miss inlined constants", UsedReferencesFile, IntermediateAssembly);
                used = UsageRecorder.UsedModules(IntermediateAssembly, references, map, declared);
            }
        }
        catch (Exception e) when (e is BadImageFormatException or IOException)
        {
            Log.LogWarning(null, DiagnosticCodes.UsageAssemblyUnreadable, null, ProjectFile, 0, 0, 0, 0,
                "cannot read {0} to record module usage: {1}", IntermediateAssembly, e.Message);
            return;
        }
        var frameworks = TargetFrameworks.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var record = new UsageRecord(ProjectFile, Configuration, TargetFramework, frameworks, used);
        if (record.Write(RecordFile))
            Log.LogMessage(MessageImportance.Low, "ModuleSdk: {0} uses {1}", Path.GetFileName(ProjectFile),
                used.Count == 0 ? "no modules" : string.Join(", ", used));
    }
}
