using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.SumDb;

namespace ModuleSdk.Trust;

// The bulk read ("ski rental"): a client that has asked the server as many lookups as the log
// has data tiles left to read reads those tiles instead (in parallel), proves every record in
// them against the level-0 hashes of its verified head, and answers later lookups from them.
// Renting (one lookup per version) until the rent paid equals the price (the tiles to read)
// never costs more than about twice the cheaper of the two, whichever way the run goes; a log
// of a few thousand records (a private proxy's) is a handful of tiles against hundreds of
// lookups. Nothing changes in what is proven: a record is believed when its hash is the leaf
// the verified tree holds at its id, read from a lookup answer or from a data tile.
public sealed partial class SumDbClient
{
    /// <summary>
    /// The default <see cref="BulkTileLimit"/>: 64 data tiles, a log of up to 16,384 records
    /// (about 2-3 MB of records and 0.5 MB of hashes). A private proxy's log of thousands of
    /// versions fits; a public log (sum.golang.org holds tens of millions) is never read whole.
    /// </summary>
    public const int DefaultBulkTileLimit = 64;

    /// <summary>
    /// The largest log, in data tiles of 256 records, that this client reads whole instead of
    /// looking versions up one by one (once it has spent as many lookups as there are tiles left
    /// to read); 0 turns the bulk read off (every version is looked up, as Go's client does).
    /// </summary>
    public int BulkTileLimit { get; init; } = DefaultBulkTileLimit;

    /// <summary>How many lookups this client asked of the server (not answered from the store or the data tiles).</summary>
    public int RemoteLookups => Volatile.Read(ref _remote);

    /// <summary>How many records this client has read from data tiles (0 until it reads the log in bulk).</summary>
    public long BulkRecords
    {
        get
        {
            lock (_bulkGate) return _bulk is { IsCompletedSuccessfully: true, Result: { } b } ? b.Covered : 0;
        }
    }

    private readonly object _bulkGate = new();
    private int _remote;
    private int _spent;
    private int _spentAtBulk;
    private Task<BulkIndex?>? _bulk;
    private (long First, long End, Task<long> Missing)? _missing;
    private Task? _storedLatest;

    // Records [0, Covered) of the log, read from its data tiles and proven against a verified
    // head; an index read when the log had grown holds only the records after the one before.
    private sealed record BulkIndex(long Covered, RecordIndex Records, BulkIndex? Before)
    {
        public List<(long Id, ModuleRecord Record)> Find(ModuleId id)
        {
            var found = Before?.Find(id) ?? [];
            found.AddRange(Records.Find(id));
            return found;
        }
    }

    // The record of path@version from the data tiles, when the client has read them (or it is
    // now worth reading them); null when the lookup must ask the server: bulk reading off, not
    // yet worth it, the log too large, or a version the tiles read do not hold (added since,
    // or unknown: the server's lookup answers it, exactly as without the bulk read).
    private async Task<ModuleRecord?> FromDataTilesAsync(string path, string version, CancellationToken cancellationToken)
    {
        if (BulkTileLimit <= 0) return null;
        await LoadStoredLatestAsync(cancellationToken).ConfigureAwait(false);
        var bulk = await ChooseBulkAsync(cancellationToken).ConfigureAwait(false);
        if (bulk is null) return null;
        var index = await bulk.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (index is null) return null;
        var id = new ModuleId(path, version);
        var found = index.Find(id);
        if (found.Count == 0) return null;
        if (RecordIndex.Disagree(found)) throw TwoHashes(id, found);
        return found[0].Record;
    }

