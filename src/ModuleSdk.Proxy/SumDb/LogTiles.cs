using ModuleSdk.Diagnostics;
using ModuleSdk.SumDb;

namespace ModuleSdk.Proxy.SumDb;

/// <summary>
/// The stored tiles of the log as its writer sees them during one append: read from the
/// <see cref="ILogStore"/> on first use and cut to what the signed tree of size
/// <see cref="TreeSize"/> has (anything after that was written by an append that never
/// committed its tree head, and is overwritten), extended in memory, then written back by
/// <see cref="FlushAsync"/>. As an <see cref="IHashReader"/> it reads any stored hash from the
/// tile that holds it (the levels inside a tile are recomputed, <see cref="Tile.HashFromTile"/>).
/// </summary>
internal sealed class LogTiles(ILogStore store, long treeSize) : IHashReader
{
    private const int H = SumDbLog.Height;
    private readonly Dictionary<(int L, long N), byte[]> _hashTiles = [];
    private readonly Dictionary<long, List<byte[]>> _dataTiles = [];
    private readonly HashSet<(int L, long N)> _dirtyHashes = [];
    private readonly HashSet<long> _dirtyData = [];

    /// <summary>The size of the signed tree the stored tiles were cut to.</summary>
    public long TreeSize { get; } = treeSize;

    /// <summary>The blob name of hash tile N of level L (the full tile's path, whatever its width now).</summary>
    public static string HashTileName(int level, long n) => new Tile(H, level, n, 1 << H).Path;

    /// <summary>The blob name of data tile N.</summary>
    public static string DataTileName(long n) => new Tile(H, -1, n, 1 << H).Path;

    /// <summary>How many entries of tile N a level of <paramref name="levelSize"/> entries has (0 to 256).</summary>
    public static int Width(long levelSize, long n) => (int)Math.Clamp(levelSize - (n << H), 0, 1 << H);

    /// <summary>The number of stored hashes at tiling level <paramref name="level"/> of a tree of <paramref name="size"/> records.</summary>
    public static long LevelSize(long size, int level) => H * level >= 63 ? 0 : size >> (H * level);

    private async Task<byte[]> HashTileAsync(int level, long n, CancellationToken ct)
    {
        if (_hashTiles.TryGetValue((level, n), out var cached)) return cached;
        int width = Width(LevelSize(TreeSize, level), n);
        var data = await store.ReadAsync(HashTileName(level, n), ct).ConfigureAwait(false) ?? [];
        if (data.Length < width * LogHash.Size)
            throw SumDbLog.Corrupt($"{HashTileName(level, n)} has {data.Length / LogHash.Size} hashes, the signed tree of size {TreeSize} needs {width}");
        data = data[..(width * LogHash.Size)];
        _hashTiles[(level, n)] = data;
        return data;
    }

    private async Task<List<byte[]>> DataTileAsync(long n, CancellationToken ct)
    {
        if (_dataTiles.TryGetValue(n, out var cached)) return cached;
        int width = Width(TreeSize, n);
        var data = await store.ReadAsync(DataTileName(n), ct).ConfigureAwait(false) ?? [];
        var records = Tile.SplitDataTile(data).ToList();
        if (records.Count < width) throw SumDbLog.Corrupt($"{DataTileName(n)} has {records.Count} records, the signed tree of size {TreeSize} needs {width}");
        records.RemoveRange(width, records.Count - width);
        _dataTiles[n] = records;
        return records;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<LogHash>> ReadHashesAsync(IReadOnlyList<long> indexes, CancellationToken cancellationToken)
    {
        var result = new LogHash[indexes.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var t = Tile.ForIndex(H, indexes[i]);
            var data = await HashTileAsync(t.L, t.N, cancellationToken).ConfigureAwait(false);
            if (data.Length < t.W * LogHash.Size) throw SumDbLog.Corrupt($"stored hash {indexes[i]} is not in {t.Path}");
            result[i] = t.HashFromTile(data, indexes[i]);
        }
        return result;
    }

    /// <summary>Adds record <paramref name="id"/> (the next one) with its stored hashes (<see cref="Tlog.StoredHashesAsync"/>).</summary>
    public async Task AppendAsync(long id, byte[] text, IReadOnlyList<LogHash> hashes, CancellationToken ct)
    {
        var records = await DataTileAsync(id >> H, ct).ConfigureAwait(false);
        if (records.Count != (int)(id & ((1 << H) - 1))) throw new InvalidOperationException($"sumdb: record {id} is not the next in its data tile");
        records.Add(text);
        _dirtyData.Add(id >> H);
        // hashes[k] is the level-k hash completed by this record, at position id >> k of its
        // level; the tiles hold the levels that are multiples of the tile height.
        for (int k = 0; k < hashes.Count; k += H)
        {
            int level = k / H;
            long pos = id >> k;
            long n = pos >> H;
            var tile = await HashTileAsync(level, n, ct).ConfigureAwait(false);
            if (tile.Length != (int)(pos & ((1 << H) - 1)) * LogHash.Size)
                throw new InvalidOperationException($"sumdb: hash {k} of record {id} is not the next in its tile");
            _hashTiles[(level, n)] = [.. tile, .. hashes[k].Bytes];
            _dirtyHashes.Add((level, n));
        }
    }

    /// <summary>Writes every tile changed since loading.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        foreach (long n in _dirtyData)
            await store.WriteAsync(DataTileName(n), Tile.FormatDataTile(_dataTiles[n]), ct).ConfigureAwait(false);
        foreach (var key in _dirtyHashes)
            await store.WriteAsync(HashTileName(key.L, key.N), _hashTiles[key], ct).ConfigureAwait(false);
        _dirtyData.Clear();
        _dirtyHashes.Clear();
    }

    /// <summary>Record <paramref name="id"/>'s text, from its data tile.</summary>
    public async Task<byte[]> RecordAsync(long id, CancellationToken ct)
    {
        var records = await DataTileAsync(id >> H, ct).ConfigureAwait(false);
        int i = (int)(id & ((1 << H) - 1));
        return i < records.Count ? records[i] : throw SumDbLog.Corrupt($"record {id} is missing");
    }
}
