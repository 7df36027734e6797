using ModuleSdk.IO;
using ModuleSdk.SumDb;

namespace ModuleSdk.Trust;

/// <summary>
/// The client's default <see cref="ISumDbStore"/>, laid out as the go command's
/// <c>pkg/mod/cache/download/sumdb/&lt;name&gt;/</c>: <c>latest</c> (replaced under
/// <c>latest.lock</c>, so processes sharing the cache extend one timeline), <c>tile/…</c> and
/// <c>lookup/…</c>. A tile or lookup file that cannot be read or written is treated as absent
/// (as Go: it is downloaded again); only the latest tree's replacement reports failures.
/// </summary>
public sealed class SumDbFolderStore(string directory) : ISumDbStore
{
    /// <summary>The store of database <paramref name="name"/> under the module cache <paramref name="cacheRoot"/>.</summary>
    public static SumDbFolderStore ForCache(string cacheRoot, string name) =>
        new(Path.Combine(cacheRoot, "cache", "download", "sumdb", name.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>The database's folder.</summary>
    public string Directory { get; } = directory;

    /// <summary>The file holding the latest signed tree head.</summary>
    public string LatestFile => Path.Combine(Directory, "latest");

    /// <inheritdoc/>
    public string LatestLocation => LatestFile;

    /// <inheritdoc/>
    public ValueTask<byte[]?> ReadLatestAsync(CancellationToken cancellationToken) => ValueTask.FromResult(ReadFile(LatestFile));

    /// <inheritdoc/>
    public async ValueTask<bool> TryReplaceLatestAsync(byte[]? expected, byte[] note, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        using var held = await FileLock.AcquireAsync(LatestFile + ".lock", TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
        var stored = ReadFile(LatestFile);
        if (!(stored ?? []).AsSpan().SequenceEqual(expected ?? [])) return false;
        AtomicFile.WriteAllBytes(LatestFile, note);
        return true;
    }

    /// <inheritdoc/>
    public ValueTask<byte[]?> ReadTileAsync(Tile tile, CancellationToken cancellationToken) => ValueTask.FromResult(ReadFile(TileFile(tile)));

    /// <inheritdoc/>
    public void SaveTile(Tile tile, byte[] data)
    {
        string file = TileFile(tile);
        if (!File.Exists(file)) WriteFile(file, data);
    }

    /// <inheritdoc/>
    public ValueTask<byte[]?> ReadLookupAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult(ReadFile(LookupFile(key)));

    /// <inheritdoc/>
    public void SaveLookup(string key, byte[] data) => WriteFile(LookupFile(key), data);

    private string TileFile(Tile tile) => Path.Combine(Directory, tile.Path.Replace('/', Path.DirectorySeparatorChar));

    private string LookupFile(string key) => Path.Combine(Directory, "lookup", key.Replace('/', Path.DirectorySeparatorChar));

    private static byte[]? ReadFile(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadAllBytes(file) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void WriteFile(string file, byte[] data)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            AtomicFile.WriteAllBytes(file, data, durable: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A tile or lookup that cannot be cached is asked again next time.
        }
    }
}
