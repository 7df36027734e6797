using System.Diagnostics;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Operations;
using ModuleSdk.Proxy.Storage;
using ModuleSdk.Sums;
using ModuleSdk.Zips;

namespace ModuleSdk.Proxy.Serving;

/// <summary>
/// What the proxy knows about modules: versions from storage, or fetched once from the upstream
/// (the engine's <see cref="IModuleSource"/>: a <c>MODPROXY</c>-style list over proxies and
/// direct mode), checked with the engine's zip rules and <c>h1:</c> hashing, and stored whole.
/// Lists and <c>@latest</c> come from a short-lived cache refreshed in the background.
/// </summary>
public sealed class ModuleService
{
    private readonly IModuleStorage _storage;
    private readonly IModuleSource _upstream;
    private readonly ISingleFlight _flight;
    private readonly ProxyMetrics _metrics;
    private readonly InFlightFetches _inFlight;
    private readonly ILogger<ModuleService> _log;
    private readonly RefreshingCache<IReadOnlyList<string>> _lists;
    private readonly RefreshingCache<RevInfo> _latest;
    private readonly string _tempDir;
    private readonly SumDb.SumDbLog? _sumDb;
    private readonly string _private;

    /// <summary>Creates the service; with <paramref name="sumDb"/>, every public version it stores is logged there first.</summary>
    public ModuleService(IModuleStorage storage, IModuleSource upstream, ISingleFlight flight, ProxyMetrics metrics,
        InFlightFetches inFlight, ILogger<ModuleService> log, ProxyServerOptions options, SumDb.SumDbLog? sumDb = null)
    {
        _sumDb = sumDb;
        _private = options.Private;
        _storage = storage;
        _upstream = upstream;
        _flight = flight;
        _metrics = metrics;
        _inFlight = inFlight;
        _log = log;
        _lists = new RefreshingCache<IReadOnlyList<string>>(options.ListTtl);
        _latest = new RefreshingCache<RevInfo>(options.ListTtl);
        _tempDir = options.TempPath;
        Directory.CreateDirectory(_tempDir);
    }

    /// <summary>Raised after a version fetched from the upstream is committed to storage (the registry indexes it).</summary>
    public event Action<string, string>? VersionStored;

    /// <summary>The storage versions are served from.</summary>
    public IModuleStorage Storage => _storage;

    /// <summary>
    /// The <c>@v/list</c> answer: the upstream's tagged versions together with the stored ones
    /// (so stored versions stay listed when the upstream is off, down or has dropped them).
    /// Throws <see cref="ModuleNotFoundException"/> when neither knows the module.
    /// </summary>
    public Task<IReadOnlyList<string>> ListAsync(string path, CancellationToken cancellationToken) =>
        _lists.GetAsync(path, () => LoadListAsync(path), _metrics.ListRefresh, cancellationToken);

    private async Task<IReadOnlyList<string>> LoadListAsync(string path)
    {
        var stored = (await _storage.ListVersionsAsync(path, CancellationToken.None).ConfigureAwait(false))
            .Where(v => !PseudoVersion.IsPseudoVersion(v)).ToList();
        IReadOnlyList<string> upstream;
        try
        {
            upstream = await _upstream.VersionsAsync(path, "", CancellationToken.None).ConfigureAwait(false);
        }
        catch (ModuleException e) when (stored.Count > 0)
        {
            _log.LogWarning("list {Module}: upstream failed, serving the stored versions: {Error}", path, e.Message);
            upstream = [];
        }
        var all = upstream.Concat(stored).Distinct(StringComparer.Ordinal).ToList();
        Semver.Sort(all);
        return all;
    }

    /// <summary>Forgets the cached list and <c>@latest</c> of <paramref name="path"/> (a webhook or a poll says its repository changed).</summary>
    public void Forget(string path)
    {
        _lists.Invalidate(path);
        _latest.Invalidate(path);
    }

    /// <summary>The <c>@latest</c> answer: the upstream's, else the highest stored version's info.</summary>
    public Task<RevInfo> LatestAsync(string path, CancellationToken cancellationToken) =>
        _latest.GetAsync(path, () => LoadLatestAsync(path), _metrics.ListRefresh, cancellationToken);

