using System.Collections.Concurrent;
using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.IO;
using ModuleSdk.Modules;
using ModuleSdk.SumDb;

namespace ModuleSdk.Trust;

/// <summary>
/// A checksum database client (Go's <c>golang.org/x/mod/sumdb.Client</c> with cmd/go's
/// <c>dbClient</c>): looks up module versions' records and believes one only when the log
/// proves it. A lookup answer is the record and a signed tree head; the head must be signed by
/// the configured key, must be consistent with the latest tree this client's store saw before
/// (the older tree's hash recomputed from the newer tree's tiles, themselves proven against the
/// newer signed hash: a fork is a SECURITY ERROR naming both heads), and the record's hash must
/// be the leaf the tiles hold at its id. What it verified is kept in an <see cref="ISumDbStore"/>:
/// by default <c>MODCACHE/cache/download/sumdb/&lt;name&gt;/</c> (<c>latest</c>, tiles, lookups),
/// so later runs check against what earlier runs saw; a proxy's mirror keeps it in its storage
/// backend. Thread-safe.
/// </summary>
public sealed partial class SumDbClient
{
    private readonly SumDbConfig _config;
    private readonly ISumDbStore _store;
    private readonly Lazy<Task<SumDbTransport>> _transport;
    private readonly ConcurrentDictionary<string, Lazy<Task<ModuleRecord>>> _lookups = new(StringComparer.Ordinal);
    private readonly object _latestGate = new();
    private readonly SemaphoreSlim _merge = new(1, 1);
    private readonly ConcurrentDictionary<long, byte[]> _leafTiles = new();
    private readonly ConcurrentDictionary<(long TreeN, long Tile), Lazy<Task>> _leafProofs = new();
    private SumDbTileReader? _tiles;
    private LogTree _latest;
    private byte[] _latestNote = [];
    private bool _latestLoaded;

    /// <summary>A client of <paramref name="config"/>'s database, reached through <paramref name="proxies"/> when one serves it.</summary>
    /// <param name="config">The database.</param>
    /// <param name="proxies">The <c>MODPROXY</c> list, probed for <c>/sumdb/&lt;name&gt;/supported</c> (unless the config names a URL).</param>
    /// <param name="cacheRoot">The module cache root (<c>MODCACHE</c>): the store is <see cref="SumDbFolderStore.ForCache"/>.</param>
    /// <param name="http">The HTTP client; the process-wide one by default.</param>
    public SumDbClient(SumDbConfig config, ProxyList proxies, string cacheRoot, HttpClient? http = null)
        : this(config, proxies, SumDbFolderStore.ForCache(cacheRoot, config.Name), http)
    {
    }

    /// <summary>A client of <paramref name="config"/>'s database keeping what it verified in <paramref name="store"/>.</summary>
    /// <param name="config">The database.</param>
    /// <param name="proxies">The <c>MODPROXY</c> list, probed for <c>/sumdb/&lt;name&gt;/supported</c> (unless the config names a URL).</param>
    /// <param name="store">Where the latest verified tree, tiles and lookups are kept.</param>
    /// <param name="http">The HTTP client; the process-wide one by default.</param>
    public SumDbClient(SumDbConfig config, ProxyList proxies, ISumDbStore store, HttpClient? http = null)
    {
        _config = config;
        _store = store;
        _transport = new Lazy<Task<SumDbTransport>>(() => ResolveAsync(proxies, http));
    }

    /// <summary>The database's configuration.</summary>
    public SumDbConfig Config => _config;

    /// <summary>Where the latest verified tree, tiles and lookups are kept.</summary>
    public ISumDbStore Store => _store;

    /// <summary>The base URL in use (after the proxy probe), for messages.</summary>
    public async Task<string> EndpointAsync(CancellationToken cancellationToken) =>
        (await _transport.Value.WaitAsync(cancellationToken).ConfigureAwait(false)).Display;

    /// <summary>The latest tree this client has verified (size 0 before any).</summary>
    public LogTree Latest
    {
        get { lock (_latestGate) return _latest; }
    }

    /// <summary>A tile reader that reads every tile from the server, caching nothing (for audits).</summary>
    public async Task<SumDbTileReader> UncachedTilesAsync(CancellationToken cancellationToken) =>
        new(await _transport.Value.WaitAsync(cancellationToken).ConfigureAwait(false), null);

