using System.Collections.Concurrent;
using System.Text;
using ModuleSdk.Cache;
using ModuleSdk.Configuration;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.ModFile;
using ModuleSdk.Modules;
using ModuleSdk.Mvs;

namespace ModuleSdk.Resolution;

/// <summary>
/// Loads the module graph of a main module (Go's <c>modload</c>): wires the settings to a
/// source (the MODPROXY list), the module cache and the <c>module.sum</c> checker, reads module
/// files through replacements, and runs MVS. One instance serves one command or one restore.
/// </summary>
public sealed class ModuleLoader
{
    private readonly ConcurrentDictionary<ModuleId, Lazy<Task<ModuleSummary>>> _summaries = new();
    // Requirements share one string instance per path and version: what keeps MVS's per-edge lookups cheap (ModuleIdPool).
    private readonly ModuleIdPool _pool = new();

    /// <summary>Creates a loader for <paramref name="main"/> with explicit parts (tests, the SDK).</summary>
    public ModuleLoader(MainModule main, ModuleSettings settings, IModuleSource source, ModuleCache cache, SumChecker sums)
    {
        Main = main;
        Settings = settings;
        Source = source;
        Cache = cache;
        Sums = sums;
        Index = new ModuleIndex(main.File);
        Fetcher = new ModuleFetcher(cache, source, sums, new ModuleFetcherOptions { SourceName = source.ToString() });
        Requirements = new ModuleRequirements(this);
        Query = new ModuleQuery(this);
        MainRequirements = Roots(main.File.Require.Select(r => r.Mod));
    }

    /// <summary>
    /// Creates a loader from settings: the MODPROXY list with MODPRIVATE routing, the cache at
    /// MODCACHE, and <c>module.sum</c> beside <c>module.mod</c>. <paramref name="direct"/> provides
    /// direct (git) mode; by default it is <see cref="Direct.ModuleSources.Direct"/> (git clones under MODCACHE, MODREPOS).
    /// </summary>
    public static ModuleLoader Create(MainModule main, ModuleSettings settings, Func<IModuleSource>? direct = null)
    {
        var source = new RoutedSource(ProxyList.Parse(settings.Proxy), settings.Private, direct ?? Direct.ModuleSources.Direct(settings));
        return new ModuleLoader(main, settings, source, ModuleCache.FromSetting(settings.CacheRoot),
            new SumChecker(main.SumFilePath, settings.LockedMode, Trust.SumDbVerifier.FromSettings(settings)));
    }

    /// <summary>The main module.</summary>
    public MainModule Main { get; }

    /// <summary>The settings in force.</summary>
    public ModuleSettings Settings { get; }

    /// <summary>Where module versions come from.</summary>
    public IModuleSource Source { get; }

    /// <summary>The module cache.</summary>
    public ModuleCache Cache { get; }

    /// <summary>Downloads into the cache, checking <see cref="Sums"/>.</summary>
    public ModuleFetcher Fetcher { get; }

    /// <summary>The main module's <c>module.sum</c>.</summary>
    public SumChecker Sums { get; }

    /// <summary>The main module's replacements and exclusions.</summary>
    public ModuleIndex Index { get; }

    /// <summary>The requirement graph MVS runs on.</summary>
    public ModuleRequirements Requirements { get; }

    /// <summary>Version queries.</summary>
    public ModuleQuery Query { get; }

    /// <summary>The main module's requirements, minus excluded versions (Go drops those).</summary>
    public IReadOnlyList<ModuleId> MainRequirements { get; private set; }

    /// <summary>Makes MVS see <paramref name="requirements"/> as the main module's (to try out an edit before writing it).</summary>
    public void UseMainRequirements(IReadOnlyList<ModuleId> requirements) => MainRequirements = Roots(requirements);

    // The main module's requirements as MVS roots: excluded versions dropped, sorted by path
    // then version (Go's module.Sort of the roots, which fixes the order of `graph` output).
    private ModuleId[] Roots(IEnumerable<ModuleId> requirements)
    {
        var roots = requirements.Where(m => !Index.IsExcluded(m)).ToArray();
        Array.Sort(roots);
        return roots;
    }

