using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Serving;
using ModuleSdk.SumDb;

namespace ModuleSdk.Proxy.SumDb;

/// <summary>
/// The checksum database's log (SPEC §11): an append-only Merkle tree of <see cref="ModuleRecord"/>s,
/// one per module version, kept in an <see cref="ILogStore"/> (docs/design.md, "The checksum
/// database"): data and hash tiles of height 8 as Go serves them, a lookup index, and the
/// signed tree head <c>latest</c>, written last: an append is visible once, and only once, its
/// head is written. Appends go through one writer: callers queue their records and run a
/// drain under the proxy's <see cref="ISingleFlight"/> for the log (Redis across instances,
/// in process otherwise; <c>disk</c> adds a lock file for processes sharing a folder without
/// Redis), which appends every queued record in one batch and one new head.
/// A version is appended once; a second, different record for it is refused (MOD6609).
/// </summary>
public sealed class SumDbLog : IDisposable
{
    /// <summary>The tile height of the protocol.</summary>
    public const int Height = Tile.DefaultHeight;

    /// <summary>The blob holding the signed tree head.</summary>
    public const string LatestName = "latest";

    private readonly ILogStore _store;
    private readonly NoteSigner _signer;
    private readonly NoteSigner[] _signers;
    private readonly NoteVerifier[] _verifiers;
    private readonly ISingleFlight _flight;
    private readonly SumDbMetrics _metrics;
    private readonly ILogger _log;
    private readonly ConcurrentQueue<Pending> _pending = new();
    private volatile Head? _lastHead;

    private sealed record Pending(ModuleRecord Record, TaskCompletionSource<long> Done);

    private sealed record Head(byte[] Stored, byte[] Signed, LogTree Tree);

    /// <summary>Creates the log over <paramref name="store"/>, signing with <paramref name="signer"/> (which it disposes).</summary>
    public SumDbLog(ILogStore store, NoteSigner signer, ISingleFlight flight, SumDbMetrics metrics, ILogger<SumDbLog> log)
        : this(store, signer, null, flight, metrics, log)
    {
    }

    /// <summary>
    /// Creates the log over <paramref name="store"/>, signing every tree head with
    /// <paramref name="signer"/> and, during a key rotation, also with <paramref name="next"/>
    /// (the same name, another key: Go's note format carries several signatures and a client
    /// accepts a head one of its keys verified). Disposes both.
    /// </summary>
    public SumDbLog(ILogStore store, NoteSigner signer, NoteSigner? next, ISingleFlight flight, SumDbMetrics metrics, ILogger<SumDbLog> log)
    {
        _store = store;
        _signer = signer;
        _signers = next is null ? [signer] : [signer, next];
        _verifiers = [.. _signers.Select(s => NoteVerifier.Parse(s.VerifierKey))];
        _flight = flight;
        _metrics = metrics;
        _log = log;
    }

    /// <summary>The database's name (the key's name): <c>/sumdb/&lt;name&gt;/</c>.</summary>
    public string Name => _signer.Name;

    /// <summary>The verifier key clients configure (<c>GOSUMDB</c>, <c>MODSUMDB</c>).</summary>
    public string VerifierKey => _signer.VerifierKey;

    /// <summary>Every key the heads are signed with: <see cref="VerifierKey"/>, then the next key during a rotation.</summary>
    public IReadOnlyList<string> VerifierKeys => [.. _signers.Select(s => s.VerifierKey)];

    /// <summary>The blob name of a module version's entry in the lookup index.</summary>
    public static string LookupName(ModuleId id) => "lookup/" + PathEscaping.EscapePath(id.Path) + "@" + PathEscaping.EscapeVersion(id.Version);

    internal static ModuleException Corrupt(string what, Exception? inner = null) =>
        new(DiagnosticCodes.SumDbLogCorrupt, "the checksum database's stored log is inconsistent: " + what, inner);

