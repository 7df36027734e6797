using ModuleSdk.SumDb;

namespace ModuleSdk.Trust;

/// <summary>
/// Where a <see cref="SumDbClient"/> keeps what it has verified (Go's <c>sumdb.ClientOps</c>
/// config and cache): the latest signed tree head, the tiles proven against a signed tree, and
/// the lookup answers already proven. The folder under the module cache is the default
/// (<see cref="SumDbFolderStore"/>); a proxy's mirror keeps its timeline in its storage backend,
/// shared by its instances. Only the latest tree is a timeline: it must be replaced atomically
/// (<see cref="TryReplaceLatestAsync"/>), so that concurrent clients extend one history. Tiles and
/// lookups are caches: a store may forget them. Implementations are thread-safe.
/// </summary>
public interface ISumDbStore
{
    /// <summary>Where the latest tree is kept, for messages (a fork's evidence).</summary>
    string LatestLocation { get; }

    /// <summary>The latest signed tree head stored, or null before any.</summary>
    ValueTask<byte[]?> ReadLatestAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the stored head with <paramref name="note"/> when it is still
    /// <paramref name="expected"/> (null: none), atomically against every other writer of the
    /// store; false when another writer replaced it first (the caller checks the new head against
    /// its own and tries again).
    /// </summary>
    ValueTask<bool> TryReplaceLatestAsync(byte[]? expected, byte[] note, CancellationToken cancellationToken);

    /// <summary>A tile saved before, or null.</summary>
    ValueTask<byte[]?> ReadTileAsync(Tile tile, CancellationToken cancellationToken);

    /// <summary>Keeps a tile already proven against a signed tree (it can no longer be wrong for that tree).</summary>
    void SaveTile(Tile tile, byte[] data);

    /// <summary>A lookup answer saved before (<paramref name="key"/> is <c>escaped-path@escaped-version</c>), or null.</summary>
    ValueTask<byte[]?> ReadLookupAsync(string key, CancellationToken cancellationToken);

    /// <summary>Keeps a lookup answer whose record was proven.</summary>
    void SaveLookup(string key, byte[] data);
}
