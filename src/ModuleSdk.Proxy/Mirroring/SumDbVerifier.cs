using System.Globalization;
using System.Net;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Index;
using ModuleSdk.SumDb;

namespace ModuleSdk.Proxy.Mirroring;

/// <summary>
/// Verifies a version against the origin's checksum database (<c>Mirror:SumDb</c>) the way the
/// go command does, with the core's <c>SumDb</c> primitives: <c>lookup/M@V</c> on the origin's
/// <c>/sumdb/&lt;name&gt;/</c>, the tree note opened with the verifier key, the record's two
/// hashes compared with the bits the mirror fetched, the record proven in the signed tree from
/// tiles (each tile proven against the tree), and the tree proven to extend the last tree this
/// mirror verified (kept in its storage, <c>mirror-sumdb-tree</c>), so an origin that rewrote
/// or forked its log is caught too. The log not vouching (no record, other hashes, a bad
/// signature or proof) is MOD6907, for good; the database unreachable is MOD6909, retried.
/// </summary>
public sealed class SumDbVerifier : ISumDbVerifier, ITileReader
{
    private readonly HttpClient _http;
    private readonly NoteVerifier _key;
    private readonly string _name;
    private readonly IAppendLog _trees;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Tile, byte[]> _fullTiles = []; // full tiles never change once proven
    private LogTree? _latest;
    private int _treesRead;

    /// <summary>Verifies against <paramref name="options"/>' source and key, keeping the last verified tree in <paramref name="trees"/>.</summary>
    public SumDbVerifier(MirrorOptions options, IAppendLog trees)
    {
        _key = NoteVerifier.Parse(options.SumDb!);
        _name = _key.Name;
        _http = SourceClient.Create(options.Source!, "sumdb/" + _name + "/");
        _trees = trees;
    }

    /// <inheritdoc/>
    public int Height => Tile.DefaultHeight;

    /// <inheritdoc/>
    public async Task VerifyAsync(string path, string version, string zipHash, string modHash, CancellationToken cancellationToken)
    {
        string what = path + "@" + version;
        byte[] answer = await GetAsync("lookup/" + PathEscaping.EscapePath(path) + "@" + PathEscaping.EscapeVersion(version), what, cancellationToken).ConfigureAwait(false)
            ?? throw NotVouched($"{what}: the checksum database {_name} has no record of it");
        try
        {
            var (id, text, signed) = LogRecord.Parse(answer);
            var tree = LogTree.Parse(Note.Open(signed, [_key]));
            var record = ModuleRecord.Parse(text, new ModuleId(path, version));
            if (record.ZipHash != zipHash || record.ModHash != modHash)
                throw NotVouched($"{what}: the checksum database {_name} records {record.ZipHash} (zip) and {record.ModHash} (go.mod), the source sent {zipHash} and {modHash}");
            if (id < 0 || id >= tree.N) throw NotVouched($"{what}: record {id} is not in the signed tree of size {tree.N}");
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var reader = new TileHashReader(tree, this);
                var proof = await Tlog.ProveRecordAsync(tree.N, id, reader, cancellationToken).ConfigureAwait(false);
                Tlog.CheckRecord(proof, tree.N, tree.Hash, id, Tlog.RecordHash(text));
                await CheckConsistentAsync(tree, reader, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (ModuleException e) when (e.Code.StartsWith("MOD66", StringComparison.Ordinal))
        {
            // A malformed answer, a signature that does not verify, a proof that fails: the log does not vouch for it.
            throw NotVouched($"{what}: the checksum database {_name} does not vouch for it: {e.Code} {e.Message}", e);
        }
    }

    // The signed tree must extend the last one this mirror believed (or be a prefix of it).
    private async Task CheckConsistentAsync(LogTree tree, TileHashReader reader, CancellationToken ct)
    {
        if (_latest is null)
        {
            var lines = await _trees.ReadAsync(_treesRead, ct).ConfigureAwait(false);
            _treesRead += lines.Count;
            foreach (var line in lines)
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long n) && LogHash.TryParse(parts[1], out var h))
                    _latest = new LogTree(n, h);
            }
        }
        if (_latest is { } old)
        {
            if (old == tree) return;
            if (old.N <= tree.N)
            {
                var proof = await Tlog.ProveTreeAsync(tree.N, old.N, reader, ct).ConfigureAwait(false);
                Tlog.CheckTree(proof, tree.N, tree.Hash, old.N, old.Hash);
            }
            else
            {
                var proof = await Tlog.ProveTreeAsync(old.N, tree.N, new TileHashReader(old, this), ct).ConfigureAwait(false);
                Tlog.CheckTree(proof, old.N, old.Hash, tree.N, tree.Hash);
                return; // an older tree than the one believed: fine, nothing to record
            }
        }
        _latest = tree;
        string line2 = tree.N.ToString(CultureInfo.InvariantCulture) + " " + tree.Hash;
        await _trees.AppendAsync(_ => line2, ct).ConfigureAwait(false);
        _treesRead++;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<byte[]>> ReadTilesAsync(IReadOnlyList<Tile> tiles, CancellationToken cancellationToken)
    {
        var data = new byte[tiles.Count][];
        await Parallel.ForEachAsync(Enumerable.Range(0, tiles.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            lock (_fullTiles)
                if (_fullTiles.TryGetValue(tiles[i], out var cached)) { data[i] = cached; return; }
            data[i] = await GetAsync(tiles[i].Path, tiles[i].Path, ct).ConfigureAwait(false)
                ?? throw new ModuleException(DiagnosticCodes.MirrorSumDbUnavailable, $"checksum database {_name}: {tiles[i].Path} not found");
        }).ConfigureAwait(false);
        return data;
    }

    /// <inheritdoc/>
    public void SaveTiles(IReadOnlyList<Tile> tiles, IReadOnlyList<byte[]> data)
    {
        lock (_fullTiles)
            for (int i = 0; i < tiles.Count; i++)
                if (tiles[i].IsFull) _fullTiles[tiles[i]] = data[i];
    }

    // The body, null for 404/410; MOD6909 when the database cannot be reached.
    private async Task<byte[]?> GetAsync(string relative, string what, CancellationToken ct)
    {
        try
        {
            using var res = await _http.GetAsync(relative, ct).ConfigureAwait(false);
            if (res.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone) return null;
            if (!res.IsSuccessStatusCode)
                throw new ModuleException(DiagnosticCodes.MirrorSumDbUnavailable, $"checksum database {_name}: {what}: the source answered {(int)res.StatusCode}");
            return await res.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new ModuleException(DiagnosticCodes.MirrorSumDbUnavailable, $"checksum database {_name}: {what}: the source cannot be reached ({e.Message})", e);
        }
    }

    private static ModuleException NotVouched(string message, Exception? inner = null) => new(DiagnosticCodes.MirrorVersionNotVouched, message, inner);
}