    /// <summary>
    /// The signed tree head and its tree. An empty log's head is the signed empty tree (Ed25519
    /// signatures are deterministic, so every instance serves the same bytes). The stored head
    /// is verified with the log's own key: a head changed in storage is refused (MOD6611).
    /// </summary>
    public async Task<(LogTree Tree, byte[] Signed)> LatestAsync(CancellationToken cancellationToken)
    {
        var signed = await _store.ReadAsync(LatestName, cancellationToken).ConfigureAwait(false);
        if (signed is null)
        {
            var empty = new LogTree(0, LogHash.Empty);
            return (empty, Note.Unsigned(empty.Format()).Sign(_signers));
        }
        // Verifying costs ~0.1 ms; the head changes only on appends, so remember the last one.
        if (_lastHead is { } last && last.Stored.AsSpan().SequenceEqual(signed)) return (last.Tree, last.Signed);
        LogTree tree;
        Note note;
        try
        {
            note = Note.Open(signed, _verifiers);
            tree = LogTree.Parse(note);
        }
        catch (ModuleException e)
        {
            throw Corrupt($"the signed tree head does not verify with the log's key ({e.Code}: {e.Message})", e);
        }
        // A head stored before a rotation began lacks the next key's signature: serve it signed
        // by every current key (Ed25519 is deterministic, so every instance serves the same bytes),
        // so clients that already trust only the next key accept it before the next append.
        byte[] served = note.Sigs.Count == _signers.Length ? signed : note.Sign(_signers);
        _lastHead = new Head(signed, served, tree);
        return (tree, served);
    }

    /// <summary>
    /// Stores the signed tree head signed by every current key when it lacks one (a rotation
    /// just began: <c>SumDb:NextSignerKey</c> added), under the writer lock, so the stored head
    /// still verifies once the rotation ends and only the new key is configured. Returns whether
    /// it rewrote the head.
    /// </summary>
    public async Task<bool> SignWithEveryKeyAsync(CancellationToken cancellationToken)
    {
        if (_signers.Length == 1) return false;
        using var held = await _store.LockWriterAsync(cancellationToken).ConfigureAwait(false);
        var stored = await _store.ReadAsync(LatestName, cancellationToken).ConfigureAwait(false);
        if (stored is null) return false;
        var (_, served) = await LatestAsync(cancellationToken).ConfigureAwait(false);
        if (served.AsSpan().SequenceEqual(stored)) return false;
        await _store.WriteAsync(LatestName, served, cancellationToken).ConfigureAwait(false);
        _log.LogInformation("checksum database {Name}: the tree head is now signed by every key ({Keys})", Name, string.Join(", ", VerifierKeys));
        return true;
    }

    /// <summary>The id of <paramref name="id"/>'s record when the tree of size <paramref name="treeSize"/> has it, else null.</summary>
    public async Task<long?> FindAsync(ModuleId id, long treeSize, CancellationToken cancellationToken)
    {
        var data = await _store.ReadAsync(LookupName(id), cancellationToken).ConfigureAwait(false);
        if (data is null) return null;
        if (!long.TryParse(Encoding.ASCII.GetString(data), NumberStyles.None, CultureInfo.InvariantCulture, out long n))
            throw Corrupt($"the lookup entry of {id} is not a record id");
        // An id past the signed tree is from an append that never committed: not in the log.
        return n < treeSize ? n : null;
    }

    /// <summary>Record <paramref name="id"/>'s text (which must be in the tree of size <paramref name="treeSize"/>).</summary>
    public Task<byte[]> ReadRecordAsync(long id, long treeSize, CancellationToken cancellationToken) =>
        new LogTiles(_store, treeSize).RecordAsync(id, cancellationToken);

    /// <summary>
    /// The content of a tile of the current signed tree, as Go's server serves it (hash tiles:
    /// W hashes; data tiles: W records, each followed by a blank line); null when the tree has
    /// no such tile (yet).
    /// </summary>
    public async Task<byte[]?> ReadTileAsync(Tile tile, CancellationToken cancellationToken)
    {
        if (tile.H != Height || tile.N > (long.MaxValue >> Height)) return null;
        var (tree, _) = await LatestAsync(cancellationToken).ConfigureAwait(false);
        long start = tile.N << Height;
        if (tile.L == -1)
        {
            if (start + tile.W > tree.N) return null;
            var data = await _store.ReadAsync(LogTiles.DataTileName(tile.N), cancellationToken).ConfigureAwait(false) ?? [];
            var records = Tile.SplitDataTile(data);
            if (records.Count < tile.W) throw Corrupt($"{LogTiles.DataTileName(tile.N)} has {records.Count} records, want {tile.W}");
            return Tile.FormatDataTile(records.Take(tile.W));
        }
        if (start + tile.W > LogTiles.LevelSize(tree.N, tile.L)) return null;
        var hashes = await _store.ReadAsync(LogTiles.HashTileName(tile.L, tile.N), cancellationToken).ConfigureAwait(false) ?? [];
        if (hashes.Length < tile.W * LogHash.Size)
            throw Corrupt($"{LogTiles.HashTileName(tile.L, tile.N)} has {hashes.Length / LogHash.Size} hashes, want {tile.W}");
        return hashes[..(tile.W * LogHash.Size)];
    }

