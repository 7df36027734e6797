using ModuleSdk.Modules;
using ModuleSdk.Mvs;
using ModuleSdk.Verification;

namespace ModuleSdk.Resolution;

/// <summary>
/// The modules of a build list that live in the module cache, which tidy downloads, verify
/// re-hashes and download fetches: the build list without the main module, each module through
/// its replacement, without directory replacements (nothing is fetched for them), each once.
/// </summary>
public static class BuildListModules
{
    /// <summary>The cached modules of <paramref name="graph"/>'s build list, in build-list order.</summary>
    public static IReadOnlyList<ModuleId> Cached(ModuleLoader loader, ModuleGraph graph) =>
        graph.BuildList().Where(m => m != loader.Main.Id).Select(loader.Index.Resolve).Where(m => m.Version.Length > 0).Distinct().ToList();

    /// <summary>
    /// <c>verify</c>: loads the main module's graph and re-hashes the cached modules of its build
    /// list against the hashes recorded at download and in module.sum.
    /// </summary>
    public static async Task<VerifyResult> VerifyAsync(ModuleLoader loader, CancellationToken cancellationToken = default)
    {
        // The hashing starts on the module.sum's modules while the graph loads (it leaves a core
        // idle); the build list's modules are nearly always those (Verifier.Prefetch).
        var verifier = new Verifier(loader.Cache);
        using var prefetch = verifier.Prefetch(loader.Sums.Sums.Entries()
            .Where(e => !e.Version.EndsWith(Sums.SumFile.ModSuffix, StringComparison.Ordinal))
            .Select(e => new ModuleId(e.Path, e.Version)), cancellationToken);
        var graph = await loader.LoadGraphAsync(cancellationToken).ConfigureAwait(false);
        return verifier.Verify(Cached(loader, graph), loader.Sums.Sums, prefetch, cancellationToken);
    }
}
