using ModuleSdk.Building;
using ModuleSdk.Configuration;
using ModuleSdk.IO;
using ModuleSdk.Projects;
using ModuleSdk.Resolution;
using ModuleSdk.Vendoring;

namespace ModuleSdk.Restoring;

/// <summary>
/// What the SDK's restore and its <c>--no-restore</c> check do for one main-module project (the
/// <c>ResolveModules</c> and <c>CheckModulesRestored</c> tasks adapt it): the no-op path that
/// only reads restore's own output when nothing it depends on changed (<see cref="RestoreStamp"/>),
/// the full restore (resolve in mod mode, or read <c>vendor/modules.txt</c> in vendor mode; write
/// the module copies and props; stamp last), and the check a build without restore makes.
/// </summary>
public sealed class ModuleRestore
{
    private readonly ModuleSettings _settings;
    private readonly IReadOnlyList<string> _moduleReferences;

    /// <summary>
    /// Restore of the project in <paramref name="projectDirectory"/>, whose <c>obj/</c> is
    /// <paramref name="intermediateDirectory"/> (absolute or relative to the project). Finds the
    /// main module's directory without parsing <c>module.mod</c> (the no-op path never parses it);
    /// a missing <c>module.mod</c> is reported here (<see cref="Diagnostics.DiagnosticCodes.MainModuleNotFound"/>).
    /// </summary>
    /// <param name="projectDirectory">The project's directory.</param>
    /// <param name="intermediateDirectory">The project's <c>BaseIntermediateOutputPath</c>.</param>
    /// <param name="settings">The settings resolution runs with.</param>
    /// <param name="moduleMode"><c>ModuleMode</c>: <c>mod</c>, <c>readonly</c>, <c>vendor</c> or empty (vendor when <c>vendor/modules.txt</c> exists).</param>
    /// <param name="moduleReferences">The project's <c>ModuleReference</c> items (project paths), as evaluated.</param>
    public ModuleRestore(string projectDirectory, string intermediateDirectory, ModuleSettings settings, string? moduleMode,
        IReadOnlyList<string> moduleReferences)
    {
        ProjectDirectory = projectDirectory;
        ModuleDirectory = MainModule.FindDirectory(projectDirectory) ?? MainModule.Find(projectDirectory).Directory;
        Mode = ModuleModes.Resolve(moduleMode, ModuleDirectory);
        Files = new BuildFiles(Path.Combine(projectDirectory, intermediateDirectory), vendored: Mode == ModuleMode.Vendor);
        _settings = settings;
        _moduleReferences = moduleReferences;
    }

    /// <summary>The project's directory.</summary>
    public string ProjectDirectory { get; }

    /// <summary>The main module's directory (holding <c>module.mod</c>).</summary>
    public string ModuleDirectory { get; }

    /// <summary>The module mode in effect.</summary>
    public ModuleMode Mode { get; }

    /// <summary>Restore's files; after <see cref="RestoreAsync"/>, its warnings and removed copies.</summary>
    public BuildFiles Files { get; }

    private string IncompleteMarker => Path.Combine(Files.StateDirectory, RestoreStamp.IncompleteFileName);

    private string CurrentStamp() => RestoreStamp.Compute(ModuleDirectory, _settings, ModuleModes.StampKey(Mode, ModuleDirectory), _moduleReferences);

    /// <summary>Where restore's output stands, as a build without restore sees it.</summary>
    public enum State
    {
        /// <summary>The stamp matches the current inputs.</summary>
        UpToDate,
        /// <summary>No restore has run (no stamp).</summary>
        NotRestored,
        /// <summary><c>module.mod</c>, <c>module.sum</c>, the ModuleReference items or the settings changed since the last restore.</summary>
        Changed,
        /// <summary>The last restore was a static-graph one that reached the project before its modules were resolved (MOD9008).</summary>
        Incomplete,
    }

