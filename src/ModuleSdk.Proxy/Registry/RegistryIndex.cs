using System.Collections.Concurrent;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Serving;
using ModuleSdk.Proxy.Storage;

namespace ModuleSdk.Proxy.Registry;

/// <summary>
/// The registry's derived data, computed once per stored version and kept in memory so that a
/// page is built from it without touching storage: every version's <see cref="VersionFacts"/>
/// (stored versions are immutable, so facts never go stale), a <see cref="ModuleEntry"/> per
/// module, and "used by" (which modules' latest versions require a module). Filled by a scan of
/// storage at start-up, in the background; then by every version the proxy stores
/// (<see cref="ModuleService.VersionStored"/>) and by a rescan every <c>Registry:RescanSeconds</c>
/// for versions other instances stored in shared storage. A page for a module the index has not
/// reached yet is built from storage on demand (and indexed then).
/// </summary>
public sealed class RegistryIndex : BackgroundService
{
    private readonly IModuleStorage _storage;
    private readonly ILogger<RegistryIndex> _log;
    private readonly TimeSpan _rescan;
    private readonly ConcurrentDictionary<ModuleId, Lazy<Task<VersionFacts?>>> _facts = new();
    private readonly ConcurrentDictionary<string, ModuleEntry> _modules = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    // target module -> modules whose entry's latest version requires it; and back, to undo.
    private readonly Dictionary<string, HashSet<string>> _usedBy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _requires = new(StringComparer.Ordinal);
    private volatile bool _complete;
    private long _generation;

    /// <summary>Creates the index; it fills itself once the host starts it.</summary>
    public RegistryIndex(IModuleStorage storage, ModuleService modules, ILogger<RegistryIndex> log, IConfiguration configuration)
    {
        _storage = storage;
        _log = log;
        _rescan = TimeSpan.FromSeconds(double.TryParse(configuration["Registry:RescanSeconds"],
            System.Globalization.CultureInfo.InvariantCulture, out double s) && s > 0 ? s : 120);
        modules.VersionStored += (path, version) => _ = AddInBackground(path, version);
    }

    /// <summary>Whether the start-up scan of storage has finished (until then search may miss modules).</summary>
    public bool Complete => _complete;

    /// <summary>Changes whenever any module's entry or "used by" changes (page caches key on it).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The number of modules indexed.</summary>
    public int ModuleCount => _modules.Count;

    /// <summary>Whether the index holds a module (no storage access).</summary>
    public bool IsKnown(string path) => _modules.ContainsKey(path);

    /// <summary>The facts of a stored version, derived on first use; null when it is not stored.</summary>
    public async Task<VersionFacts?> FactsAsync(string path, string version, CancellationToken ct)
    {
        var id = new ModuleId(path, version);
        var lazy = _facts.GetOrAdd(id, _ => new Lazy<Task<VersionFacts?>>(() => ReadAsync(path, version)));
        VersionFacts? facts;
        try
        {
            facts = await lazy.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _facts.TryRemove(new KeyValuePair<ModuleId, Lazy<Task<VersionFacts?>>>(id, lazy));
            throw;
        }
        // A version not stored (yet) is not remembered as missing: it may be stored in a moment.
        if (facts is null) _facts.TryRemove(new KeyValuePair<ModuleId, Lazy<Task<VersionFacts?>>>(id, lazy));
        return facts;
    }

    private async Task<VersionFacts?> ReadAsync(string path, string version)
    {
        var facts = await FactsReader.ReadAsync(_storage, path, version, CancellationToken.None).ConfigureAwait(false);
        // Once per version, when its facts are derived.
        if (facts?.Problem is { } problem) _log.LogWarning("{Problem}", problem);
        return facts;
    }

    /// <summary>
    /// The module's entry: from memory, else (a module stored since the last scan, by another
    /// instance) from storage now; null when storage has no version of it.
    /// </summary>
    public async Task<ModuleEntry?> ModuleAsync(string path, CancellationToken ct)
    {
        if (_modules.TryGetValue(path, out var entry)) return entry;
        var versions = await _storage.ListVersionsAsync(path, ct).ConfigureAwait(false);
        if (versions.Count == 0) return null;
        return await SetVersionsAsync(path, versions, ct).ConfigureAwait(false);
    }

    /// <summary>Indexes one more stored version of a module (a version this instance or another just stored).</summary>
    public async Task<ModuleEntry?> AddAsync(string path, string version, CancellationToken ct)
    {
        var known = _modules.TryGetValue(path, out var e) ? e.Versions : [];
        if (known.Contains(version)) return e;
        var versions = known.Append(version).ToList();
        return await SetVersionsAsync(path, versions, ct).ConfigureAwait(false);
    }

