using ModuleSdk.Diagnostics;

namespace ModuleSdk.SumDb;

/// <summary>
/// An <see cref="IHashReader"/> over tiles (Go's <c>tlog.TileHashReader</c>) that believes no
/// tile until it is proven part of <see cref="Tree"/>: the tiles on the tree's right edge must
/// hash to the signed tree hash, and every other tile must hash to the hash its parent tile
/// holds for it. A tile that fails is "downloaded inconsistent tile" (MOD6608): a server
/// serving a tree other than the one it signed.
/// </summary>
public sealed class TileHashReader(LogTree tree, ITileReader tiles) : IHashReader
{
    /// <summary>The signed tree every hash is checked against.</summary>
    public LogTree Tree { get; } = tree;

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<LogHash>> ReadHashesAsync(IReadOnlyList<long> indexes, CancellationToken cancellationToken)
    {
        if (indexes.Count == 0) return [];
        int h = tiles.Height;
        var order = new Dictionary<Tile, int>();
        var list = new List<Tile>();

        // The tiles that hold the tree's right edge (the subtree hashes of TreeHash) come first:
        // together they prove themselves against the signed tree hash.
        var stx = Tlog.SubTreeIndex(0, Tree.N, []);
        var stxOrder = new int[stx.Count];
        for (int i = 0; i < stx.Count; i++)
        {
            var tile = Tile.ForIndex(h, stx[i]).Parent(0, Tree.N)!.Value;
            if (!order.TryGetValue(tile, out int j))
            {
                j = list.Count;
                order[tile] = j;
                list.Add(tile);
            }
            stxOrder[i] = j;
        }

        // The right edge's hashes often share tiles (stx has more entries than distinct tiles):
        // every tile listed after these is checked against its parent. (Go's tlog starts that
        // check at len(stx) instead, which skips the first tiles added below whenever edge
        // tiles were shared, and so believes them unchecked; this reader does not.)
        int edgeTiles = list.Count;

        // Then, for every index, its tile and the chain of parents up to one already listed:
        // each of those is proven by its parent.
        var indexOrder = new int[indexes.Count];
        long limit = Tlog.StoredHashIndex(0, Tree.N);
        for (int i = 0; i < indexes.Count; i++)
        {
            long x = indexes[i];
            if (x < 0 || x >= limit) throw new ModuleException(DiagnosticCodes.SumDbTileInvalid, $"stored hash {x} is not in the tree of size {Tree.N}");
            var tile = Tile.ForIndex(h, x);
            int k = 0;
            for (; ; k++)
            {
                var p = tile.Parent(k, Tree.N);
                if (p is { } pt && order.TryGetValue(pt, out int j))
                {
                    if (k == 0) indexOrder[i] = j;
                    break;
                }
            }
            for (k--; k >= 0; k--)
            {
                var p = tile.Parent(k, Tree.N)!.Value;
                if (!p.IsFull) throw new InvalidOperationException($"bad math in TileHashReader: {Tree.N} {x} {p}");
                order[p] = list.Count;
                if (k == 0) indexOrder[i] = list.Count;
                list.Add(p);
            }
        }

        var data = await tiles.ReadTilesAsync(list, cancellationToken).ConfigureAwait(false);
        if (data.Count != list.Count)
            throw new ModuleException(DiagnosticCodes.SumDbTileInvalid, $"the tile reader returned {data.Count} tiles, want {list.Count}");
        for (int i = 0; i < list.Count; i++)
            if (data[i].Length != list[i].W * LogHash.Size)
                throw new ModuleException(DiagnosticCodes.SumDbTileInvalid, $"tile {list[i].Path} has {data[i].Length} bytes, want {list[i].W * LogHash.Size}");

        // Check the right edge against the signed tree hash.
        var th = list[stxOrder[^1]].HashFromTile(data[stxOrder[^1]], stx[^1]);
        for (int i = stx.Count - 2; i >= 0; i--)
            th = Tlog.NodeHash(list[stxOrder[i]].HashFromTile(data[stxOrder[i]], stx[i]), th);
        if (th != Tree.Hash) throw Inconsistent();

        // Check every other tile against its parent.
        for (int i = edgeTiles; i < list.Count; i++)
        {
            var tile = list[i];
            var parent = tile.Parent(1, Tree.N);
            if (parent is not { } p || !order.TryGetValue(p, out int j))
                throw new InvalidOperationException($"bad math in TileHashReader {Tree.N}: lost parent of {tile}");
            var expected = p.HashFromTile(data[j], Tlog.StoredHashIndex(p.L * p.H, tile.N));
            if (expected != Tile.SpanHash(data[i])) throw Inconsistent();
        }

        tiles.SaveTiles(list, data);

        var hashes = new LogHash[indexes.Count];
        for (int i = 0; i < indexes.Count; i++)
            hashes[i] = list[indexOrder[i]].HashFromTile(data[indexOrder[i]], indexes[i]);
        return hashes;
    }

    private static ModuleException Inconsistent() =>
        new(DiagnosticCodes.SumDbTileInvalid, "downloaded inconsistent tile: the tiles do not match the signed tree");
}