    /// <summary>The check of a build run with <c>--no-restore</c>: reads the marker and the stamp, writes nothing.</summary>
    public State Check()
    {
        if (File.Exists(IncompleteMarker)) return State.Incomplete;
        var (recorded, _) = RestoreStamp.Read(Files.StateDirectory);
        return recorded is null ? State.NotRestored : recorded == CurrentStamp() ? State.UpToDate : State.Changed;
    }

    /// <summary>
    /// The no-op path: when the stamp matches, restore's references file and module map exist and
    /// every referenced module project is still on disk, returns those references (and the module
    /// path the stamp recorded, for messages) and clears the static-graph marker, since this
    /// restore's evaluation saw the modules; null when a full <see cref="RestoreAsync"/> is needed.
    /// </summary>
    public (IReadOnlyList<string> References, string? ModulePath)? TryUpToDate()
    {
        string referencesFile = Path.Combine(Files.StateDirectory, BuildFiles.ReferencesName);
        var (recorded, recordedPath) = RestoreStamp.Read(Files.StateDirectory);
        // The module map came later than the stamp: a restore made before it is redone once.
        if (recorded != CurrentStamp() || !File.Exists(referencesFile) || !File.Exists(Path.Combine(Files.StateDirectory, ModuleProjectMap.FileName)))
            return null;
        var known = File.ReadAllLines(referencesFile).Where(l => l.Length > 0).ToList();
        if (!known.All(File.Exists)) return null;
        File.Delete(IncompleteMarker);
        return (known, recordedPath);
    }

    /// <summary>What a full restore did.</summary>
    /// <param name="Main">The main module.</param>
    /// <param name="Build">The resolved (or vendored) build.</param>
    /// <param name="References">The main project's module project references.</param>
    /// <param name="WriteTime">The time spent writing module copies and props.</param>
    public sealed record Outcome(MainModule Main, ResolvedBuild Build, IReadOnlyList<string> References, TimeSpan WriteTime);

    /// <summary>
    /// The full restore: resolves the build list (vendor mode: reads <c>vendor/modules.txt</c>;
    /// no proxy, cache or <c>module.sum</c>), writes the module copies and props
    /// (<see cref="BuildFiles.Write"/>), sets or clears the static-graph marker, and records the
    /// stamp last, computed after <c>module.sum</c> was written, so a crash before it means the
    /// next restore resolves again.
    /// </summary>
    /// <param name="projectFile">The project file, where ModuleReference items are located for errors.</param>
    /// <param name="assemblyName">The main project's assembly name: no module may build one of the same name.</param>
    /// <param name="staticGraphEvaluation">
    /// Inside a static-graph restore, whose evaluation came before this resolution and so saw no
    /// modules: the marker keeps a <c>--no-restore</c> build from using that restore's output
    /// (the caller reports MOD9008).
    /// </param>
    /// <param name="cancellationToken">Stops resolution.</param>
    public async Task<Outcome> RestoreAsync(string? projectFile, string? assemblyName, bool staticGraphEvaluation,
        CancellationToken cancellationToken = default)
    {
        var main = MainModule.Find(ProjectDirectory);
        var build = Mode == ModuleMode.Vendor
            ? VendoredBuild.Load(main)
            : await BuildResolver.ResolveAsync(ModuleLoader.Create(main, _settings), cancellationToken).ConfigureAwait(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var items = ModuleReferenceItem.Locate(_moduleReferences, projectFile ?? "");
        var references = Files.Write(build, assemblyName, items);
        var writeTime = clock.Elapsed;
        if (staticGraphEvaluation) AtomicFile.WriteAllText(IncompleteMarker, (projectFile ?? ProjectDirectory) + "\n");
        else File.Delete(IncompleteMarker);
        string stamp = RestoreStamp.Compute(main, _settings, ModuleModes.StampKey(Mode, main.Directory), _moduleReferences);
        RestoreStamp.Write(Files.StateDirectory, stamp, main.Path);
        return new Outcome(main, build, references, writeTime);
    }
}