    private async Task AddInBackground(string path, string version)
    {
        try
        {
            await AddAsync(path, version, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _log.LogWarning("indexing {Module} {Version} for the registry failed: {Error}", path, version, e.Message);
        }
    }

    private async Task<ModuleEntry?> SetVersionsAsync(string path, IEnumerable<string> versions, CancellationToken ct, bool replace = false)
    {
        var sorted = versions.Distinct(StringComparer.Ordinal).ToList();
        Semver.Sort(sorted);
        sorted.Reverse();
        if (sorted.Count == 0) return null;
        string source = ModuleEntry.GoLatest(sorted)!;
        var sourceFacts = await FactsAsync(path, source, ct).ConfigureAwait(false);
        var retractions = sourceFacts?.Retractions ?? [];
        string latest = ModuleEntry.GoLatest(sorted, v => retractions.Any(r => r.Covers(v))) ?? source;
        var latestFacts = latest == source ? sourceFacts : await FactsAsync(path, latest, ct).ConfigureAwait(false);
        var entry = new ModuleEntry(path, sorted, sourceFacts, latest, latestFacts);
        lock (_gate)
        {
            // Another update with more versions may have won meanwhile: keep the larger set.
            // (A scan replaces: it saw storage as it is, deletions included.)
            if (!replace && _modules.TryGetValue(path, out var current) && current.Versions.Count > entry.Versions.Count) return current;
            _modules[path] = entry;
            Interlocked.Increment(ref _generation);
            if (_requires.TryGetValue(path, out var old))
            {
                foreach (var t in old)
                {
                    if (_usedBy.TryGetValue(t, out var set)) set.Remove(path);
                }
            }
            var now = (latestFacts?.Requires ?? []).Select(r => r.Path).Where(t => t != path).Distinct(StringComparer.Ordinal).ToArray();
            _requires[path] = now;
            foreach (var t in now)
            {
                if (!_usedBy.TryGetValue(t, out var set)) _usedBy[t] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(path);
            }
        }
        return entry;
    }

    /// <summary>How many distinct stored modules require <paramref name="path"/> (in their latest version).</summary>
    public int UsedByCount(string path)
    {
        lock (_gate) return _usedBy.TryGetValue(path, out var set) ? set.Count : 0;
    }

    /// <summary>The modules that require <paramref name="path"/>, sorted, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<string> UsedBy(string path, int limit)
    {
        lock (_gate)
            return _usedBy.TryGetValue(path, out var set) ? set.Order(StringComparer.Ordinal).Take(limit).ToList() : [];
    }

    /// <summary>
    /// Modules matching every word of <paramref name="query"/> in their path or description, best
    /// first (the path itself, then its last element, then anywhere in the path, then the
    /// description; ties by "used by", then path); an empty query lists the most used modules.
    /// </summary>
    public (IReadOnlyList<ModuleEntry> Results, int Total) Search(string? query, Func<string, bool> visible, int limit)
    {
        string[] words = (query ?? "").ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var scored = new List<(ModuleEntry Entry, int Score)>();
        foreach (var entry in _modules.Values)
        {
            int score = 0;
            bool all = true;
            foreach (var w in words)
            {
                int s = Score(entry, w);
                if (s == 0) { all = false; break; }
                score += s;
            }
            if (!all || !visible(entry.Path)) continue;
            scored.Add((entry, score));
        }
        var used = new int[scored.Count];
        lock (_gate)
        {
            for (int i = 0; i < scored.Count; i++) used[i] = _usedBy.TryGetValue(scored[i].Entry.Path, out var set) ? set.Count : 0;
        }
        var results = Enumerable.Range(0, scored.Count)
            .OrderByDescending(i => scored[i].Score).ThenByDescending(i => used[i]).ThenBy(i => scored[i].Entry.Path, StringComparer.Ordinal)
            .Take(limit).Select(i => scored[i].Entry).ToList();
        return (results, scored.Count);
    }

    // Words come lowercased; the entry's lowercased path and description are computed once.
    private static int Score(ModuleEntry e, string word)
    {
        string path = e.SearchPath;
        if (path == word) return 100;
        int slash = path.LastIndexOf('/');
        if (path.AsSpan(slash + 1).SequenceEqual(word)) return 50;
        if (path.Contains(word, StringComparison.Ordinal)) return 20;
        if (e.SearchDescription.Contains(word, StringComparison.Ordinal)) return 5;
        return 0;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the server start answering first.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(stoppingToken).ConfigureAwait(false);
                if (!_complete) _log.LogInformation("registry index: {Modules} modules", _modules.Count);
                _complete = true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.LogWarning("registry index: scanning storage failed: {Error}", e.Message);
            }
            try
            {
                await Task.Delay(_rescan, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ScanAsync(CancellationToken ct)
    {
        var byModule = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await foreach (var id in _storage.ListAllAsync(ct).ConfigureAwait(false))
        {
            if (!byModule.TryGetValue(id.Path, out var list)) byModule[id.Path] = list = [];
            list.Add(id.Version);
        }
        // Two at a time: deriving facts reads zips, and the machine serves requests meanwhile.
        await Parallel.ForEachAsync(byModule, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, async (m, token) =>
        {
            if (_modules.TryGetValue(m.Key, out var known) && known.Versions.Count == m.Value.Count && m.Value.All(known.Versions.Contains)) return;
            try
            {
                // Every version's facts now, so that the first visit of a page is as fast as the next.
                foreach (var v in m.Value) await FactsAsync(m.Key, v, token).ConfigureAwait(false);
                await SetVersionsAsync(m.Key, m.Value, token, replace: true).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogWarning("registry index: {Module} skipped: {Error}", m.Key, e.Message);
            }
        }).ConfigureAwait(false);
        // Versions deleted since (retention): forget them and modules left with none.
        foreach (var id in _facts.Keys)
        {
            if (!byModule.TryGetValue(id.Path, out var vs) || !vs.Contains(id.Version)) _facts.TryRemove(id, out _);
        }
        foreach (var path in _modules.Keys)
        {
            if (byModule.ContainsKey(path)) continue;
            lock (_gate)
            {
                _modules.TryRemove(path, out _);
                Interlocked.Increment(ref _generation);
                if (_requires.Remove(path, out var old))
                {
                    foreach (var t in old)
                    {
                        if (_usedBy.TryGetValue(t, out var set)) set.Remove(path);
                    }
                }
            }
        }
    }
}
