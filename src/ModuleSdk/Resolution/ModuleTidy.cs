using ModuleSdk.Modules;
using ModuleSdk.Mvs;
using ModuleSdk.Sums;

namespace ModuleSdk.Resolution;

/// <summary>
/// <c>tidy</c> at the module level (Go's <c>go mod tidy</c> without package analysis): the
/// minimal requirement list that reproduces the build list, the main module's direct
/// requirements kept direct and the rest marked <c>// indirect</c>, and a <c>module.sum</c>
/// holding exactly the hashes the build needs: every module file of the graph and every zip of
/// the build list (downloaded to learn it).
/// </summary>
public static class ModuleTidy
{
    /// <summary>The outcome: the new requirement list and how many module.sum lines were pruned.</summary>
    public sealed record Result(IReadOnlyList<ModuleId> Requirements, int SumLinesRemoved);

    /// <summary>
    /// Tidies the loader's main module in memory (its <see cref="MainModule.File"/> and the sum
    /// file); the caller saves both when it returns without error.
    /// </summary>
    public static async Task<Result> TidyAsync(ModuleLoader loader, CancellationToken cancellationToken = default)
    {
        var graph = await loader.LoadGraphAsync(cancellationToken).ConfigureAwait(false);
        var buildList = graph.BuildList();
        var direct = loader.Main.File.Require.Where(r => !r.Indirect).Select(r => r.Mod.Path).Distinct().ToList();
        var reqs = MinimalVersionSelection.Req(loader.Main.Id, buildList, direct, loader.Requirements);

        // The module files module.sum must cover are those of the tidied graph: a requirement Req
        // dropped (an implied // indirect one) may have been the only edge to its version.
        // Same build list, fewer edges; the summaries are cached, so nothing is fetched again.
        loader.UseMainRequirements(reqs);
        graph = await loader.LoadGraphAsync(cancellationToken).ConfigureAwait(false);

        // Learn the hashes the build needs: zips of the build list, module files of the graph.
        var needed = new SumFile();
        var modules = buildList.Where(m => m != loader.Main.Id).Select(loader.Index.Resolve).Where(m => m.Version.Length > 0).Distinct().ToList();
        await Parallel.ForEachAsync(modules, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (m, ct) =>
        {
            await loader.Fetcher.DownloadZipAsync(m, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        foreach (var m in modules)
            foreach (var h in loader.Sums.Sums.Lookup(m.Path, m.Version)) needed.Add(m.Path, m.Version, h);
        foreach (var (from, to) in graph.Edges())
        {
            foreach (var node in new[] { from, to })
            {
                if (node == loader.Main.Id || node.Version == ModuleVersionOrder.None) continue;
                var actual = loader.Index.Resolve(node);
                if (actual.Version.Length == 0) continue;
                foreach (var h in loader.Sums.Sums.Lookup(actual.Path, actual.Version + SumFile.ModSuffix))
                    needed.Add(actual.Path, actual.Version + SumFile.ModSuffix, h);
            }
        }

        int removed = 0;
        foreach (var e in loader.Sums.Sums.Entries())
        {
            if (needed.Lookup(e.Path, e.Version).Count == 0 && loader.Sums.Sums.Remove(e.Path, e.Version)) removed++;
        }

        var directSet = new HashSet<string>(direct, StringComparer.Ordinal);
        RequirementWriter.Apply(loader.Main.File, reqs, directSet.Contains);
        return new Result(reqs, removed);
    }
}
