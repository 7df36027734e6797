using System.Collections.Concurrent;
using ModuleSdk.IO;
using ModuleSdk.SumDb;

namespace ModuleSdk.Trust;

/// <summary>
/// The client's <see cref="ITileReader"/> (Go's <c>sumdb.Client</c> tile reader): a tile comes
/// from the on-disk cache (<c>MODCACHE/cache/download/sumdb/&lt;name&gt;/tile/...</c>, where only
/// tiles already proven against a signed tree are ever written), else the prefix of the cached
/// full tile, else the server, else the prefix of the server's full tile (a partial tile the
/// server no longer has because the tile filled up). <see cref="TileHashReader"/> proves what it
/// reads before <see cref="SaveTiles"/> caches it. Without a cache directory every tile comes
/// from the server (an audit checks what the server serves now).
/// </summary>
public sealed class SumDbTileReader(SumDbTransport transport, string? cacheDirectory) : ITileReader
{
    private readonly ConcurrentDictionary<Tile, Lazy<Task<byte[]>>> _reads = new();
    private readonly ConcurrentDictionary<Tile, bool> _saved = new();

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
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch
        {
            // A failed read is not remembered: the next lookup tries again.
            foreach (var t in tiles) if (_reads.TryGetValue(t, out var l) && l.IsValueCreated && l.Value.IsFaulted) _reads.TryRemove(t, out _);
            throw;
        }
    }

    /// <inheritdoc/>
    public void SaveTiles(IReadOnlyList<Tile> tiles, IReadOnlyList<byte[]> data)
    {
        for (int i = 0; i < tiles.Count; i++)
        {
            if (cacheDirectory is null || !_saved.TryAdd(tiles[i], true)) continue;
            try
            {
                string file = CacheFile(tiles[i]);
                if (File.Exists(file)) continue;
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                AtomicFile.WriteAllBytes(file, data[i], durable: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // As Go: a tile that cannot be cached is downloaded again next time.
            }
        }
    }

    private string CacheFile(Tile tile) => Path.Combine(cacheDirectory!, tile.Path.Replace('/', Path.DirectorySeparatorChar));

    private async Task<byte[]> ReadAsync(Tile tile, CancellationToken cancellationToken)
    {
        if (ReadCache(tile) is { } cached)
        {
            _saved.TryAdd(tile, true);
            return cached;
        }
        var full = tile with { W = 1 << tile.H };
        if (tile != full && ReadCache(full) is { } cachedFull && cachedFull.Length == full.W * LogHash.Size)
        {
            _saved.TryAdd(tile, true);
            return cachedFull[..(tile.W * LogHash.Size)];
        }
        try
        {
            Interlocked.Increment(ref _remote);
            return await transport.GetAsync(tile.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (SumDbTransport.NotFound) when (tile != full)
        {
            var data = await transport.GetAsync(full.Path, cancellationToken).ConfigureAwait(false);
            return data.Length >= tile.W * LogHash.Size ? data[..(tile.W * LogHash.Size)] : data;
        }
    }

    private byte[]? ReadCache(Tile tile)
    {
        if (cacheDirectory is null) return null;
        try
        {
            string file = CacheFile(tile);
            return File.Exists(file) ? File.ReadAllBytes(file) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
