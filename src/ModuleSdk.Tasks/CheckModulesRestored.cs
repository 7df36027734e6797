using Microsoft.Build.Framework;
using ModuleSdk.Building;
using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;
using ModuleSdk.Vendoring;

namespace ModuleSdk.Tasks;

/// <summary>
/// The build's guard (a build never resolves): fails when <c>module.mod</c>, <c>module.sum</c> or
/// the module settings changed since the last restore, as <c>--no-restore</c> builds would
/// otherwise compile against a stale build list.
/// </summary>
public sealed class CheckModulesRestored : ModuleTask
{
    /// <summary>The project's <c>obj/</c> directory.</summary>
    [Required]
    public string IntermediateDirectory { get; set; } = "";

    /// <summary>The project's <c>ModuleReference</c> items: restore recorded them in its stamp.</summary>
    public ITaskItem[] ModuleReferences { get; set; } = [];

    /// <inheritdoc/>
    protected override void Run()
    {
        // The directory is enough for the stamp; Find (which parses) only reports a missing module.mod.
        string directory = MainModule.FindDirectory(ProjectDirectory) ?? MainModule.Find(ProjectDirectory).Directory;
        string modFile = Path.Combine(directory, MainModule.ModFileName);
        var state = Path.Combine(ProjectDirectory, IntermediateDirectory, BuildFiles.StateFolder);
        if (File.Exists(Path.Combine(state, RestoreStamp.IncompleteFileName)))
        {
            Log.LogError(null, DiagnosticCodes.StaticGraphRestoreStale, null, modFile, 0, 0, 0, 0,
                "the last restore was a static-graph restore that reached this project before its modules were resolved, so its output lacks them; run the restore again");
            return;
        }
        var (recorded, _) = RestoreStamp.Read(state);
        if (recorded == RestoreStamp.Compute(directory, Settings(), ModuleModes.StampKey(ModuleModes.Resolve(ModuleMode, directory), directory), ModuleReferences.Select(i => i.ItemSpec).ToList())) return;
        string why = recorded is null ? "modules have not been restored" : $"{MainModule.ModFileName}, {MainModule.SumFileName}, the project's ModuleReference items or the module settings changed since the last restore";
        Log.LogError(null, DiagnosticCodes.RestoreNeeded, null, modFile, 0, 0, 0, 0,
            "{0}; run 'dotnet restore' (or build without --no-restore)", why);
    }
}
