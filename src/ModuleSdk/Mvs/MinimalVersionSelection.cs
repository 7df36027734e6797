using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

/// <summary>
/// Minimal Version Selection, exactly as Go 1.19's <c>cmd/go/internal/mvs</c>
/// (https://research.swtch.com/vgo-mvs): the build list of a module is the highest version of
/// each module path reached by following requirements from it; Req, Upgrade and Downgrade derive
/// requirement lists from that. Versions are opaque: every comparison goes through
/// <see cref="IRequirements.Max"/>, with <c>"none"</c> below every version and a target's version
/// (<c>""</c> for the main module) above every other version of its path.
/// </summary>
public static partial class MinimalVersionSelection
{
    /// <summary>
    /// Returns the build list for <paramref name="targets"/> (usually just the main module): the
    /// targets first, then the selected version of every other module path reached, sorted by path.
    /// Requirements are loaded in parallel (at most 10 at a time) when loading them is slow; the
    /// result does not depend on the order in which loads finish. Go's <c>mvs.BuildList</c>.
    /// </summary>
    /// <exception cref="BuildListException">The requirements of a reached module could not be loaded (MOD5001).</exception>
    /// <exception cref="Diagnostics.ModuleException">The version order ranked a version above a target (MOD5002).</exception>
    public static IReadOnlyList<ModuleId> BuildList(IReadOnlyList<ModuleId> targets, IRequirements reqs) =>
        BuildGraph(targets, reqs).BuildList();

    /// <summary>
    /// Loads the requirement graph of every module version reached from <paramref name="targets"/>
    /// and selects a version of each path, as <see cref="BuildList"/>, keeping the graph (for
    /// <c>dotnet mod graph</c> and <c>why</c>). Its <see cref="ModuleGraph.BuildList"/> is the build list.
    /// </summary>
    /// <exception cref="BuildListException">The requirements of a reached module could not be loaded (MOD5001).</exception>
    /// <exception cref="Diagnostics.ModuleException">The version order ranked a version above a target (MOD5002).</exception>
    public static ModuleGraph BuildGraph(IReadOnlyList<ModuleId> targets, IRequirements reqs) =>
        new GraphLoader(targets, reqs, upgrade: null).Load();

    /// <summary>
    /// <see cref="BuildGraph"/> over asynchronous requirement loading: at most 10 loads in flight,
    /// no thread blocked while they wait. Loads that complete synchronously cost no task.
    /// </summary>
    /// <exception cref="BuildListException">The requirements of a reached module could not be loaded (MOD5001).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<ModuleGraph> BuildGraphAsync(IReadOnlyList<ModuleId> targets, IAsyncRequirements reqs, CancellationToken cancellationToken = default) =>
        new GraphLoader(targets, reqs, upgrade: null).LoadAsync(reqs, cancellationToken);

    /// <summary>The build list with a per-module upgrade step: Go's unexported <c>buildList</c>.</summary>
    private static IReadOnlyList<ModuleId> BuildListWithUpgrades(ModuleId target, IRequirements reqs, Func<ModuleId, ModuleId> upgrade) =>
        new GraphLoader([target], reqs, upgrade).Load().BuildList();
}
