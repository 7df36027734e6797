using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ModuleSdk.Diagnostics;
using ModuleSdk.Restoring;

namespace ModuleSdk.Tasks;

/// <summary>
/// Restore for the main module's project: resolves the build list (MVS), fetches and verifies
/// it into the cache, mirrors each module under <c>obj/modules/</c> and writes the props files
/// the build reads, then returns the main project's module ProjectReferences so NuGet's restore,
/// running in this same evaluation, restores them too. Does nothing but read its own output when
/// <c>module.mod</c>, <c>module.sum</c> and the settings are unchanged.
/// </summary>
public sealed class ResolveModules : ModuleTask
{
    /// <summary>The project's <c>obj/</c> directory (BaseIntermediateOutputPath), absolute or relative to the project.</summary>
    [Required]
    public string IntermediateDirectory { get; set; } = "";

    /// <summary>The main project's <c>AssemblyName</c>: no module may build an assembly of the same name.</summary>
    public string? AssemblyName { get; set; }

    /// <summary>
    /// Set when running inside a static-graph restore (<c>RestoreUseStaticGraphEvaluation</c>), where
    /// NuGet evaluated the project before any target ran: if modules had to be resolved now, that
    /// evaluation did not see them, so the restore is failed (MOD9008) rather than left without modules.
    /// </summary>
    public bool StaticGraphEvaluation { get; set; }

    /// <summary>The project file, named in messages and where ModuleReference items are located.</summary>
    public string? ProjectFile { get; set; }

    /// <summary>The project's <c>ModuleReference</c> items (project paths); none means the projects at the required modules' roots.</summary>
    public ITaskItem[] ModuleReferences { get; set; } = [];

    /// <summary>The ProjectReferences to the main module's required modules (metadata <c>ModuleSdkGenerated=true</c>).</summary>
    [Output]
    public ITaskItem[] ProjectReferences { get; private set; } = [];

    /// <inheritdoc/>
    protected override void Run()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var restore = new ModuleRestore(ProjectDirectory, IntermediateDirectory, Settings(), ModuleMode, ModuleReferences.Select(i => i.ItemSpec).ToList());
        if (restore.TryUpToDate() is { } upToDate)
        {
            Log.LogMessage(MessageImportance.Normal, "ModuleSdk: modules of {0} are up to date.", upToDate.ModulePath ?? restore.ModuleDirectory);
            ProjectReferences = Items(upToDate.References);
            return;
        }

        var (main, build, references, writeTime) = restore.RestoreAsync(ProjectFile, AssemblyName, StaticGraphEvaluation, CancellationToken)
            .GetAwaiter().GetResult();
        bool vendored = restore.Mode == Vendoring.ModuleMode.Vendor;
        foreach (var path in restore.Files.ModulesWithoutProject)
            Log.LogWarning(null, DiagnosticCodes.ModuleHasNoProject, null, main.ModFilePath, 0, 0, 0, 0,
                "module {0} has no project file at its root; nothing references it. " +
                "Reference one of its projects by project path: <ModuleReference Include=\"{0}/<directory of the project>\" />", path);
        foreach (var w in restore.Files.Warnings)
            Log.LogWarning(null, w.Code, null, w.File, w.Line, w.Column, 0, 0, "{0}", w.Message);
        foreach (var removed in restore.Files.RemovedCopies)
            Log.LogMessage(MessageImportance.Normal, "ModuleSdk: removed {0}, a module version no longer selected", removed);
        if (build.SumsAdded) Log.LogMessage(MessageImportance.High, "ModuleSdk: added missing hashes to {0}", main.SumFilePath);
        Log.LogMessage(MessageImportance.High, "ModuleSdk: {0}: {1} module(s) in the build list{2}",
            main.Path, build.Modules.Count, vendored ? " (from vendor/)" : "");
        ProjectReferences = Items(references);
        // At low importance: the split of a restore that bench/sdk/run.sh reports (-v:d or a binlog shows it).
        Log.LogMessage(MessageImportance.Low, "ModuleSdk: timings: graph and MVS {0:F0} ms, fetch (download, check, extract) {1:F0} ms, " +
            "module copies and props {2:F0} ms, task total {3:F0} ms",
            build.GraphTime.TotalMilliseconds, build.FetchTime.TotalMilliseconds, writeTime.TotalMilliseconds, clock.Elapsed.TotalMilliseconds);
        if (StaticGraphEvaluation)
            Log.LogError(null, DiagnosticCodes.StaticGraphRestoreStale, null, main.ModFilePath, 0, 0, 0, 0,
                "static-graph restore (RestoreUseStaticGraphEvaluation=true) evaluated {0} before its modules were resolved, " +
                "so NuGet restored it without them; " +
                "the modules are resolved now: run the restore again " +
                "(or restore the project itself rather than a solution, which resolves first, or restore without RestoreUseStaticGraphEvaluation)",
                Path.GetFileName(ProjectFile ?? ProjectDirectory));
    }

    private static ITaskItem[] Items(IEnumerable<string> projects) =>
        projects.Select(p =>
        {
            var item = new TaskItem(p);
            item.SetMetadata("ModuleSdkGenerated", "true");
            return (ITaskItem)item;
        }).ToArray();
}
