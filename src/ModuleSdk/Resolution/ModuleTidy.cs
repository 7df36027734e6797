using ModuleSdk.Modules;
using ModuleSdk.Mvs;
using ModuleSdk.Sums;
using ModuleSdk.Projects;

namespace ModuleSdk.Resolution;

/// <summary>
/// <c>tidy</c> (Go's <c>go mod tidy</c>): the minimal requirement list that reproduces the
/// build list, the direct requirements kept direct and the rest marked <c>// indirect</c>, and
/// a <c>module.sum</c> holding exactly the hashes the build needs: every module file of the
/// graph and every zip of the build list (downloaded to learn it). Which requirements are
/// direct comes from usage analysis when the caller has it (the modules the compilations
/// used, <see cref="Usage.ModuleUsage"/>), else from module.mod as it stands.
/// </summary>
public static class ModuleTidy
{
    /// <summary>The outcome: the new requirement list and how many module.sum lines were pruned.</summary>
    /// <param name="Requirements">The new requirement list, sorted by path.</param>
    /// <param name="SumLinesRemoved">How many module.sum lines were pruned.</param>
    public sealed record Result(IReadOnlyList<ModuleId> Requirements, int SumLinesRemoved)
    {
        /// <summary>The requirements dropped because no project used their module nor anything it needs (usage analysis only).</summary>
        public IReadOnlyList<ModuleId> Unused { get; init; } = [];

        /// <summary>
        /// The modules now required directly because a project uses them, which module.mod did not
        /// require directly before (usage analysis only).
        /// </summary>
        public IReadOnlyList<ModuleId> NewlyDirect { get; init; } = [];

        /// <summary>
        /// The project paths of ModuleReference items that no module of the build list provided,
        /// with the module now required for each (Go's "found P in M v").
        /// </summary>
        public IReadOnlyList<(string ProjectPath, ModuleId Module)> Found { get; init; } = [];

        /// <summary>The used module paths that are not in the build list, so tidy could not require them (usage analysis only).</summary>
        public IReadOnlyList<string> NotInBuildList { get; init; } = [];

        /// <summary>
        /// With <c>continueOnError</c> (Go's <c>tidy -e</c>): the project paths no module could be
        /// found for, and why; tidy went on without them.
        /// </summary>
        public IReadOnlyList<(string ProjectPath, Diagnostics.ModuleException Error)> Errors { get; init; } = [];
    }

