using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Mvs;
using ModuleSdk.Projects;

namespace ModuleSdk.Resolution;

/// <summary>
/// <c>get</c>: changes the main module's requirements so that the build selects the requested
/// versions (Go's <c>go get</c> in module mode, without packages). Upgrades go through MVS
/// Upgrade, downgrades and removals (<c>@none</c>) through Downgrade, and the new requirement
/// list is minimised with Req. Nothing is written here: the caller saves on success.
/// </summary>
public static class ModuleGet
{
    /// <summary>One argument: a module path and a query (<c>latest</c>, <c>upgrade</c>, <c>patch</c>, <c>none</c>, a version…).</summary>
    public readonly record struct Target(string Path, string Query)
    {
        /// <summary>Parses <c>path[@query]</c>; a bare path means <c>@upgrade</c>.</summary>
        public static Target Parse(string arg)
        {
            int at = arg.IndexOf('@');
            var t = at < 0 ? new Target(arg, ModuleQuery.Upgrade) : new Target(arg[..at], arg[(at + 1)..]);
            ModulePath.CheckPath(t.Path);
            if (t.Query.Length == 0) throw new ModuleException(DiagnosticCodes.InvalidQuery, $"{arg}: empty version query");
            return t;
        }
    }

    /// <summary>A change of one module's selected version (<c>none</c> when added or removed).</summary>
    public sealed record Change(string Path, string From, string To)
    {
        /// <summary>What happened to the module: added, removed, upgraded or downgraded.</summary>
        public ChangeKind Kind =>
            From == ModuleVersionOrder.None ? ChangeKind.Added
            : To == ModuleVersionOrder.None ? ChangeKind.Removed
            : Semver.Compare(To, From) > 0 ? ChangeKind.Upgraded : ChangeKind.Downgraded;
    }

    /// <summary>The kinds of <see cref="Change"/>, as <c>go get</c> reports them.</summary>
    public enum ChangeKind
    {
        /// <summary>Newly in the build list.</summary>
        Added,
        /// <summary>No longer in the build list.</summary>
        Removed,
        /// <summary>Selected at a higher version.</summary>
        Upgraded,
        /// <summary>Selected at a lower version.</summary>
        Downgraded,
    }

    /// <summary>What a whole <c>get</c> did (<see cref="RunAsync"/>).</summary>
    /// <param name="Changes">The changes of selected versions.</param>
    /// <param name="Retracted">The selected versions of the named modules that their authors retracted, with the rationale ("" when none).</param>
    public sealed record Outcome(IReadOnlyList<Change> Changes, IReadOnlyList<(ModuleId Module, string Rationale)> Retracted);

    /// <summary>
    /// The whole of <c>go get</c>: computes the new requirements (<see cref="GetAsync"/>), loads
    /// the graph they select (learning the hashes of what is now selected before anything is
    /// written), looks up retractions of the named modules (go get warns about them), records the
    /// <c>module.sum</c> lines (<see cref="SaveSumsAsync"/>) and only then saves <c>module.mod</c>.
    /// A failure at any step leaves <c>module.mod</c> as it was.
    /// </summary>
    public static async Task<Outcome> RunAsync(ModuleLoader loader, IReadOnlyList<Target> targets, bool upgradeDependencies,
        CancellationToken cancellationToken = default)
    {
        var changes = await GetAsync(loader, targets, upgradeDependencies, cancellationToken).ConfigureAwait(false);
        var graph = await loader.LoadGraphAsync(cancellationToken).ConfigureAwait(false);
        var named = targets.Select(t => t.Path).ToHashSet(StringComparer.Ordinal);
        var retracted = await loader.Query.RetractedAsync(graph.BuildList().Where(m => named.Contains(m.Path)), cancellationToken).ConfigureAwait(false);
        await SaveSumsAsync(loader, targets, graph, cancellationToken).ConfigureAwait(false);
        loader.Main.Save();
        return new Outcome(changes, retracted);
    }