    /// <summary>
    /// Adds <paramref name="record"/> to the log unless it is there already, and returns its
    /// record id once a signed tree head that includes it is stored. Throws MOD6609 when the log
    /// has a different record for the same version (the log keeps the first).
    /// </summary>
    public async Task<long> AppendAsync(ModuleRecord record, CancellationToken cancellationToken)
    {
        var pending = new Pending(record, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        _pending.Enqueue(pending);
        // A drain already running may have taken its batch before this record was queued:
        // then this caller waits for it and runs the next one.
        while (!pending.Done.Task.IsCompleted)
            await _flight.RunAsync("sumdb:" + Name, DrainAsync, cancellationToken).ConfigureAwait(false);
        return await pending.Done.Task.ConfigureAwait(false);
    }

    private async Task DrainAsync()
    {
        var batch = new List<Pending>();
        while (_pending.TryDequeue(out var p)) batch.Add(p);
        if (batch.Count == 0) return;
        try
        {
            using var held = await _store.LockWriterAsync(CancellationToken.None).ConfigureAwait(false);
            await AppendBatchAsync(batch).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _log.LogError("{Code} appending {Count} records to the checksum database {Name} failed: {Error}",
                e is ModuleException me ? me.Code : DiagnosticCodes.ProxyStorageFailed, batch.Count, Name, e.Message);
            foreach (var p in batch) p.Done.TrySetException(e);
        }
    }

    private async Task AppendBatchAsync(List<Pending> batch)
    {
        var ct = CancellationToken.None; // a shared append is never cut short by one caller
        var (head, _) = await LatestAsync(ct).ConfigureAwait(false);
        var tiles = new LogTiles(_store, head.N);
        long n = head.N;
        var known = new Dictionary<ModuleId, (long Id, ModuleRecord Record)>();
        var added = new List<(ModuleId Id, long At)>();
        foreach (var p in batch)
        {
            var id = p.Record.Id;
            if (known.ContainsKey(id)) continue;
            if (await FindAsync(id, head.N, ct).ConfigureAwait(false) is long found)
            {
                var text = await tiles.RecordAsync(found, ct).ConfigureAwait(false);
                ModuleRecord stored;
                try
                {
                    stored = ModuleRecord.Parse(text, id);
                }
                catch (ModuleException e)
                {
                    throw Corrupt($"record {found} is not {id}'s: {e.Message}", e);
                }
                known[id] = (found, stored);
                continue;
            }
            byte[] data = p.Record.ToBytes();
            long at = n++;
            var hashes = await Tlog.StoredHashesAsync(at, data, tiles, ct).ConfigureAwait(false);
            await tiles.AppendAsync(at, data, hashes, ct).ConfigureAwait(false);
            known[id] = (at, p.Record);
            added.Add((id, at));
        }

        if (n > head.N)
        {
            var tree = new LogTree(n, await Tlog.TreeHashAsync(n, tiles, ct).ConfigureAwait(false));
            // Tiles, then the index, then the head: a crash before the head leaves the old tree
            // whole (readers cut everything to the signed tree; the next append overwrites).
            await tiles.FlushAsync(ct).ConfigureAwait(false);
            foreach (var (id, at) in added)
                await _store.WriteAsync(LookupName(id), Encoding.ASCII.GetBytes(at.ToString(CultureInfo.InvariantCulture)), ct).ConfigureAwait(false);
            await _store.WriteAsync(LatestName, Note.Unsigned(tree.Format()).Sign(_signers), ct).ConfigureAwait(false);
            _metrics.Appended(added.Count, tree.N);
            _log.LogInformation("checksum database {Name}: appended {Count} records, tree size {Size}", Name, added.Count, tree.N);
        }

        foreach (var p in batch)
        {
            var (id, stored) = known[p.Record.Id];
            if (stored == p.Record)
            {
                p.Done.TrySetResult(id);
                continue;
            }
            _metrics.Conflict();
            _log.LogWarning("{Code} checksum database {Name}: {Module} is logged (record {Id}) with {ZipHash} {ModHash}; " +
                "refused a second record with {NewZipHash} {NewModHash}",
                DiagnosticCodes.SumDbConflictingHash, Name, p.Record.Id.ToString(), id, stored.ZipHash, stored.ModHash, p.Record.ZipHash, p.Record.ModHash);
            p.Done.TrySetException(new ModuleException(DiagnosticCodes.SumDbConflictingHash,
                $"{p.Record.Id}: the checksum database {Name} already records this version with different hashes " +
                $"(zip {stored.ZipHash}, go.mod {stored.ModHash}); " +
                $"refusing the new content (zip {p.Record.ZipHash}, go.mod {p.Record.ModHash}): a logged version never changes"));
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var s in _signers) s.Dispose();
    }
}
