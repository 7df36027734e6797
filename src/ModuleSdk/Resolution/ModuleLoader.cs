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
        MainRequirements = main.File.Require.Select(r => r.Mod).Where(m => !Index.IsExcluded(m)).ToArray();
    }

    /// <summary>
    /// Creates a loader from settings: the MODPROXY list with MODPRIVATE routing, the cache at
    /// MODCACHE, and <c>module.sum</c> beside <c>module.mod</c>. <paramref name="direct"/> provides
    /// direct (git) mode; without it, <c>direct</c> entries fail with a clear error.
    /// </summary>
    public static ModuleLoader Create(MainModule main, ModuleSettings settings, Func<IModuleSource>? direct = null)
    {
        var source = new RoutedSource(ProxyList.Parse(settings.Proxy), settings.Private, direct);
        return new ModuleLoader(main, settings, source, new ModuleCache(settings.CacheRoot), new SumChecker(main.SumFilePath, settings.LockedMode));
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
    public void UseMainRequirements(IReadOnlyList<ModuleId> requirements) =>
        MainRequirements = requirements.Where(m => !Index.IsExcluded(m)).ToArray();

    /// <summary>Loads the whole module graph from the main module and runs MVS over it.</summary>
    public Task<ModuleGraph> LoadGraphAsync(CancellationToken cancellationToken = default) =>
        MinimalVersionSelection.BuildGraphAsync([Main.Id], Requirements, cancellationToken);

    /// <summary>
    /// The summary of <paramref name="module"/>'s module file, read from its replacement when
    /// it has one; checks that the file declares the path it was required as (or the
    /// replacement's). Failures are <see cref="ModuleVersionException"/>s naming what was read.
    /// </summary>
    public async Task<ModuleSummary> SummaryAsync(ModuleId module, CancellationToken cancellationToken = default)
    {
        var actual = Index.Resolve(module);
        var summary = await _summaries.GetOrAdd(actual, a => new Lazy<Task<ModuleSummary>>(() => ReadSummaryAsync(a)))
            .Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (summary.ModulePath != module.Path && summary.ModulePath != actual.Path)
        {
            throw new ModuleVersionException(DiagnosticCodes.ModulePathMismatch, actual,
                $"parsing {MainModule.ModFileName}:\n\tmodule declares its path as: {summary.ModulePath}\n\t        but was required as: {module.Path}");
        }
        return summary;
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
                    throw new ModuleException(DiagnosticCodes.ReplacementDirectoryInvalid, $"replacement directory {actual.Path} has no {MainModule.ModFileName}");
                fileName = Path.Combine(actual.Path, MainModule.ModFileName);
                text = await File.ReadAllTextAsync(file).ConfigureAwait(false);
            }
            else
            {
                var bytes = await Fetcher.GetModAsync(actual).ConfigureAwait(false);
                text = Encoding.UTF8.GetString(bytes);
            }
            return ModuleSummary.From(ModuleFile.ParseLax(fileName, text));
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