    /// <summary>
    /// Computes and applies (to <see cref="MainModule.File"/> in memory) the requirements that
    /// select the targets; with <paramref name="upgradeDependencies"/> (<c>-u</c>) the modules the
    /// targets need are upgraded too, or every module when there are no targets.
    /// </summary>
    public static async Task<IReadOnlyList<Change>> GetAsync(ModuleLoader loader, IReadOnlyList<Target> targets, bool upgradeDependencies,
        CancellationToken cancellationToken = default)
    {
        var main = loader.Main.Id;
        var graph = await loader.LoadGraphAsync(cancellationToken).ConfigureAwait(false);
        var before = graph.BuildList();

        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in targets)
        {
            if (t.Path == main.Path) throw new ModuleException(DiagnosticCodes.InvalidQuery, $"cannot get the main module {t.Path}");
            var (path, version) = t.Query == ModuleVersionOrder.None
                ? (t.Path, ModuleVersionOrder.None)
                : await QueryProviderAsync(loader, graph, t, cancellationToken).ConfigureAwait(false);
            if (wanted.TryGetValue(path, out var other) && other != version)
                throw new ModuleException(DiagnosticCodes.VersionConflict, $"conflicting requests for {path}: {other} and {version}");
            wanted[path] = version;
        }

        var upgrades = new List<ModuleId>();
        var downgrades = new List<ModuleId>();
        foreach (var (path, version) in wanted)
        {
            string current = graph.Selected(path);
            if (version == ModuleVersionOrder.None || (current != ModuleVersionOrder.None && Semver.Compare(version, current) < 0))
                downgrades.Add(new ModuleId(path, version));
            else
                upgrades.Add(new ModuleId(path, version));
        }

        if (upgradeDependencies)
        {
            // -u: the modules reachable from the targets (or all of them) move to @upgrade.
            var scope = targets.Count == 0
                ? before.Where(m => m != main).ToList()
                : Reachable(loader, upgrades.Concat(before.Where(m => wanted.ContainsKey(m.Path))), graph, main);
            foreach (var m in scope)
            {
                if (wanted.ContainsKey(m.Path)) continue;
                var up = loader.Requirements.Upgrade(m);
                if (up.Version != m.Version) upgrades.Add(up);
            }
        }

        var direct = loader.Main.File.Require.Where(r => !r.Indirect).Select(r => r.Mod.Path)
            .Concat(wanted.Where(w => w.Value != ModuleVersionOrder.None).Select(w => w.Key))
            .Where(p => !(wanted.TryGetValue(p, out var v) && v == ModuleVersionOrder.None))
            .Distinct().ToList();

        IReadOnlyList<ModuleId> list = before;
        if (downgrades.Count > 0)
        {
            list = MinimalVersionSelection.Downgrade(main, loader.Requirements, downgrades);
            loader.UseMainRequirements(MinimalVersionSelection.Req(main, list, direct.Where(p => list.Any(m => m.Path == p)).ToList(), loader.Requirements));
        }
        if (upgrades.Count > 0)
            list = MinimalVersionSelection.Upgrade(main, loader.Requirements, upgrades);

        // Every target must come out exactly as asked (Go: "... requires X, not Y").
        var selected = list.ToDictionary(m => m.Path, m => m.Version, StringComparer.Ordinal);
        foreach (var (path, version) in wanted)
        {
            string got = selected.GetValueOrDefault(path, ModuleVersionOrder.None);
            if (got != version)
            {
                throw new ModuleException(DiagnosticCodes.VersionConflict, version == ModuleVersionOrder.None
                    ? $"cannot remove {path}: it is still required at {got} by other modules"
                    : $"cannot select {path}@{version}: the other requirements select {path}@{got}");
            }
        }

        var keepDirect = direct.Where(p => selected.ContainsKey(p)).ToList();
        var reqs = MinimalVersionSelection.Req(main, list, keepDirect, loader.Requirements);
        var directSet = new HashSet<string>(keepDirect, StringComparer.Ordinal);
        RequirementWriter.Apply(loader.Main.File, reqs, directSet.Contains);
        // Later loads through this loader (hashes to record, retraction warnings) see the new requirements.
        loader.UseMainRequirements(reqs);

