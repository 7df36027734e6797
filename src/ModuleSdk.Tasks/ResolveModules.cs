using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ModuleSdk.IO;
using ModuleSdk.Building;
using ModuleSdk.Cache;
using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;
using ModuleSdk.Vendoring;

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
        var settings = Settings();
        // The no-op path does not parse module.mod (see RestoreStamp); Find reports a missing one.
        string directory = MainModule.FindDirectory(ProjectDirectory) ?? MainModule.Find(ProjectDirectory).Directory;
        var mode = ModuleModes.Resolve(ModuleMode, directory);
        var files = new BuildFiles(Path.Combine(ProjectDirectory, IntermediateDirectory), vendored: mode == Vendoring.ModuleMode.Vendor);
        string referencesFile = Path.Combine(files.StateDirectory, BuildFiles.ReferencesName);
        string incomplete = Path.Combine(files.StateDirectory, RestoreStamp.IncompleteFileName);
        var (recorded, recordedPath) = RestoreStamp.Read(files.StateDirectory);
        // The module map came later than the stamp: a restore made before it is redone once.
        var moduleReferences = ModuleReferences.Select(i => i.ItemSpec).ToList();
        if (recorded == RestoreStamp.Compute(directory, settings, ModuleModes.StampKey(mode, directory), moduleReferences) && File.Exists(referencesFile) &&
            File.Exists(Path.Combine(files.StateDirectory, ModuleProjectMap.FileName)))
        {
            var known = File.ReadAllLines(referencesFile).Where(l => l.Length > 0).ToList();
            if (known.All(File.Exists))
            {
                Log.LogMessage(MessageImportance.Normal, "ModuleSdk: modules of {0} are up to date.", recordedPath ?? directory);
                ProjectReferences = Items(known);
                // This restore's evaluation saw these modules: whatever an earlier static-graph restore missed is restored now.
                File.Delete(incomplete);
                return;
            }
        }

        var main = MainModule.Find(ProjectDirectory);
        // Vendor mode: vendor/modules.txt is the build list; no proxy, no cache, no module.sum.
        var build = mode == Vendoring.ModuleMode.Vendor
            ? VendoredBuild.Load(main)
            : BuildResolver.ResolveAsync(ModuleLoader.Create(main, settings), CancellationToken).GetAwaiter().GetResult();
        var writeStart = clock.Elapsed;
        var items = ModuleReferenceItem.Locate(moduleReferences, ProjectFile ?? "");
        var references = files.Write(build, AssemblyName, items);
        var writeTime = clock.Elapsed - writeStart;
        foreach (var path in files.ModulesWithoutProject)
            Log.LogWarning(null, DiagnosticCodes.ModuleHasNoProject, null, main.ModFilePath, 0, 0, 0, 0,
                "module {0} has no project file at its root; nothing references it. Reference one of its projects by project path: <ModuleReference Include=\"{0}/<directory of the project>\" />", path);
        foreach (var w in files.Warnings)
            Log.LogWarning(null, w.Code, null, w.File, w.Line, w.Column, 0, 0, "{0}", w.Message);
        foreach (var removed in files.RemovedCopies)
            Log.LogMessage(MessageImportance.Normal, "ModuleSdk: removed {0}, a module version no longer selected", removed);
        if (build.SumsAdded) Log.LogMessage(MessageImportance.High, "ModuleSdk: added missing hashes to {0}", main.SumFilePath);
        Log.LogMessage(MessageImportance.High, "ModuleSdk: {0}: {1} module(s) in the build list{2}", main.Path, build.Modules.Count, mode == Vendoring.ModuleMode.Vendor ? " (from vendor/)" : "");
        // A static-graph restore that had to resolve here already evaluated the project without
        // its modules: the marker keeps a --no-restore build from using that restore's output.
        if (StaticGraphEvaluation) AtomicFile.WriteAllText(incomplete, (ProjectFile ?? ProjectDirectory) + "\n");
        else File.Delete(incomplete);
        // The stamp goes last and is computed after module.sum was written, so a crash before
        // this point means the next restore resolves again.
        RestoreStamp.Write(files.StateDirectory, RestoreStamp.Compute(main, settings, ModuleModes.StampKey(mode, main.Directory), moduleReferences), main.Path);
        ProjectReferences = Items(references);
        // At low importance: the split of a restore that bench/sdk/run.sh reports (-v:d or a binlog shows it).
        Log.LogMessage(MessageImportance.Low, "ModuleSdk: timings: graph and MVS {0:F0} ms, fetch (download, check, extract) {1:F0} ms, module copies and props {2:F0} ms, task total {3:F0} ms",
            build.GraphTime.TotalMilliseconds, build.FetchTime.TotalMilliseconds, writeTime.TotalMilliseconds, clock.Elapsed.TotalMilliseconds);
        if (StaticGraphEvaluation)
            Log.LogError(null, DiagnosticCodes.StaticGraphRestoreStale, null, main.ModFilePath, 0, 0, 0, 0,
                "static-graph restore (RestoreUseStaticGraphEvaluation=true) evaluated {0} before its modules were resolved, so NuGet restored it without them; " +
                "the modules are resolved now: run the restore again (or restore the project itself rather than a solution, which resolves first, or restore without RestoreUseStaticGraphEvaluation)",
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