    // A new process knows the log's size from the head an earlier run verified and kept, so
    // tiles that run kept answer without asking the server first. Only the first call reads it.
    private Task LoadStoredLatestAsync(CancellationToken cancellationToken)
    {
        lock (_bulkGate) return (_storedLatest ??= LoadAsync()).WaitAsync(cancellationToken);

        async Task LoadAsync()
        {
            if (Latest.N > 0) return;
            var stored = await _store.ReadLatestAsync(CancellationToken.None).ConfigureAwait(false);
            if (stored is not { Length: > 0 }) return;
            try
            {
                await MergeLatestAsync(stored, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ModuleException)
            {
                // A kept head this key did not sign (rotated away): the lookups bring a head.
            }
        }
    }

    // The rent: a proven lookup answer counts toward reading the tiles when the tiles of the head
    // known before it (or any, before a head was known) would have answered it. A record logged
    // after that head (a server that logs versions when first asked, as a fresh proxy does)
    // does not: reading the tiles again would not have answered it either.
    private void PaidLookup(long id, long knownBefore)
    {
        if (knownBefore == 0 || id < knownBefore) Interlocked.Increment(ref _spent);
    }

    // The bulk read to answer from: the one done or under way, or a new one when the lookups
    // spent since the last one reach the data tiles still to read (those not in the store).
    private async Task<Task<BulkIndex?>?> ChooseBulkAsync(CancellationToken cancellationToken)
    {
        var latest = Latest;
        long first, end;
        lock (_bulkGate)
        {
            // One under way is awaited; one that found the log tampered with refuses every lookup after.
            if (_bulk is { IsCompleted: false } or { IsFaulted: true }) return _bulk;
            long covered = _bulk is { IsCompletedSuccessfully: true, Result: { } done } ? done.Covered : 0;
            // No verified head yet (the first lookups tell the log's size), or nothing new.
            if (latest.N <= covered) return _bulk;
            first = covered >> Tile.DefaultHeight;
            end = (latest.N + (1 << Tile.DefaultHeight) - 1) >> Tile.DefaultHeight;
            if (end > BulkTileLimit) return _bulk;
            if (_spent - _spentAtBulk >= end - first) return StartBulk(latest);
        }
        // Tiles a run before this one kept cost nothing to read again.
        long missing = await MissingDataTilesAsync(first, end, cancellationToken).ConfigureAwait(false);
        lock (_bulkGate)
        {
            if (_bulk is { IsCompleted: false }) return _bulk;
            if (_spent - _spentAtBulk >= missing && Latest == latest) return StartBulk(latest);
            return _bulk;
        }
    }

    private Task<BulkIndex?> StartBulk(LogTree latest)
    {
        var before = _bulk is { IsCompletedSuccessfully: true, Result: { } done } ? done : null;
        _spentAtBulk = _spent;
        return _bulk = Task.Run(() => ReadBulkAsync(latest, before));
    }

    // How many of the data tiles [first, end) of the latest tree the store lacks (counted once per range).
    private Task<long> MissingDataTilesAsync(long first, long end, CancellationToken cancellationToken)
    {
        lock (_bulkGate)
        {
            if (_missing is { } m && m.First == first && m.End == end) return m.Missing.WaitAsync(cancellationToken);
            var task = CountMissingAsync(DataTiles.Of(Latest.N, first));
            _missing = (first, end, task);
            return task.WaitAsync(cancellationToken);
        }

        async Task<long> CountMissingAsync(IReadOnlyList<Tile> tiles)
        {
            long count = 0;
            foreach (var t in tiles)
                if (await _store.ReadTileAsync(t, CancellationToken.None).ConfigureAwait(false) is null
                    && (t.IsFull || await _store.ReadTileAsync(t with { W = 1 << t.H }, CancellationToken.None).ConfigureAwait(false) is null))
                    count++;
            return count;
        }
    }

    // Reads the data tiles of the records after `before` covers up to tree.N, all in parallel with
    // the hash tiles that prove them; every record's hash must be the leaf the verified tree
    // holds at its id. A server that cannot be reached leaves the lookups to ask it one by one;
    // a tile that does not match the signed tree refuses every later lookup (the server serves a
    // log other than the one it signed).
    private async Task<BulkIndex?> ReadBulkAsync(LogTree tree, BulkIndex? before)
    {
        try
        {
            long covered = before?.Covered ?? 0;
            long first = covered >> Tile.DefaultHeight;
            var dataTiles = DataTiles.Of(tree.N, first);
            var tiles = await TilesAsync(CancellationToken.None).ConfigureAwait(false);
            var reading = tiles.ReadTilesAsync(dataTiles, CancellationToken.None).AsTask();
            long start = first << Tile.DefaultHeight;
            var indexes = new long[tree.N - start];
            for (long i = start; i < tree.N; i++) indexes[i - start] = Tlog.StoredHashIndex(0, i);
            // The level-0 tiles proven here also serve later lookups' inclusion proofs.
            var leaves = await new TileHashReader(tree, new LeafTileRecorder(tiles, _leafTiles))
                .ReadHashesAsync(indexes, CancellationToken.None).ConfigureAwait(false);
            var data = await reading.ConfigureAwait(false);

            var records = new RecordIndex();
            for (int k = 0; k < dataTiles.Count; k++)
            {
                var tile = dataTiles[k];
                IReadOnlyList<byte[]> texts;
                try
                {
                    texts = DataTiles.Split(tile, data[k]);
                }
                catch (ModuleException e)
                {
                    throw new ModuleException(DiagnosticCodes.SumDbTileInvalid, $"{tile.Path}: {e.Message}");
                }
                for (int j = 0; j < texts.Count; j++)
                {
                    long id = (tile.N << Tile.DefaultHeight) + j;
                    if (Tlog.RecordHash(texts[j]) != leaves[(int)(id - start)])
                        throw new ModuleException(DiagnosticCodes.SumDbTileInvalid,
                            $"downloaded inconsistent tile: record {id} in {tile.Path} is not the one tree#{tree.N} of {_config.Name} holds");
                    if (id < covered) continue;
                    try
                    {
                        records.Add(id, texts[j]);
                    }
                    catch (ModuleException)
                    {
                        // A malformed record is left out: a lookup of its version asks the
                        // server and reports it, as it would without the bulk read.
                    }
                }
            }
            tiles.SaveTiles(dataTiles, data);
            return new BulkIndex(tree.N, records, before);
        }
        catch (ModuleException e) when (e.Code == DiagnosticCodes.SumDbUnreachable)
        {
            // Not a verdict on the log: the lookups ask one by one, and a later bulk read may succeed.
            lock (_bulkGate) _spentAtBulk = _spent;
            return before;
        }
    }

    private ModuleException TwoHashes(ModuleId id, List<(long Id, ModuleRecord Record)> found)
    {
        var message = new StringBuilder()
            .Append($"the checksum database {_config.Name} records {id.Path}@{id.Version} with different hashes:\n");
        foreach (var (n, r) in found) message.Append($"\trecord {n}: {r.ZipHash} {r.ModHash}\n");
        message.Append("\nSECURITY ERROR\n")
            .Append("checksum database server misbehavior detected!\n")
            .Append("A log records one hash per module version; this one vouches for two, so it vouches for neither.\n")
            .Append("Nothing was added to the module cache or module.sum. Report it to the database's operator ")
            .Append("(`dotnet mod sumdb audit` lists every such version).");
        return new ModuleException(DiagnosticCodes.SumDbLogTwoHashes, message.ToString()) { RelatedModule = id };
    }
}