    private async Task<RevInfo> LoadLatestAsync(string path)
    {
        try
        {
            return await _upstream.LatestAsync(path, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ModuleException)
        {
            var stored = (await _storage.ListVersionsAsync(path, CancellationToken.None).ConfigureAwait(false)).ToList();
            if (stored.Count == 0) throw;
            Semver.Sort(stored);
            var info = await ReadInfoAsync(path, stored[^1], CancellationToken.None).ConfigureAwait(false);
            return info ?? throw new ModuleNotFoundException($"module {path}: no versions");
        }
    }

    /// <summary>
    /// Resolves a revision that is not a canonical version (<c>v1.2</c>, a branch, a commit) to
    /// the version it names, through the upstream (nothing is stored yet: policy judges the
    /// version first, then <see cref="EnsureStoredAsync"/> stores it).
    /// </summary>
    public async Task<string> ResolveAsync(string path, string revision, CancellationToken cancellationToken) =>
        (await _upstream.StatAsync(path, revision, cancellationToken).ConfigureAwait(false)).Version;

    /// <summary>
    /// Makes sure a canonical version is stored: already there, or fetched from the upstream now,
    /// once however many clients (and, with a shared single flight, instances) ask at the same time.
    /// </summary>
    public async Task EnsureStoredAsync(string path, string version, CancellationToken cancellationToken)
    {
        if (await _storage.ExistsAsync(path, version, cancellationToken).ConfigureAwait(false)) return;
        // The fetch is shared and must survive the client that started it hanging up: it runs
        // on its own, tracked for graceful shutdown; this caller only waits.
        await _flight.RunAsync(path + "@" + version, () => _inFlight.Track(FetchIfMissingAsync(path, version)), cancellationToken).ConfigureAwait(false);
    }

    private async Task FetchIfMissingAsync(string path, string version)
    {
        // Another instance (or a fetch that just ended here) may have stored it meanwhile.
        if (await _storage.ExistsAsync(path, version, CancellationToken.None).ConfigureAwait(false)) return;
        await FetchAndStoreAsync(path, version).ConfigureAwait(false);
    }

    private async Task FetchAndStoreAsync(string path, string version)
    {
        string context = path + "@" + version;
        var ct = CancellationToken.None;
        string zipFile = Path.Combine(_tempDir, Guid.NewGuid().ToString("N") + ".zip");
        var clock = Stopwatch.StartNew();
        bool ok = false, zipFetched = false;
        try
        {
            // Each phase's time goes into the log line (where a cold fetch's time goes, docs/benchmarks.md).
            var info = await _upstream.StatAsync(path, version, ct).ConfigureAwait(false);
            long statMs = clock.ElapsedMilliseconds;
            if (info.Version != version)
                throw new ModuleException(DiagnosticCodes.ProxyUpstreamContentInvalid, $"{context}: the upstream answered with version {info.Version}");
            byte[] mod = await _upstream.GetModAsync(path, version, ct).ConfigureAwait(false);
            zipFetched = true;
            long modMs = clock.ElapsedMilliseconds;
            string? built;
            await using (var zip = new FileStream(zipFile, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                // Direct mode builds the zip here, from the git tree, checking the zip rules on
                // the files and hashing their bytes as it writes them: its hash comes back with it.
                built = _upstream is IZipBuildingSource builder
                    ? await builder.DownloadZipBuiltAsync(path, version, zip, ct).ConfigureAwait(false)
                    : await DownloadAsync(path, version, zip, ct).ConfigureAwait(false);
            }

            long zipMs = clock.ElapsedMilliseconds;
            string zipHash;
            if (built is not null) zipHash = built;
            else
            {
                // Bytes from another proxy are untrusted: the zip must pass the same rules the
                // client will apply, before anything is stored. Checked and hashed from one open
                // of the zip (its central directory read once).
                var (checkedZip, hashed) = Hash1.CheckAndHashZip(zipFile, new ModuleId(path, version));
                if (checkedZip.Error is { } bad)
                    throw new ModuleException(DiagnosticCodes.ProxyUpstreamContentInvalid,
                        $"{context}: the upstream's zip breaks the module zip rules: {bad.Message}", bad);
                zipHash = hashed!;
            }
            long checkMs = clock.ElapsedMilliseconds;
            // The checksum database logs the version before it is stored: a version whose log
            // entry has other hashes (MOD6609) is refused, never stored. Private modules are
            // never logged (the log is public).
            if (_sumDb is not null && !(_private.Length > 0 && PathPatterns.MatchPrefixPatterns(_private, path)))
                await _sumDb.AppendAsync(global::ModuleSdk.SumDb.ModuleRecord.From(path, version, zipHash, mod), ct).ConfigureAwait(false);
            try
            {
                await _storage.SaveAsync(VersionToStore.FromFile(path, version, RevInfoJson.Format(info), mod, zipFile, zipHash), ct).ConfigureAwait(false);
            }
            catch (Exception)
            {
                _metrics.StorageError();
                throw;
            }
            _lists.Invalidate(path);
            ok = true;
            VersionStored?.Invoke(path, version);
            long storeMs = clock.ElapsedMilliseconds;
            _log.LogInformation("fetched {Module} {Version} from the upstream ({ZipBytes} bytes, {Hash}) in {ElapsedMs} ms: " +
                "info {InfoMs}, mod {ModMs}, zip {ZipMs}, check and hash {CheckMs}, store {StoreMs}{Built}",
                path, version, new FileInfo(zipFile).Length, zipHash, storeMs, statMs, modMs - statMs, zipMs - modMs, checkMs - zipMs, storeMs - checkMs,
                built is null ? "" : " (zip built, checked and hashed from git)");
        }
        catch (ModuleException e)
        {
            _log.LogWarning("fetching {Module} {Version} from the upstream failed: {Code} {Error}", path, version, e.Code, e.Message);
            throw;
        }
        finally
        {
            if (zipFetched) _metrics.UpstreamFetch(clock.Elapsed, ok);
            try { File.Delete(zipFile); } catch (IOException) { }
        }
    }

    private async Task<string?> DownloadAsync(string path, string version, Stream zip, CancellationToken ct)
    {
        await _upstream.DownloadZipAsync(path, version, zip, ct).ConfigureAwait(false);
        return null;
    }

    /// <summary>The stored info of a version, or null.</summary>
    public async Task<RevInfo?> ReadInfoAsync(string path, string version, CancellationToken cancellationToken)
    {
        await using var f = await _storage.OpenAsync(path, version, StoredFileKind.Info, cancellationToken).ConfigureAwait(false);
        if (f is null) return null;
        return RevInfoJson.Parse(await f.ReadAllAsync(cancellationToken).ConfigureAwait(false), path + "@" + version, "storage");
    }
}