    /// <summary>
    /// Tidies the loader's main module in memory (its <see cref="MainModule.File"/> and the sum
    /// file); the caller saves both when it returns without error.
    /// </summary>
    /// <param name="loader">The main module's loader.</param>
    /// <param name="usedModules">
    /// With usage analysis (Go's package-level tidy): the module paths the main module's
    /// compilations use. Those become the direct requirements; a requirement on a module that
    /// neither they nor their requirements need is dropped; the rest needed to keep the selected
    /// versions are marked <c>// indirect</c>. Null tidies requirements only: the current direct
    /// requirements stay direct.
    /// </param>
    /// <param name="projectPaths">
    /// The project paths of the main module's <c>ModuleReference</c> items, Go's imports: each is a
    /// use of the module providing it, and one no module of the build list provides is looked up
    /// at <c>@latest</c> (prefixes longest first, as <c>get</c> does) and required. They count
    /// with or without usage analysis: adding a requirement needs no evidence of non-use.
    /// </param>
    /// <param name="cancellationToken">Cancels loading and downloads.</param>
    /// <param name="continueOnError">
    /// Go's <c>tidy -e</c>, which proceeds despite errors loading packages: a project path no
    /// module can be found for is reported in <see cref="Result.Errors"/> and left out, instead
    /// of failing tidy.
    /// </param>
    public static async Task<Result> TidyAsync(ModuleLoader loader, IReadOnlyCollection<string>? usedModules = null,
        CancellationToken cancellationToken = default,
        IReadOnlyCollection<string>? projectPaths = null, bool continueOnError = false)
    {
        var before = loader.Main.File.Require.Select(r => r.Mod).ToList();
        var beforeDirect = loader.Main.File.Require.Where(r => !r.Indirect).Select(r => r.Mod.Path).ToHashSet(StringComparer.Ordinal);
        var graph = await loader.LoadGraphAsync(cancellationToken).ConfigureAwait(false);
        var buildList = graph.BuildList();
        var found = new List<(string, ModuleId)>();
        var referenced = new List<string>();
        var errors = new List<(string, Diagnostics.ModuleException)>();
        foreach (var projectPath in (projectPaths ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            string? provider = ProjectPaths.ProvidingModule(projectPath, buildList.Where(m => m != loader.Main.Id).Select(m => m.Path));
            if (provider is null)
            {
                if (ProjectPaths.IsWithin(projectPath, loader.Main.Path)) continue;
                string path, version;
                try
                {
                    (path, version) = await ModuleGet.QueryProviderAsync(loader, graph, new ModuleGet.Target(projectPath, ModuleQuery.Latest),
                        cancellationToken).ConfigureAwait(false);
                }
                catch (Diagnostics.ModuleException e) when (continueOnError)
                {
                    errors.Add((projectPath, e));
                    continue;
                }
                await ModuleGet.GetAsync(loader, [new ModuleGet.Target(path, version)], upgradeDependencies: false, cancellationToken).ConfigureAwait(false);
                graph = await loader.LoadGraphAsync(cancellationToken).ConfigureAwait(false);
                buildList = graph.BuildList();
                found.Add((projectPath, new ModuleId(path, version)));
                provider = path;
            }
            referenced.Add(provider);
        }
        if (usedModules is not null) usedModules = usedModules.Concat(referenced).ToList();
        List<string> direct;
        IReadOnlyList<ModuleId> reqs;
        List<string> notInBuildList = [];
        if (usedModules is null)
        {
            direct = beforeDirect.Union(referenced).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            reqs = MinimalVersionSelection.Req(loader.Main.Id, buildList, direct, loader.Requirements);
        }
        else
        {
            var selected = buildList.Where(m => m != loader.Main.Id).ToDictionary(m => m.Path, StringComparer.Ordinal);
            direct = usedModules.Where(selected.ContainsKey).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            notInBuildList = usedModules.Where(p => !selected.ContainsKey(p) && p != loader.Main.Path)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var keep = Needed(direct, selected, loader.Requirements);
            reqs = MinimalVersionSelection.Req(loader.Main.Id, direct, new KeepRequirements(loader.Main.Id, keep, loader.Requirements));
        }

        // The module files module.sum must cover are those of the tidied graph: a requirement Req
        // dropped (an implied // indirect one) may have been the only edge to its version.
        // Same build list, fewer edges; the summaries are cached, so nothing is fetched again.
        loader.UseMainRequirements(reqs);
        graph = await loader.LoadGraphAsync(cancellationToken).ConfigureAwait(false);

        // Learn the hashes the build needs: zips of the build list, module files of the graph.
        var needed = new SumFile();
        var modules = BuildListModules.Cached(loader, graph);
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
        if (usedModules is null) return new Result(reqs, removed) { Found = found, Errors = errors };
        var kept = reqs.Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        return new Result(reqs, removed)
        {
            Unused = before.Where(m => !kept.Contains(m.Path)).DistinctBy(m => m.Path).OrderBy(m => m.Path, StringComparer.Ordinal).ToArray(),
            NewlyDirect = reqs.Where(m => directSet.Contains(m.Path) && !beforeDirect.Contains(m.Path)).ToArray(),
            NotInBuildList = notInBuildList,
            Found = found,
            Errors = errors,
        };
    }

    // The modules the used ones need, at their selected versions: the used modules and
    // everything their selected versions require, transitively. Go keeps only modules that
    // provide packages; a compilation's references show only what the main module uses
    // itself, not what the used modules' assemblies use, so everything they may need is kept
    // at the version selected now (never lowering a version a dependency may run against).
    private static ModuleId[] Needed(IReadOnlyList<string> used, Dictionary<string, ModuleId> selected, IRequirements reqs)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var todo = new Stack<string>(used);
        while (todo.Count > 0)
        {
            string path = todo.Pop();
            if (!selected.TryGetValue(path, out var m) || !seen.Add(path)) continue;
            foreach (var r in reqs.Required(m))
                if (!seen.Contains(r.Path)) todo.Push(r.Path);
        }
        return seen.Select(p => selected[p]).OrderBy(m => m.Path, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The requirement graph with the main module requiring exactly <c>keep</c> (Go's <c>mvsReqs{roots: keep}</c> in its tidy).</summary>
    private sealed class KeepRequirements(ModuleId main, IReadOnlyList<ModuleId> keep, IRequirements inner) : IRequirements
    {
        public IReadOnlyList<ModuleId> Required(ModuleId module) => module == main ? keep : inner.Required(module);
        public string Max(string v1, string v2) => inner.Max(v1, v2);
    }
}
