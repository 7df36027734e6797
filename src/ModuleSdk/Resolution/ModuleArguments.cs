using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Mvs;

namespace ModuleSdk.Resolution;

/// <summary>
/// The arguments of <c>list -m</c> and <c>download</c> turned into modules, once for both (Go's
/// <c>modload.ListModules</c>): <c>all</c> (the build list), <c>path</c> (the version the build
/// list selects; a module outside it is <see cref="DiagnosticCodes.NotInBuildList"/>) and
/// <c>path@query</c> (a version query, resolved outside the build list).
/// </summary>
public sealed class ModuleArguments
{
    private ModuleArguments(IReadOnlyList<ModuleArgument> modules, ModuleGraph? graph)
    {
        Modules = modules;
        Graph = graph;
    }

    /// <summary>What the arguments are for.</summary>
    /// <param name="Download">
    /// For <c>download</c>: modules as they are fetched (each through its replacement; the main
    /// module and directory replacements, which have nothing to download, left out), and an
    /// argument that names no module is reported in its <see cref="ModuleArgument.Error"/>
    /// instead of thrown. For <c>list -m</c> otherwise: modules as the build list names them.
    /// </param>
    /// <param name="Versions">For <c>list -m -versions</c>: a path outside the build list is no error (its versions need no dependency on it).</param>
    public sealed record Options(bool Download = false, bool Versions = false);

    /// <summary>The modules, one or more per argument, in argument order.</summary>
    public IReadOnlyList<ModuleArgument> Modules { get; }

    /// <summary>The module graph, when an argument needed it loaded (its module files are the ones module.sum keeps).</summary>
    public ModuleGraph? Graph { get; }

    /// <summary>
    /// Resolves <paramref name="patterns"/>: <c>""</c> is the main module, <c>all</c> the build
    /// list, <c>path</c> and <c>path@query</c> one module each.
    /// </summary>
    /// <exception cref="ModuleException">For <c>list</c>: an argument names no module, or its query fails.</exception>
    public static async Task<ModuleArguments> ResolveAsync(
        ModuleLoader loader, IReadOnlyList<string> patterns, Options options, CancellationToken cancellationToken = default)
    {
        ModuleGraph? graph = null;
        var modules = new List<ModuleArgument>();
        foreach (var pattern in patterns)
        {
            if (pattern.Length == 0)
            {
                modules.Add(new ModuleArgument(loader.Main.Id, IsMain: true));
                continue;
            }
            int at = pattern.IndexOf('@');
            if (at >= 0)
            {
                string path = pattern[..at], query = pattern[(at + 1)..];
                if (options.Download)
                {
                    // Download queries against the build list only when an argument before it
                    // loaded the graph: a version needs no graph, and loading one may fail.
                    try
                    {
                        var found = await loader.Query.QueryAsync(path, query, graph?.Selected(path) ?? "", cancellationToken).ConfigureAwait(false);
                        modules.Add(new ModuleArgument(new ModuleId(path, found.Version), Query: query == found.Version ? null : query,
                            Origin: found.Origin, OutsideBuildList: true));
                    }
                    catch (ModuleException e)
                    {
                        modules.Add(new ModuleArgument(new ModuleId(path, query), Error: e));
                    }
                    continue;
                }
                graph ??= await loader.LoadGraphAsync(cancellationToken).ConfigureAwait(false);
                var info = await loader.Query.QueryAsync(path, query, graph.Selected(path), cancellationToken).ConfigureAwait(false);
                // Go's query reads the module file of the version it resolves (so its "GoMod" is
                // in the cache); recorded in module.sum only if the graph needs it.
                var resolved = loader.Index.Resolve(new ModuleId(path, info.Version));
                if (resolved.Version.Length > 0) await loader.Fetcher.GetModAsync(resolved, cancellationToken).ConfigureAwait(false);
                // As go list: resolved outside the build list, with Query only when it says
                // something the version does not, and the query's Origin.
                modules.Add(new ModuleArgument(new ModuleId(path, info.Version), Query: query == info.Version ? null : query,
                    Origin: info.Origin, OutsideBuildList: true));
                continue;
            }
            graph ??= await loader.LoadGraphAsync(cancellationToken).ConfigureAwait(false);
            if (pattern == "all")
            {
                if (options.Download) modules.AddRange(BuildListModules.Cached(loader, graph).Select(m => new ModuleArgument(m)));
                else modules.AddRange(graph.BuildList().Select(m => new ModuleArgument(m, IsMain: m == loader.Main.Id)));
                continue;
            }
            if (pattern == loader.Main.Path && !options.Download)
            {
                modules.Add(new ModuleArgument(loader.Main.Id, IsMain: true));
                continue;
            }
            string selected = graph.Selected(pattern);
            if (selected == ModuleVersionOrder.None)
            {
                // As go list -m -versions: asking for the versions needs no dependency on the module.
                if (options.Versions && !options.Download)
                {
                    modules.Add(new ModuleArgument(new ModuleId(pattern, "")));
                    continue;
                }
                var error = new ModuleException(DiagnosticCodes.NotInBuildList, $"module {pattern}: not a known dependency");
                if (!options.Download) throw error;
                modules.Add(new ModuleArgument(new ModuleId(pattern, ""), Error: error));
                continue;
            }
            if (!options.Download)
            {
                modules.Add(new ModuleArgument(new ModuleId(pattern, selected)));
                continue;
            }
            var actual = loader.Index.Resolve(new ModuleId(pattern, selected));
            if (actual.Version.Length > 0) modules.Add(new ModuleArgument(actual));
        }
        return new ModuleArguments(modules, graph);
    }
}
