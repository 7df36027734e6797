using System.Collections.Concurrent;
using ModuleSdk.Configuration;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;
using ModuleSdk.SumDb;

namespace ModuleSdk.Trust;

/// <summary>
/// cmd/go's <c>checkSumDB</c>: before a hash that <c>module.sum</c> lacks is added, the checksum
/// database must record the same one. A module matching <c>MODNOSUMDB</c> (default
/// <c>MODPRIVATE</c>) is not looked up. A different hash is Go's SECURITY ERROR with both hashes
/// (MOD6704); a database that cannot answer or prove its answer fails the download too (Go does
/// the same: an unverifiable hash is not written to go.sum). Thrown from the checksum policy,
/// before the fetcher moves anything into the cache, so nothing enters the cache or
/// <c>module.sum</c>.
/// </summary>
public sealed class SumDbVerifier(SumDbClient client)
{
    private static readonly ConcurrentDictionary<string, SumDbClient> Clients = new(StringComparer.Ordinal);

    private const string ModSuffix = "/module.mod";

    private readonly ConcurrentDictionary<string, Exception> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Path, string Version), Task> _prefetches = new();

    /// <summary>The client the verifier asks.</summary>
    public SumDbClient Client => client;

    /// <summary>
    /// The verifier of <paramref name="settings"/> (<c>MODSUMDB</c>, <c>MODNOSUMDB</c>,
    /// <c>MODPRIVATE</c>, the proxy list, the cache), or null when the database is off. One client
    /// per database, proxy list and cache is shared by the whole process, so its latest tree and
    /// tiles are read once.
    /// </summary>
    public static SumDbVerifier? FromSettings(ModuleSettings settings)
    {
        var config = SumDbConfig.Parse(settings.SumDb, settings.NoSumDb, settings.Private);
        if (config is null) return null;
        string key = string.Join('\n', settings.SumDb, config.NoSumDb, settings.Proxy, settings.CacheRoot);
        return new SumDbVerifier(Clients.GetOrAdd(key, _ => new SumDbClient(config, ProxyList.Parse(settings.Proxy), settings.CacheRoot)));
    }

    /// <summary>
    /// Checks <paramref name="hash"/> for <paramref name="path"/>@<paramref name="version"/>
    /// (<c>vX</c> for the zip, <c>vX/module.mod</c> for the module file, whose bytes are
    /// <paramref name="modFile"/>: the log records Go's <c>go.mod</c>-named hash of them). Returns
    /// normally when the log vouches for it or the path is not looked up; throws otherwise.
    /// </summary>
    public void Check(string path, string version, string hash, ReadOnlyMemory<byte>? modFile)
    {
        if (client.Config.Skips(path)) return;
        bool isMod = version.EndsWith(ModSuffix, StringComparison.Ordinal);
        // Without the bytes a module file's hash cannot be compared with the log's go.mod hash;
        // the zip's check (which every download makes) still asks the log.
        if (isMod && modFile is null) return;
        string bare = isMod ? version[..^ModSuffix.Length] : version;
        string noun = isMod ? "module.mod" : "module";
        ModuleRecord record;
        try
        {
            // The fetcher awaited PrefetchAsync first: the answer is in memory, or its failure
            // is, and nothing blocks here. Only a check nobody prepared asks (and waits) now.
            var lookup = _failures.TryRemove(path + "@" + bare, out var failed)
                ? Task.FromException<ModuleRecord>(failed)
                : client.LookupAsync(path, bare, CancellationToken.None);
            record = lookup.GetAwaiter().GetResult();
        }
        catch (ModuleException e) when (e.Code != DiagnosticCodes.SumDbFork)
        {
            throw new ModuleException(e.Code, $"{path}@{bare}: verifying {noun}: {e.Message}") { RelatedModule = new ModuleId(path, bare) };
        }
        string have = isMod ? ModuleRecord.HashModFile(modFile!.Value.Span) : hash;
        string want = isMod ? record.ModHash : record.ZipHash;
        if (have == want) return;
        throw Mismatch(path, bare, noun, have, client.Config.Name, want);
    }

    /// <summary>
    /// Starts the lookup of <paramref name="path"/>@<paramref name="version"/> (bare) for a
    /// <see cref="Check"/> to come. The task completes with the lookup and never faults: the client
    /// remembers a successful answer, and a failure is kept for that check to report.
    /// </summary>
    public Task PrefetchAsync(string path, string version)
    {
        // A graph prepares a version once per module requiring it and the fetcher once per file:
        // after the first, one dictionary probe (no path matching, escaping or continuation).
        if (_prefetches.TryGetValue((path, version), out var started)) return started;
        if (client.Config.Skips(path)) return _prefetches.GetOrAdd((path, version), Task.CompletedTask);
        var lookup = client.LookupAsync(path, version, CancellationToken.None);
        var task = lookup.ContinueWith(
            t =>
            {
                // The client forgets a failed lookup (a later one asks again); the check to
                // come reports this one instead of asking again while a thread waits, and a
                // later prefetch asks again.
                if (t.Exception is { } e)
                {
                    _failures[path + "@" + version] = e.InnerException ?? e;
                    _prefetches.TryRemove((path, version), out _);
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _prefetches.TryAdd((path, version), task);
        // A lookup that failed before the line above is not remembered either.
        if (lookup.IsFaulted || lookup.IsCanceled) _prefetches.TryRemove((path, version), out _);
        return task;
    }

    /// <summary>Go's wording (<c>sumdbMismatch</c>), with both hashes.</summary>
    internal static ModuleException Mismatch(string path, string version, string noun, string downloaded, string database, string recorded) =>
        new(DiagnosticCodes.SumDbMismatch,
            $"{path}@{version}: verifying {noun}: checksum mismatch\n" +
            $"\tdownloaded: {downloaded}\n" +
            $"\t{database}: {recorded}\n\n" +
            "SECURITY ERROR\n" +
            "This download does NOT match the one reported by the checksum server.\n" +
            "The bits may have been replaced on the origin server, or an attacker may\n" +
            "have intercepted the download attempt. Nothing was added to the module cache or module.sum.\n\n" +
            "For more information, see docs/trust.md.")
        {
            RelatedModule = new ModuleId(path, version),
        };
}