    /// <summary>
    /// Loads the whole module graph from the main module and runs MVS over it. When a
    /// requirement of the main module is not the version selected, the roots are first updated
    /// as the go command does before it prints or uses the graph (Go's <c>expandGraph</c> and
    /// <c>updateUnprunedRoots</c>): roots already selected and the direct requirements are kept,
    /// raised to their selected versions, plus the indirect roots that keep the build list, and
    /// the graph of those roots is returned. The build list is the same either way;
    /// <c>module.mod</c> is not rewritten (see <see cref="MainRequirements"/>).
    /// </summary>
    public async Task<ModuleGraph> LoadGraphAsync(CancellationToken cancellationToken = default)
    {
        var graph = await MinimalVersionSelection.BuildGraphAsync([Main.Id], Requirements, cancellationToken).ConfigureAwait(false);
        if (MainRequirements.All(r => graph.Selected(r.Path) == r.Version)) return graph;

        var rootPaths = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in MainRequirements)
            if (graph.Selected(r.Path) == r.Version && seen.Add(r.Path)) rootPaths.Add(r.Path);
        foreach (var r in Main.File.Require)
            if (!r.Indirect && !Index.IsExcluded(r.Mod) && seen.Add(r.Mod.Path)) rootPaths.Add(r.Mod.Path);
        var keep = graph.BuildList().Where(m => m != Main.Id).ToArray();
        var roots = MinimalVersionSelection.Req(Main.Id, rootPaths, new KeepRequirements(Main.Id, keep, Requirements));
        UseMainRequirements(roots);
        return await MinimalVersionSelection.BuildGraphAsync([Main.Id], Requirements, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The requirement graph with the main module requiring a whole build list (Go's <c>mvsReqs{roots: keep}</c>).</summary>
    private sealed class KeepRequirements(ModuleId main, IReadOnlyList<ModuleId> keep, IRequirements inner) : IRequirements
    {
        public IReadOnlyList<ModuleId> Required(ModuleId module) => module == main ? keep : inner.Required(module);
        public string Max(string v1, string v2) => inner.Max(v1, v2);
    }

    /// <summary>
    /// The summary of <paramref name="module"/>'s module file, read from its replacement when
    /// it has one; checks that the file declares the path it was required as (or the
    /// replacement's). Failures are <see cref="ModuleVersionException"/>s naming what was read.
    /// </summary>
    public async Task<ModuleSummary> SummaryAsync(ModuleId module, CancellationToken cancellationToken = default)
    {
        var actual = Index.Resolve(module);
        // The read is shared and runs to its end whoever stops waiting: a caller canceled already
        // must not start one (it would write the cache after the command returned).
        cancellationToken.ThrowIfCancellationRequested();
        var summary = await _summaries.GetOrAdd(actual, a => new Lazy<Task<ModuleSummary>>(() => Task.Run(() => ReadSummaryAsync(a))))
            .Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (summary.ModulePath != module.Path && summary.ModulePath != actual.Path)
        {
            throw new ModuleVersionException(DiagnosticCodes.ModulePathMismatch, actual,
                $"parsing {MainModule.ModFileName}:\n\tmodule declares its path as: {summary.ModulePath}\n\t        but was required as: {module.Path}");
        }
        return summary;
    }

    /// <summary>
    /// Writes <c>module.sum</c> as the go command does (<c>WriteGoSum(keepSums(…))</c>): of the
    /// lines this run added, only the module file lines of the versions in
    /// <paramref name="graph"/> (through their replacements) and both lines of the modules in
    /// <paramref name="downloaded"/> are recorded. Hashes checked only to look at a version (its
    /// module file read for retractions or deprecations, a version listed by <c>-versions</c> or
    /// <c>-u</c>) are not. Without a graph or downloads no new line is recorded.
    /// </summary>
    public void SaveSums(ModuleGraph? graph, IEnumerable<ModuleId>? downloaded = null)
    {
        var zipLines = new HashSet<ModuleId>((downloaded ?? []).Select(Index.Resolve));
        var modLines = new HashSet<ModuleId>(zipLines);
        graph?.WalkBreadthFirst(m => modLines.Add(Index.Resolve(m)));
        Sums.Save((path, version) => version.EndsWith(ModuleSdk.Sums.SumFile.ModSuffix, StringComparison.Ordinal)
            ? modLines.Contains(new ModuleId(path, version[..^ModuleSdk.Sums.SumFile.ModSuffix.Length]))
            : zipLines.Contains(new ModuleId(path, version)));
    }

    /// <summary>
    /// Starts the checksum database lookups of <paramref name="modules"/>, requirements the graph
    /// loader has just learned and will load once one of its bounded slots is free, so that the
    /// lookups overlap the downloads queued before them instead of following them (a no-op
    /// without a database). Returns <paramref name="modules"/>.
    /// </summary>
    internal IReadOnlyList<ModuleId> PrepareChecksums(IReadOnlyList<ModuleId> modules)
    {
        if (!Sums.AsksChecksumDatabase) return modules;
        foreach (var m in modules)
        {
            var actual = Index.Resolve(m);
            if (actual.Version.Length == 0 || actual.Version == ModuleVersionOrder.None) continue;
            try
            {
                _ = Sums.PrepareAsync(actual.Path, actual.Version);
            }
            catch (ModuleException)
            {
                // A path or version the lookup cannot name: the module's own fetch reports it.
            }
        }
        return modules;
    }

    /// <summary>The directory a directory replacement points to, absolute.</summary>
    public string ReplacementDirectory(ModuleId replacement) =>
        Path.GetFullPath(Path.IsPathRooted(replacement.Path) ? replacement.Path : Path.Combine(Main.Directory, replacement.Path));

    private async Task<ModuleSummary> ReadSummaryAsync(ModuleId actual)
    {
        try
        {
            string fileName = MainModule.ModFileName;
            string text;
            if (actual.Version.Length == 0)
            {
                string dir = ReplacementDirectory(actual);
                string file = Path.Combine(dir, MainModule.ModFileName);
                if (!Directory.Exists(dir))
                    throw new ModuleException(DiagnosticCodes.ReplacementDirectoryInvalid, $"replacement directory {actual.Path} does not exist");
                if (!File.Exists(file))
                    throw new ModuleException(DiagnosticCodes.ReplacementDirectoryInvalid,
                        $"replacement directory {actual.Path} has no {MainModule.ModFileName}");
                fileName = Path.Combine(actual.Path, MainModule.ModFileName);
                text = await File.ReadAllTextAsync(file).ConfigureAwait(false);
            }
            else
            {
                var bytes = await Fetcher.GetModAsync(actual).ConfigureAwait(false);
                text = Encoding.UTF8.GetString(bytes);
            }
            var summary = ModuleSummary.From(ModuleFile.ParseLax(fileName, text));
            return summary with { Requires = _pool.Intern(summary.Requires) };
        }
        catch (ModuleVersionException)
        {
            throw;
        }
        catch (ModuleException e)
        {
            // Fetch errors already name the module; do not say it twice.
            string prefix = actual + ": ";
            if (e.File is null && e.Message.StartsWith(prefix, StringComparison.Ordinal))
                throw new ModuleVersionException(e.Code, actual, e.Message[prefix.Length..], e);
            throw new ModuleVersionException(actual, e);
        }
        catch (IOException e)
        {
            throw new ModuleVersionException(actual, e);
        }
    }
}
