using System.Collections.Concurrent;
using ModuleSdk.Diagnostics;
using ModuleSdk.SumDb;

namespace ModuleSdk.Trust;

/// <summary>
/// The client's <see cref="ITileReader"/> (Go's <c>sumdb.Client</c> tile reader): a tile comes
/// from the client's store (<see cref="ISumDbStore"/>, where only tiles already proven against a
/// signed tree are ever saved), else the prefix of the stored full tile, else the server, else the
/// prefix of the server's full tile (a partial tile the server no longer has because the tile
/// filled up). <see cref="TileHashReader"/> proves what it reads before <see cref="SaveTiles"/>
/// keeps it. Concurrent reads of one tile share one request. Without a store every tile comes
/// from the server (an audit checks what the server serves now).
/// </summary>
public sealed class SumDbTileReader(SumDbTransport transport, ISumDbStore? store) : ITileReader
{
    private readonly ConcurrentDictionary<Tile, Lazy<Task<byte[]>>> _reads = new();
    private readonly ConcurrentDictionary<Tile, bool> _saved = new();
    private readonly ConcurrentDictionary<(int H, int L, long N), int> _widths = new();

    /// <inheritdoc/>
    public int Height => Tile.DefaultHeight;

    /// <summary>How many tiles came from the server (for the audit's report and the benchmark).</summary>
    public int RemoteReads => _remote;
    private int _remote;

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<byte[]>> ReadTilesAsync(IReadOnlyList<Tile> tiles, CancellationToken cancellationToken)
    {
        var tasks = tiles.Select(t => _reads.GetOrAdd(t, tile => new Lazy<Task<byte[]>>(() => ReadAsync(tile, cancellationToken))).Value).ToList();
        try
        {
            var data = await Task.WhenAll(tasks).ConfigureAwait(false);
            Forget(tiles);
            return data;
        }
        catch
        {
            // A failed read is not remembered: the next lookup tries again.
            foreach (var t in tiles) if (_reads.TryGetValue(t, out var l) && l.IsValueCreated && l.Value.IsFaulted) _reads.TryRemove(t, out _);
            throw;
        }
    }

    // A tile read is remembered (one request however many lookups need it), but a partial tile
    // only until a wider one of the same position is read: a long-lived client (a mirror) would
    // otherwise keep every width the log's right edge ever had.
    private void Forget(IReadOnlyList<Tile> tiles)
    {
        foreach (var t in tiles)
        {
            var at = (t.H, t.L, t.N);
            int before = _widths.GetOrAdd(at, t.W);
            if (before >= t.W) continue;
            _widths[at] = t.W;
            _reads.TryRemove(t with { W = before }, out _);
            _saved.TryRemove(t with { W = before }, out _);
        }
    }

    /// <inheritdoc/>
    public void SaveTiles(IReadOnlyList<Tile> tiles, IReadOnlyList<byte[]> data)
    {
        if (store is null) return;
        for (int i = 0; i < tiles.Count; i++)
            if (_saved.TryAdd(tiles[i], true)) store.SaveTile(tiles[i], data[i]);
    }

    private async Task<byte[]> ReadAsync(Tile tile, CancellationToken cancellationToken)
    {
        if (store is not null)
        {
            if (await store.ReadTileAsync(tile, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                _saved.TryAdd(tile, true);
                return cached;
            }
            var fullTile = tile with { W = 1 << tile.H };
            if (tile != fullTile && await store.ReadTileAsync(fullTile, cancellationToken).ConfigureAwait(false) is { } cachedFull
                && (tile.L == -1 || cachedFull.Length == fullTile.W * LogHash.Size))
            {
                try
                {
                    byte[] prefix = PrefixOf(tile, cachedFull);
                    _saved.TryAdd(tile, true);
                    return prefix;
                }
                catch (ModuleException)
                {
                    // A cached data tile that cannot be cut is read again from the server.
                }
            }
        }
        var full = tile with { W = 1 << tile.H };
        try
        {
            Interlocked.Increment(ref _remote);
            return await transport.GetAsync(tile.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (SumDbTransport.NotFound) when (tile != full)
        {
            try
            {
                return PrefixOf(tile, await transport.GetAsync(full.Path, cancellationToken).ConfigureAwait(false));
            }
            catch (SumDbTransport.NotFound e)
            {
                throw Missing(e);
            }
        }
        catch (SumDbTransport.NotFound e)
        {
            throw Missing(e);
        }
    }

    // The partial tile's content within the full tile's: the first W hashes, or for a data tile
    // the first W records (whatever it gives is checked by the caller, as a tile read directly is).
    private static byte[] PrefixOf(Tile tile, byte[] full)
    {
        if (tile.L == -1) return DataTiles.Prefix(tile, full);
        return full.Length >= tile.W * LogHash.Size ? full[..(tile.W * LogHash.Size)] : full;
    }

    // A tile the signed tree implies is missing: the server cannot answer (not "the log does not know").
    private static ModuleException Missing(SumDbTransport.NotFound e) => new(DiagnosticCodes.SumDbUnreachable, e.Message);
}
