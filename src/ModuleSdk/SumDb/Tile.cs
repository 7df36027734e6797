using System.Globalization;
using System.Text;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.SumDb;

/// <summary>
/// A tile of the log (Go's <c>tlog.Tile</c>): the hashes of a tree level band published as one
/// file. A tile of height <see cref="H"/> at level <see cref="L"/> holds the stored hashes of tree
/// level <c>L*H</c> at positions <c>N*2^H</c> to <c>N*2^H + W - 1</c>, 32 bytes each; the levels
/// inside the band are recomputed from them (<see cref="HashFromTile"/>). Level -1 is the data
/// tile: the records themselves (<c>tile/H/data/N</c>). A tile with <c>W &lt; 2^H</c> is partial
/// (<c>.p/W</c>). The checksum database uses height 8.
/// </summary>
/// <param name="H">The height (1 to 30).</param>
/// <param name="L">The level in the tiling (-1 for data tiles, 0 to 63).</param>
/// <param name="N">The tile's number within its level.</param>
/// <param name="W">The width: how many hashes (or records) it holds, 1 to 2^H.</param>
public readonly record struct Tile(int H, int L, long N, int W)
{
    /// <summary>The tile height the checksum database protocol uses.</summary>
    public const int DefaultHeight = 8;

    private const int PathBase = 1000;

    /// <summary>Reports whether the tile is full (<c>W == 2^H</c>).</summary>
    public bool IsFull => W == 1 << H;

    /// <summary>
    /// The tile's path: <c>tile/H/L/NNN[.p/W]</c>, where N is written in groups of three digits,
    /// every group but the last prefixed with <c>x</c> (<c>x001/x234/067</c>), and L is <c>data</c>
    /// for level -1.
    /// </summary>
    public string Path
    {
        get
        {
            long n = N;
            string nStr = (n % PathBase).ToString("D3", CultureInfo.InvariantCulture);
            while (n >= PathBase)
            {
                n /= PathBase;
                nStr = "x" + (n % PathBase).ToString("D3", CultureInfo.InvariantCulture) + "/" + nStr;
            }
            string p = IsFull ? "" : ".p/" + W.ToString(CultureInfo.InvariantCulture);
            string l = L == -1 ? "data" : L.ToString(CultureInfo.InvariantCulture);
            return $"tile/{H.ToString(CultureInfo.InvariantCulture)}/{l}/{nStr}{p}";
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Path;

    /// <summary>Parses a tile path (<see cref="Path"/>); throws MOD6608 for anything else.</summary>
    public static Tile Parse(string path) =>
        TryParse(path, out var t) ? t : throw new ModuleException(DiagnosticCodes.SumDbTileInvalid, $"malformed tile path \"{path}\"");

    /// <summary>
    /// Reports whether <paramref name="path"/> is a tile path in its one canonical spelling (the
    /// round trip through <see cref="Path"/> gives it back, as Go requires).
    /// </summary>
    public static bool TryParse(string path, out Tile tile)
    {
        tile = default;
        var f = path.Split('/').ToList();
        if (f.Count < 4 || f[0] != "tile") return false;
        if (!TryInt(f[1], out int h)) return false;
        bool isData = f[2] == "data";
        int l = 0;
        if (!isData && !TryInt(f[2], out l)) return false;
        if (h < 1 || h > 30 || l < 0) return false;
        int w = 1 << h;
        string dotP = f[^2];
        if (dotP.EndsWith(".p", StringComparison.Ordinal))
        {
            if (!TryInt(f[^1], out int ww) || ww <= 0 || ww >= w) return false;
            w = ww;
            f[^2] = dotP[..^2];
            f.RemoveAt(f.Count - 1);
        }
        long n = 0;
        for (int i = 3; i < f.Count; i++)
        {
            string s = f[i].StartsWith('x') ? f[i][1..] : f[i];
            if (!TryInt(s, out int nn) || nn < 0 || nn >= PathBase) return false;
            if (n > (long.MaxValue - nn) / PathBase) return false;
            n = n * PathBase + nn;
        }
        var t = new Tile(h, isData ? -1 : l, n, w);
        if (t.Path != path) return false;
        tile = t;
        return true;
    }

    private static bool TryInt(string s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>The smallest tile of height <paramref name="h"/> that holds the stored hash at <paramref name="index"/>.</summary>
    public static Tile ForIndex(int h, long index) => ForIndex(h, index, out _, out _);

    // Also returns the byte range of the tile's data from which the hash is computed.
    private static Tile ForIndex(int h, long index, out int start, out int end)
    {
        if (h <= 0) throw new ArgumentOutOfRangeException(nameof(h));
        var (level, n) = Tlog.SplitStoredHashIndex(index);
        int l = level / h;
        level -= l * h; // the level within the tile
        long tn = n << level >> h;
        n -= tn << h >> level; // the position within the tile at that level
        int w = (int)((n + 1) << level);
        start = (int)(n << level) * LogHash.Size;
        end = (int)((n + 1) << level) * LogHash.Size;
        return new Tile(h, l, tn, w);
    }

    /// <summary>
    /// The stored hash at <paramref name="index"/> computed from this tile's <paramref name="data"/>;
    /// throws MOD6608 when the data is too short or the index is not in this tile.
    /// </summary>
    public LogHash HashFromTile(ReadOnlySpan<byte> data, long index)
    {
        if (H < 1 || H > 30 || L < 0 || L >= 64 || W < 1 || W > 1 << H)
            throw new ModuleException(DiagnosticCodes.SumDbTileInvalid, $"invalid tile {Path}");
        if (data.Length < W * LogHash.Size)
            throw new ModuleException(DiagnosticCodes.SumDbTileInvalid, $"data length {data.Length} too short for tile {Path}");
        var t1 = ForIndex(H, index, out int start, out int end);
        if (L != t1.L || N != t1.N || W < t1.W)
            throw new ModuleException(DiagnosticCodes.SumDbTileInvalid, $"index {index} is in {t1.Path} not {Path}");
        return SpanHash(data[start..end]);
    }

    /// <summary>The hash of the complete subtree whose leaves (at this band's bottom level) are <paramref name="data"/>.</summary>
    internal static LogHash SpanHash(ReadOnlySpan<byte> data)
    {
        if (data.Length == LogHash.Size) return new LogHash(data);
        int half = data.Length / 2;
        return Tlog.NodeHash(SpanHash(data[..half]), SpanHash(data[half..]));
    }

    /// <summary>
    /// The tiles of height <paramref name="h"/> that a log growing from
    /// <paramref name="oldTreeSize"/> to <paramref name="newTreeSize"/> records must (re)publish.
    /// </summary>
    public static IReadOnlyList<Tile> NewTiles(int h, long oldTreeSize, long newTreeSize)
    {
        if (h <= 0) throw new ArgumentOutOfRangeException(nameof(h));
        var tiles = new List<Tile>();
        for (int level = 0; (newTreeSize >> (h * level)) > 0; level++)
        {
            long oldN = oldTreeSize >> (h * level);
            long newN = newTreeSize >> (h * level);
            if (oldN == newN) continue;
            for (long n = oldN >> h; n < newN >> h; n++) tiles.Add(new Tile(h, level, n, 1 << h));
            long last = newN >> h;
            int w = (int)(newN - (last << h));
            if (w > 0) tiles.Add(new Tile(h, level, last, w));
        }
        return tiles;
    }

    /// <summary>The content of this (hash) tile: its W hashes, read through <paramref name="reader"/>.</summary>
    public async ValueTask<byte[]> ReadTileDataAsync(IHashReader reader, CancellationToken cancellationToken)
    {
        if (L < 0) throw new ArgumentException("a data tile holds records, not hashes");
        long start = N << H;
        var indexes = new long[W];
        for (int i = 0; i < W; i++) indexes[i] = Tlog.StoredHashIndex(H * L, start + i);
        var hashes = await Tlog.ReadExactlyAsync(reader, indexes, cancellationToken).ConfigureAwait(false);
        var data = new byte[W * LogHash.Size];
        for (int i = 0; i < W; i++) hashes[i].Bytes.CopyTo(data.AsSpan(i * LogHash.Size));
        return data;
    }

    /// <summary>
    /// The tile one or more levels up (<paramref name="k"/> levels) that covers this tile, cut to
    /// what a tree of <paramref name="treeSize"/> records has; null when that tree has none of it.
    /// </summary>
    public Tile? Parent(int k, long treeSize)
    {
        int l = L + k;
        long n = N >> (k * H);
        int w = 1 << H;
        long max = treeSize >> (l * H);
        if ((n << H) + w >= max)
        {
            if ((n << H) >= max) return null;
            w = (int)(max - (n << H));
        }
        return new Tile(H, l, n, w);
    }

    /// <summary>Splits a data tile's content into its records (each ends with a newline, a blank line after each).</summary>
    public static IReadOnlyList<byte[]> SplitDataTile(ReadOnlySpan<byte> data)
    {
        var records = new List<byte[]>();
        while (data.Length > 0)
        {
            int i = data.IndexOf("\n\n"u8);
            if (i < 0) throw new ModuleException(DiagnosticCodes.SumDbTileInvalid, "malformed data tile: a record without its blank line");
            records.Add(data[..(i + 1)].ToArray());
            data = data[(i + 2)..];
        }
        return records;
    }

    /// <summary>A data tile's content: each record followed by a blank line, as Go's server writes it.</summary>
    public static byte[] FormatDataTile(IEnumerable<byte[]> records)
    {
        var buffer = new MemoryStream();
        foreach (var r in records)
        {
            buffer.Write(r);
            buffer.WriteByte((byte)'\n');
        }
        return buffer.ToArray();
    }

    internal static string Describe(IEnumerable<Tile> tiles) => new StringBuilder().AppendJoin(", ", tiles.Select(t => t.Path)).ToString();
}