        var changes = new List<Change>();
        var old = before.ToDictionary(m => m.Path, m => m.Version, StringComparer.Ordinal);
        foreach (var path in old.Keys.Union(selected.Keys).Order(StringComparer.Ordinal))
        {
            if (path == main.Path) continue;
            string from = old.GetValueOrDefault(path, ModuleVersionOrder.None), to = selected.GetValueOrDefault(path, ModuleVersionOrder.None);
            if (from != to) changes.Add(new Change(path, from, to));
        }
        return changes;
    }

    /// <summary>
    /// The module and version providing <paramref name="target"/>'s path, which is a module path
    /// or a project path (module path + directory of a project): as <c>go get</c> does for a
    /// package, the path's prefixes are tried longest first, and the first module with a version
    /// matching the query wins if it is the path itself or holds the project the rest of the path
    /// names (the version is downloaded to look). A prefix whose query fails is skipped; when
    /// nothing matches, MOD5109 is reported if a module was found without the project, else the
    /// whole path's own error (what <c>get</c> of a module path always reported).
    /// </summary>
    public static async Task<(string Path, string Version)> QueryProviderAsync(
        ModuleLoader loader, ModuleGraph graph, Target target, CancellationToken cancellationToken = default)
    {
        ModuleException? first = null;
        var foundWithout = new List<string>();
        foreach (var candidate in ProjectPaths.CandidateModules(target.Path))
        {
            if (candidate == loader.Main.Path) break;
            Fetching.RevInfo info;
            ModuleId actual;
            try
            {
                info = await loader.Query.QueryAsync(candidate, target.Query, graph.Selected(candidate), cancellationToken).ConfigureAwait(false);
                // A version exists only with its module file: direct mode answers a query for a
                // repository's subdirectory before it looks for module.mod there, Go's "missing
                // go.mod at revision", which Go's query counts as not found.
                actual = loader.Index.Resolve(new ModuleId(candidate, info.Version));
                if (actual.Version.Length > 0) await loader.Fetcher.GetModAsync(actual, cancellationToken).ConfigureAwait(false);
            }
            catch (ModuleException e)
            {
                // Not a provider: no such module or version, or a path that is a directory of a
                // module rather than one (direct mode: "missing module.mod at revision", which Go
                // counts as not-exist in this search). The whole path's error is kept for the end.
                first ??= e;
                continue;
            }
            if (candidate == target.Path) return (candidate, info.Version);
            string dir = actual.Version.Length == 0
                ? loader.ReplacementDirectory(actual)
                : await loader.Fetcher.DownloadAsync(actual, cancellationToken).ConfigureAwait(false);
            try
            {
                ProjectPaths.ProjectFile(new ModuleReferenceItem(target.Path), candidate, dir);
                return (candidate, info.Version);
            }
            catch (ModuleException e) when (e.Code == DiagnosticCodes.ModuleProjectNotFound)
            {
                foundWithout.Add($"{candidate}@{info.Version}");
            }
        }
        if (foundWithout.Count > 0)
            throw new ModuleException(DiagnosticCodes.NoModuleContainsProject,
                $"module {foundWithout[0]} found, but does not contain package {target.Path}");
        throw first ?? new ModuleException(DiagnosticCodes.NoMatchingVersion,
            $"{target.Path}@{target.Query}: cannot find module providing package {target.Path}");
    }

    /// <summary>
    /// Records the <c>module.sum</c> lines <c>go get</c> records: the module files of the new
    /// graph, and the zips of the modules named on the command line, which are downloaded (Go
    /// downloads them to load their packages). Versions only looked at along the way (candidates
    /// of a query, module files read for retractions) get no line.
    /// </summary>
    public static async Task SaveSumsAsync(ModuleLoader loader, IReadOnlyList<Target> targets, ModuleGraph graph, CancellationToken cancellationToken = default)
    {
        var named = targets.Select(t => t.Path).ToHashSet(StringComparer.Ordinal);
        var zips = graph.BuildList().Where(m => m != loader.Main.Id && named.Contains(m.Path)).ToList();
        foreach (var m in zips)
        {
            var actual = loader.Index.Resolve(m);
            if (actual.Version.Length == 0) continue; // a directory replacement has no zip
            await loader.Fetcher.DownloadZipAsync(actual, cancellationToken).ConfigureAwait(false);
        }
        loader.SaveSums(graph, zips);
    }

    private static List<ModuleId> Reachable(ModuleLoader loader, IEnumerable<ModuleId> starts, ModuleGraph graph, ModuleId main)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<ModuleId>(starts);
        var result = new List<ModuleId>();
        while (queue.Count > 0)
        {
            var m = queue.Dequeue();
            foreach (var r in ((IRequirements)loader.Requirements).Required(m))
            {
                if (r == main || !seen.Add(r.Path)) continue;
                var sel = new ModuleId(r.Path, graph.Selected(r.Path));
                if (sel.Version == ModuleVersionOrder.None) sel = r;
                result.Add(sel);
                queue.Enqueue(sel);
            }
        }
        return result;
    }
}
