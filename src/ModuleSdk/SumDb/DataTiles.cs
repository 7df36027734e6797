using ModuleSdk.Diagnostics;

namespace ModuleSdk.SumDb;

/// <summary>
/// Reading the log's data tiles (<c>tile/8/data/N[.p/W]</c>: the records themselves), shared by
/// <c>sumdb audit</c> and the client's bulk read: the data tiles of a tree, their records (exactly W
/// of them), and a partial data tile cut from the full one.
/// </summary>
public static class DataTiles
{
    /// <summary>
    /// The data tiles of a tree of <paramref name="treeSize"/> records, from tile number
    /// <paramref name="firstTile"/> on: full tiles of 256 records, the last one partial when the
    /// size is not a multiple of 256.
    /// </summary>
    public static List<Tile> Of(long treeSize, long firstTile)
    {
        var tiles = new List<Tile>();
        int full = 1 << Tile.DefaultHeight;
        for (long n = firstTile; n << Tile.DefaultHeight < treeSize; n++)
            tiles.Add(new Tile(Tile.DefaultHeight, -1, n, (int)Math.Min(full, treeSize - (n << Tile.DefaultHeight))));
        return tiles;
    }

    /// <summary>
    /// The records of <paramref name="dataTile"/>'s content <paramref name="data"/>: exactly W of
    /// them, each ending in a newline. Throws MOD6608 otherwise (the message does not name the
    /// tile: callers say where it came from).
    /// </summary>
    public static IReadOnlyList<byte[]> Split(Tile dataTile, ReadOnlySpan<byte> data)
    {
        if (dataTile.L != -1) throw new ArgumentException($"{dataTile.Path} is not a data tile", nameof(dataTile));
        var records = Tile.SplitDataTile(data);
        if (records.Count != dataTile.W)
            throw new ModuleException(DiagnosticCodes.SumDbTileInvalid, $"{records.Count} records, want {dataTile.W}");
        return records;
    }

    /// <summary>
    /// The content of partial <paramref name="dataTile"/> cut from the content of the full tile at
    /// its position (a server drops a partial tile once it fills up): its first W records. Throws
    /// MOD6608 when the full tile holds fewer.
    /// </summary>
    public static byte[] Prefix(Tile dataTile, ReadOnlySpan<byte> full)
    {
        var records = Tile.SplitDataTile(full);
        if (records.Count < dataTile.W)
            throw new ModuleException(DiagnosticCodes.SumDbTileInvalid, $"{records.Count} records, want at least {dataTile.W}");
        return Tile.FormatDataTile(records.Take(dataTile.W));
    }
}