    /// <summary>The tile reader (tiles the client read and proved are kept in the store).</summary>
    public async Task<SumDbTileReader> TilesAsync(CancellationToken cancellationToken)
    {
        var transport = await _transport.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_latestGate) return _tiles ??= new SumDbTileReader(transport, _store);
    }

    /// <summary>
    /// The record of <paramref name="path"/>@<paramref name="version"/>, proven by the log: MOD6706
    /// when the database cannot be reached or does not know the version, MOD6707 when the
    /// record is not what the signed tree holds, MOD6705 (SECURITY ERROR) on a fork, and the
    /// note errors (MOD6602–MOD6604) of a badly signed head.
    /// </summary>
    public Task<ModuleRecord> LookupAsync(string path, string version, CancellationToken cancellationToken)
    {
        string key = PathEscaping.EscapePath(path) + "@" + PathEscaping.EscapeVersion(version);
        bool created = false;
        var lazy = _lookups.GetOrAdd(key, k =>
        {
            created = true;
            return new Lazy<Task<ModuleRecord>>(() => LookupCoreAsync(path, version, k, cancellationToken));
        });
        var task = lazy.Value;
        // A failed lookup is not remembered, so a retry asks again. One continuation per lookup
        // (not per call: a graph asks about a version once per module requiring it).
        if (created)
            task.ContinueWith(t =>
            {
                if (!t.IsCompletedSuccessfully) _lookups.TryRemove(new KeyValuePair<string, Lazy<Task<ModuleRecord>>>(key, lazy));
            }, TaskScheduler.Default);
        return task;
    }

    /// <summary>
    /// Drops the remembered answer of <paramref name="path"/>@<paramref name="version"/> (a
    /// long-lived client, a mirror, checks each version once and need not keep them all).
    /// </summary>
    public void Forget(string path, string version) =>
        _lookups.TryRemove(PathEscaping.EscapePath(path) + "@" + PathEscaping.EscapeVersion(version), out _);

    /// <summary>
    /// Whether <paramref name="e"/>, from <see cref="LookupAsync"/>, says the database does not
    /// know the version (rather than that it cannot be reached).
    /// </summary>
    public static bool IsUnknownVersion(ModuleException e) => e.Code == DiagnosticCodes.SumDbUnreachable && e.InnerException is SumDbTransport.NotFound;

    private async Task<ModuleRecord> LookupCoreAsync(string path, string version, string key, CancellationToken cancellationToken)
    {
        byte[]? data = await _store.ReadLookupAsync(key, cancellationToken).ConfigureAwait(false);
        bool fromCache = data is not null;
        if (data is null)
        {
            // Once the client reads the log's data tiles, they answer (SumDbClient.Bulk.cs).
            if (await FromDataTilesAsync(path, version, cancellationToken).ConfigureAwait(false) is { } fromTiles) return fromTiles;
            Interlocked.Increment(ref _remote);
            var transport = await _transport.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                data = await transport.GetAsync("lookup/" + key, cancellationToken).ConfigureAwait(false);
            }
            catch (SumDbTransport.NotFound e)
            {
                // The inner NotFound tells "the log does not know it" from "cannot be reached".
                throw new ModuleException(DiagnosticCodes.SumDbUnreachable, e.Message, e);
            }
        }
        var (id, text, signed) = LogRecord.Parse(data);
        long knownBefore = Latest.N;
        await MergeLatestAsync(signed, cancellationToken).ConfigureAwait(false);
        var latest = Latest;
        if (id < 0 || id >= latest.N)
            throw new ModuleException(DiagnosticCodes.SumDbRecordUnproven, $"cannot validate record {id} in tree of size {latest.N}");
        var leaf = await LeafHashAsync(latest, id, cancellationToken).ConfigureAwait(false);
        if (leaf != Tlog.RecordHash(text))
            throw new ModuleException(DiagnosticCodes.SumDbRecordUnproven, "cannot authenticate record data in server response");
        var record = ModuleRecord.Parse(text, new ModuleId(path, version));
        if (!fromCache)
        {
            _store.SaveLookup(key, data);
            PaidLookup(id, knownBefore);
        }
        return record;
    }

    // The hash the tree holds for record id. The level-0 tile that holds it, once proven against
    // a tree of this client's timeline, holds the same hashes in every later tree of the timeline
    // (each is checked to contain the one before): so a proven tile answers later lookups without
    // proving the tree's right edge and the tile's parents again, which is most of a lookup's CPU
    // when a download looks up hundreds of versions against one head. Only tiles proven here,
    // against the verified latest tree, are remembered (not those read to check a fork).
    private async Task<LogHash> LeafHashAsync(LogTree latest, long id, CancellationToken cancellationToken)
    {
        long n = id >> Tile.DefaultHeight;
        int at = (int)(id & ((1 << Tile.DefaultHeight) - 1));
        if (ProvenLeaf(n, at) is { } known) return known;
        // Lookups answered at once (a graph's first requirements) share one proof of the tile
        // against the tree instead of each hashing the tree's right edge again.
        var key = (latest.N, n);
        var proof = _leafProofs.GetOrAdd(key, _ => new Lazy<Task>(() => ProveLeafTileAsync(latest, n)));
        try
        {
            await proof.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (proof.Value.IsCompleted) _leafProofs.TryRemove(new KeyValuePair<(long, long), Lazy<Task>>(key, proof));
        }
        if (ProvenLeaf(n, at) is { } proven) return proven;
        var reader = new TileHashReader(latest, new LeafTileRecorder(await TilesAsync(cancellationToken).ConfigureAwait(false), _leafTiles));
        return (await reader.ReadHashesAsync([Tlog.StoredHashIndex(0, id)], cancellationToken).ConfigureAwait(false))[0];
    }

    private LogHash? ProvenLeaf(long n, int at) =>
        _leafTiles.TryGetValue(n, out var proven) && proven.Length >= (at + 1) * LogHash.Size
            ? new LogHash(proven.AsSpan(at * LogHash.Size, LogHash.Size))
            : null;

    // Proves level-0 tile n as wide as the tree has it (its last hash), which the recorder keeps.
    private async Task ProveLeafTileAsync(LogTree latest, long n)
    {
        long last = Math.Min(latest.N, (n + 1) << Tile.DefaultHeight) - 1;
        var reader = new TileHashReader(latest, new LeafTileRecorder(await TilesAsync(CancellationToken.None).ConfigureAwait(false), _leafTiles));
        await reader.ReadHashesAsync([Tlog.StoredHashIndex(0, last)], CancellationToken.None).ConfigureAwait(false);
    }

    // Passes tiles through, and remembers the level-0 tiles the hash reader proved (the widest of each).
    private sealed class LeafTileRecorder(ITileReader inner, ConcurrentDictionary<long, byte[]> leafTiles) : ITileReader
    {
        public int Height => inner.Height;

        public ValueTask<IReadOnlyList<byte[]>> ReadTilesAsync(IReadOnlyList<Tile> tiles, CancellationToken cancellationToken) =>
            inner.ReadTilesAsync(tiles, cancellationToken);

        public void SaveTiles(IReadOnlyList<Tile> tiles, IReadOnlyList<byte[]> data)
        {
            inner.SaveTiles(tiles, data);
            for (int i = 0; i < tiles.Count; i++)
                if (tiles[i].L == 0 && tiles[i].H == Tile.DefaultHeight)
                    leafTiles.AddOrUpdate(tiles[i].N, data[i], (_, old) => old.Length >= data[i].Length ? old : data[i]);
        }
    }

    /// <summary>
    /// Fetches <c>/latest</c> and merges it into the timeline (checking it against the tree seen
    /// before); returns the newest verified tree.
    /// </summary>
    public async Task<LogTree> RefreshLatestAsync(CancellationToken cancellationToken)
    {
        var transport = await _transport.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        byte[] note;
        try
        {
            note = await transport.GetAsync("latest", cancellationToken).ConfigureAwait(false);
        }
        catch (SumDbTransport.NotFound e)
        {
            throw new ModuleException(DiagnosticCodes.SumDbUnreachable, e.Message);
        }
        await MergeLatestAsync(note, cancellationToken).ConfigureAwait(false);
        return Latest;
    }

    /// <summary>
    /// Go's <c>mergeLatest</c>: a head older than (or as old as) the latest must be contained in
    /// it; a newer one must contain it, and becomes the latest, written back to the store only
    /// if no other writer replaced the stored head meanwhile (else that head is checked too and
    /// the merge tried again), so concurrent processes and instances extend one timeline.
    /// </summary>
    private async Task MergeLatestAsync(byte[] note, CancellationToken cancellationToken)
    {
        // The head every lookup of one download carries is usually the one already verified and
        // merged: the same signed bytes need no second signature check, proof or store access.
        lock (_latestGate)
            if (_latestLoaded && note.AsSpan().SequenceEqual(_latestNote)) return;
        var tree = OpenTree(note);
        await _merge.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                // What other processes wrote since is part of the timeline too.
                var stored = await _store.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
                if (stored is { Length: > 0 } && !(_latestLoaded && stored.AsSpan().SequenceEqual(Snapshot().Note)))
                    await AdvanceAsync(OpenStoredTree(stored), stored, cancellationToken).ConfigureAwait(false);
                _latestLoaded = true;
                await AdvanceAsync(tree, note, cancellationToken).ConfigureAwait(false);
                var latestNote = Snapshot().Note;
                if ((stored ?? []).AsSpan().SequenceEqual(latestNote)) return;
                if (await _store.TryReplaceLatestAsync(stored is { Length: > 0 } ? stored : null, latestNote, cancellationToken).ConfigureAwait(false)) return;
            }
        }
        finally
        {
            _merge.Release();
        }
    }

    private (LogTree Tree, byte[] Note) Snapshot()
    {
        lock (_latestGate) return (_latest, _latestNote);
    }

    // The tree becomes the latest when it is newer (and contains the latest); an older or equal
    // one must be contained in the latest.
    private async Task AdvanceAsync(LogTree tree, byte[] note, CancellationToken cancellationToken)
    {
        var (latest, latestNote) = Snapshot();
        if (tree.N <= latest.N)
        {
            await CheckTreesAsync(tree, note, latest, latestNote, cancellationToken).ConfigureAwait(false);
            return;
        }
        await CheckTreesAsync(latest, latestNote, tree, note, cancellationToken).ConfigureAwait(false);
        lock (_latestGate) (_latest, _latestNote) = (tree, note);
    }

    // Go's checkTrees: the newer tree's tiles (proven against its signed hash) must give the
    // older tree's hash for its size; otherwise the two signed heads are a fork.
    private async Task CheckTreesAsync(LogTree older, byte[] olderNote, LogTree newer, byte[] newerNote, CancellationToken cancellationToken)
    {
        if (older.N == 0 || older == newer) return;
        var reader = new TileHashReader(newer, await TilesAsync(cancellationToken).ConfigureAwait(false));
        var hash = await Tlog.TreeHashAsync(older.N, reader, cancellationToken).ConfigureAwait(false);
        if (hash == older.Hash) return;
        var message = new StringBuilder()
            .Append($"verifying tree#{older.N} against tree#{newer.N} of {_config.Name}:\n")
            .Append("SECURITY ERROR\n")
            .Append("checksum database server misbehavior detected!\n\n")
            .Append("old database:\n\t").Append(Indent(olderNote)).Append('\n')
            .Append("new database:\n\t").Append(Indent(newerNote)).Append('\n');
        try
        {
            var proof = await Tlog.ProveTreeAsync(newer.N, older.N, reader, cancellationToken).ConfigureAwait(false);
            message.Append("proof of misbehavior:\n\t").Append(hash);
            foreach (var h in proof) message.Append("\n\t").Append(h);
            message.Append('\n');
        }
        catch (ModuleException e)
        {
            message.Append("tree inconsistency: ").Append(e.Message).Append('\n');
        }
        message.Append($"\nThe log signed two histories that cannot both be true. Keep {_store.LatestLocation} as evidence " +
            $"and report it to the database's operator.");
        throw new ModuleException(DiagnosticCodes.SumDbFork, message.ToString());
    }

    private static string Indent(byte[] note) => Encoding.UTF8.GetString(note).TrimEnd('\n').Replace("\n", "\n\t");

    private LogTree OpenTree(byte[] note) => LogTree.Parse(Note.Open(note, [_config.Verifier]));

    // The stored head was verified when it was stored, perhaps under a key since rotated away
    // (docs/trust.md): a head the configured key did not sign is still this client's own record
    // of the timeline (the next signed head must contain it), not a head to trust anew.
    private LogTree OpenStoredTree(byte[] note)
    {
        try
        {
            return OpenTree(note);
        }
        catch (ModuleException e) when (e.Code == DiagnosticCodes.SumDbNoteUnverified)
        {
            string text = Encoding.UTF8.GetString(note);
            int split = text.LastIndexOf("\n\n", StringComparison.Ordinal);
            if (split < 0) throw;
            return LogTree.Parse(text[..(split + 1)]);
        }
    }

    // Go's dbClient.initBase: the first proxy that answers /sumdb/<name>/supported with 200; on
    // 404/410 (or any error after '|') the next; "direct", "off" or the end of the list: the
    // database's own URL. An explicit URL in MODSUMDB bypasses the proxies.
    private async Task<SumDbTransport> ResolveAsync(ProxyList proxies, HttpClient? http)
    {
        if (_config.Url is not null) return new SumDbTransport(_config.Url, http);
        foreach (var entry in proxies.Entries)
        {
            if (entry.Kind != ProxyEntryKind.Proxy) break;
            var base_ = new Uri(entry.RawUrl!.TrimEnd('/') + "/sumdb/" + _config.Name);
            var transport = new SumDbTransport(base_, http);
            try
            {
                await transport.GetAsync("supported", CancellationToken.None).ConfigureAwait(false);
                return transport;
            }
            catch (SumDbTransport.NotFound)
            {
            }
            catch (ModuleException) when (entry.FallBackOnError)
            {
            }
        }
        return new SumDbTransport(_config.DirectUrl, http);
    }
}
