using Microsoft.Build.Framework;
using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;
using ModuleSdk.Restoring;

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
        var restore = new ModuleRestore(ProjectDirectory, IntermediateDirectory, Settings(), ModuleMode, ModuleReferences.Select(i => i.ItemSpec).ToList());
        string modFile = Path.Combine(restore.ModuleDirectory, MainModule.ModFileName);
        var state = restore.Check();
        if (state == ModuleRestore.State.UpToDate) return;
        if (state == ModuleRestore.State.Incomplete)
        {
            Log.LogError(null, DiagnosticCodes.StaticGraphRestoreStale, null, modFile, 0, 0, 0, 0,
                "the last restore was a static-graph restore that reached this project before its modules were resolved, " +
                "so its output lacks them; run the restore again");
            return;
        }
        string why = state == ModuleRestore.State.NotRestored ? "modules have not been restored"
            : $"{MainModule.ModFileName}, {MainModule.SumFileName}, the project's ModuleReference items or the module settings changed since the last restore";
        Log.LogError(null, DiagnosticCodes.RestoreNeeded, null, modFile, 0, 0, 0, 0,
            "{0}; run 'dotnet restore' (or build without --no-restore)", why);
    }
}
