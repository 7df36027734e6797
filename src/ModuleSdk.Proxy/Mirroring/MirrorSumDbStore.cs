using System.Collections.Concurrent;
using System.Globalization;
using ModuleSdk.Proxy.Index;
using ModuleSdk.SumDb;
using ModuleSdk.Trust;

namespace ModuleSdk.Proxy.Mirroring;

/// <summary>
/// A mirror's <see cref="ISumDbStore"/>: the latest tree of the origin's checksum database this
/// mirror verified is kept in the proxy's storage backend (the append log
/// <c>mirror-sumdb-tree</c>, one line <c>N hash base64(signed note)</c> per newer tree), so every
/// instance sharing the storage, and every restart, checks the origin against one timeline. A
/// head is replaced only while the log's last line is the one the client read (the append is
/// exclusive across instances). Lines <c>N hash</c> written by earlier versions, without the note,
/// still count as the timeline. Full tiles (which never change) are kept in memory; partial tiles
/// and lookups are not kept.
/// </summary>
public sealed class MirrorSumDbStore(IAppendLog log) : ISumDbStore
{
    /// <summary>The append log's name.</summary>
    public const string LogName = "mirror-sumdb-tree";

    private readonly ConcurrentDictionary<Tile, byte[]> _fullTiles = new();

    /// <inheritdoc/>
    public string LatestLocation => $"the mirror's storage ({LogName})";

    /// <inheritdoc/>
    public async ValueTask<byte[]?> ReadLatestAsync(CancellationToken cancellationToken) =>
        Latest(await log.ReadAsync(0, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public async ValueTask<bool> TryReplaceLatestAsync(byte[]? expected, byte[] note, CancellationToken cancellationToken)
    {
        // The client verified the note; the line also names its tree, for people reading the log.
        string text = System.Text.Encoding.UTF8.GetString(note);
        var tree = LogTree.Parse(text[..(text.LastIndexOf("\n\n", StringComparison.Ordinal) + 1)]);
        string line = tree.N.ToString(CultureInfo.InvariantCulture) + " " + tree.Hash + " " + Convert.ToBase64String(note);
        var appended = await log.AppendAsync(all => (Latest(all) ?? []).AsSpan().SequenceEqual(expected ?? []) ? line : null,
            cancellationToken).ConfigureAwait(false);
        return appended is not null;
    }

    /// <inheritdoc/>
    public ValueTask<byte[]?> ReadTileAsync(Tile tile, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_fullTiles.GetValueOrDefault(tile));

    /// <inheritdoc/>
    public void SaveTile(Tile tile, byte[] data)
    {
        if (tile.IsFull) _fullTiles.TryAdd(tile, data);
    }

    /// <inheritdoc/>
    public ValueTask<byte[]?> ReadLookupAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult<byte[]?>(null);

    /// <inheritdoc/>
    public void SaveLookup(string key, byte[] data)
    {
    }

    private static byte[]? Latest(IReadOnlyList<string> lines)
    {
        for (int i = lines.Count - 1; i >= 0; i--)
        {
            var parts = lines[i].Split(' ');
            if (parts.Length == 3)
            {
                try
                {
                    return Convert.FromBase64String(parts[2]);
                }
                catch (FormatException)
                {
                }
            }
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long n)
                && LogHash.TryParse(parts[1], out var h))
                return LegacyNote(new LogTree(n, h));
        }
        return null;
    }

    // An earlier mirror kept the tree without its note: the client reads it as a head no
    // configured key signed, which it keeps as its own record of the timeline (the next signed
    // head must contain it).
    private static byte[] LegacyNote(LogTree tree) =>
        System.Text.Encoding.UTF8.GetBytes(tree.Format() + "\n— mirror-record AAAAAAAA\n");
}
