namespace ModuleSdk.SumDb;

/// <summary>
/// Reads tiles of a log (Go's <c>tlog.TileReader</c>): over HTTP from a checksum database, from a
/// local tile cache, or from the server's storage. Used by <see cref="TileHashReader"/>, which
/// checks what it reads against a signed tree before anything is believed.
/// </summary>
public interface ITileReader
{
    /// <summary>The tile height (8 for the checksum database).</summary>
    int Height { get; }

    /// <summary>
    /// Returns the content of each tile, in order: exactly <c>W * 32</c> bytes per hash tile.
    /// Throws when a tile cannot be read.
    /// </summary>
    ValueTask<IReadOnlyList<byte[]>> ReadTilesAsync(IReadOnlyList<Tile> tiles, CancellationToken cancellationToken);

    /// <summary>
    /// Called with tiles that were read and checked against the signed tree: a reader that
    /// caches may keep them now (they can no longer be wrong for this tree).
    /// </summary>
    void SaveTiles(IReadOnlyList<Tile> tiles, IReadOnlyList<byte[]> data);
}
