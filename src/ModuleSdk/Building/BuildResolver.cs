using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Resolution;

namespace ModuleSdk.Building;

/// <summary>
/// The restore step of a build (SPEC §9): loads the main module's graph, runs MVS, downloads
/// and verifies every module of the build list into the cache (adding missing <c>module.sum</c>
/// lines, or failing in locked mode), and reports what each module needs to be compiled.
/// </summary>
public static class BuildResolver
{
    /// <summary>
    /// Resolves the build list of <paramref name="loader"/>'s main module and fetches it. Writes
    /// <c>module.sum</c> when lines were added; never writes <c>module.mod</c>.
    /// </summary>
    public static async Task<ResolvedBuild> ResolveAsync(ModuleLoader loader, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var graph = await loader.LoadGraphAsync(cancellationToken).ConfigureAwait(false);
        var buildList = graph.BuildList().Where(m => m != loader.Main.Id).ToList();
        var graphTime = clock.Elapsed;
        var modules = new ResolvedModule[buildList.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, buildList.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => modules[i] = await ResolveModuleAsync(loader, buildList[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        var fetchTime = clock.Elapsed - graphTime;
        Array.Sort(modules, (a, b) => string.CompareOrdinal(a.Module.Path, b.Module.Path));
        bool added = loader.Sums.Changed;
        loader.Sums.Save();
        var requires = loader.Main.File.Require.Select(r => r.Mod.Path).Distinct().Order(StringComparer.Ordinal).ToList();
        return new ResolvedBuild(loader.Main, requires, modules, added) { GraphTime = graphTime, FetchTime = fetchTime };
    }

    // The .info is cached after the first restore; a source that cannot give it only costs the origin.
    private static async Task<SourceOrigin?> OriginAsync(ModuleLoader loader, ModuleId module, CancellationToken cancellationToken)
    {
        try
        {
            return SourceOrigin.From((await loader.Fetcher.GetInfoAsync(module.Path, module.Version, cancellationToken).ConfigureAwait(false)).Origin);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task<ResolvedModule> ResolveModuleAsync(ModuleLoader loader, ModuleId module, CancellationToken cancellationToken)
    {
        var replacement = loader.Index.Replacement(module);
        var actual = replacement ?? module;
        var summary = await loader.SummaryAsync(module, cancellationToken).ConfigureAwait(false);
        var requires = summary.Requires.Select(r => r.Path).Distinct().Order(StringComparer.Ordinal).ToList();
        if (actual.Version.Length == 0)
            return new ResolvedModule(module, replacement, loader.ReplacementDirectory(actual), "", requires);
        string dir = await loader.Fetcher.DownloadAsync(actual, cancellationToken).ConfigureAwait(false);
        string sum = loader.Cache.ReadZipHash(actual)
            ?? throw new ModuleException(DiagnosticCodes.ModuleNotDownloaded, $"{actual}: missing ziphash after download");
        return new ResolvedModule(module, replacement, dir, sum, requires)
        {
            Origin = await OriginAsync(loader, actual, cancellationToken).ConfigureAwait(false),
        };
    }
}
