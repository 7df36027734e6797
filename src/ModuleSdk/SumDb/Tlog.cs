using System.Numerics;
using System.Security.Cryptography;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.SumDb;

/// <summary>
/// The transparency log's tree (Go's <c>sumdb/tlog</c>, RFC 6962): record hashes
/// <c>SHA-256(0x00 || data)</c>, node hashes <c>SHA-256(0x01 || left || right)</c>, and the
/// stored hashes of a log of N records laid out in one sequence: after record n's leaf hash come
/// the hashes of every complete subtree that record n completes, lowest level first. A log stores
/// only these (<see cref="StoredHashCount"/> of them); every tree hash and proof is computed from
/// them. Proofs are in <c>Tlog.Proofs.cs</c>.
/// </summary>
public static partial class Tlog
{
    /// <summary>The hash of a record: <c>SHA-256(0x00 || data)</c>.</summary>
    public static LogHash RecordHash(ReadOnlySpan<byte> data)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([0x00]);
        sha.AppendData(data);
        return new LogHash(sha.GetHashAndReset());
    }

    /// <summary>The hash of an interior node: <c>SHA-256(0x01 || left || right)</c>.</summary>
    public static LogHash NodeHash(LogHash left, LogHash right)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * LogHash.Size];
        buffer[0] = 0x01;
        left.Bytes.CopyTo(buffer[1..]);
        right.Bytes.CopyTo(buffer[(1 + LogHash.Size)..]);
        return new LogHash(SHA256.HashData(buffer));
    }

    /// <summary>
    /// The index in the stored-hash sequence of the hash at <paramref name="level"/> (0: records)
    /// and position <paramref name="n"/> within that level.
    /// </summary>
    public static long StoredHashIndex(int level, long n)
    {
        // The hash is stored right after the leftmost leaf under it, plus one per level above the
        // leaf: count the hashes stored for the leaves before that leaf, then add the level.
        for (int l = level; l > 0; l--) n = 2 * n + 1;
        long i = 0;
        for (; n > 0; n >>= 1) i += n;
        return i + level;
    }

    /// <summary>The inverse of <see cref="StoredHashIndex"/>: the level and position of a stored hash.</summary>
    public static (int Level, long N) SplitStoredHashIndex(long index)
    {
        // Estimate the leaf n from index/2 (a lower bound), then walk forward.
        long n = index / 2;
        long indexN = StoredHashIndex(0, n);
        if (indexN > index) throw new InvalidOperationException("tlog: bad math in SplitStoredHashIndex");
        while (true)
        {
            long x = indexN + 1 + BitOperations.TrailingZeroCount((ulong)(n + 1));
            if (x > index) break;
            n++;
            indexN = x;
        }
        int level = (int)(index - indexN);
        return (level, n >> level);
    }

    /// <summary>The number of stored hashes of a log of <paramref name="n"/> records.</summary>
    public static long StoredHashCount(long n)
    {
        if (n == 0) return 0;
        long count = StoredHashIndex(0, n - 1) + 1;
        for (ulong i = (ulong)(n - 1); (i & 1) != 0; i >>= 1) count++;
        return count;
    }

    /// <summary>
    /// The hashes to store when record <paramref name="n"/> (0-based) with <paramref name="data"/>
    /// is appended to a log of n records: its record hash, then one hash per subtree it completes.
    /// <paramref name="reader"/> gives the existing hashes it needs.
    /// </summary>
    public static ValueTask<IReadOnlyList<LogHash>> StoredHashesAsync(
        long n, ReadOnlyMemory<byte> data, IHashReader reader, CancellationToken cancellationToken) =>
        StoredHashesForRecordHashAsync(n, RecordHash(data.Span), reader, cancellationToken);

    /// <summary><see cref="StoredHashesAsync"/> given the record hash.</summary>
    public static async ValueTask<IReadOnlyList<LogHash>> StoredHashesForRecordHashAsync(
        long n, LogHash recordHash, IHashReader reader, CancellationToken cancellationToken)
    {
        var hashes = new List<LogHash> { recordHash };
        int m = BitOperations.TrailingZeroCount((ulong)(n + 1));
        var indexes = new long[m];
        for (int i = 0; i < m; i++) indexes[m - 1 - i] = StoredHashIndex(i, (n >> i) - 1);
        var old = await ReadExactlyAsync(reader, indexes, cancellationToken).ConfigureAwait(false);
        var h = recordHash;
        for (int i = 0; i < m; i++)
        {
            h = NodeHash(old[m - 1 - i], h);
            hashes.Add(h);
        }
        return hashes;
    }

    /// <summary>The hash of the tree of the first <paramref name="n"/> records.</summary>
    public static async ValueTask<LogHash> TreeHashAsync(long n, IHashReader reader, CancellationToken cancellationToken)
    {
        if (n == 0) return LogHash.Empty;
        var indexes = SubTreeIndex(0, n, []);
        var hashes = await ReadExactlyAsync(reader, indexes, cancellationToken).ConfigureAwait(false);
        var (hash, used) = SubTreeHash(0, n, hashes, 0);
        if (used != hashes.Count) throw new InvalidOperationException("tlog: bad index math in TreeHash");
        return hash;
    }

    /// <summary>The largest power of two below <paramref name="n"/> (n &gt; 1) and its log2.</summary>
    internal static (long K, int Level) MaxPow2(long n)
    {
        int l = 0;
        while ((1L << (l + 1)) < n) l++;
        return (1L << l, l);
    }

    /// <summary>The stored-hash indexes of the complete subtrees that make up records [lo, hi).</summary>
    internal static List<long> SubTreeIndex(long lo, long hi, List<long> need)
    {
        while (lo < hi)
        {
            var (k, level) = MaxPow2(hi - lo + 1);
            if ((lo & (k - 1)) != 0) throw new InvalidOperationException("tlog: bad math in SubTreeIndex");
            need.Add(StoredHashIndex(level, lo >> level));
            lo += k;
        }
        return need;
    }

    /// <summary>
    /// The hash of records [lo, hi) from the subtree hashes <see cref="SubTreeIndex"/> named,
    /// starting at <paramref name="start"/> in <paramref name="hashes"/>; returns the position after them.
    /// </summary>
    internal static (LogHash Hash, int Next) SubTreeHash(long lo, long hi, IReadOnlyList<LogHash> hashes, int start)
    {
        int count = 0;
        while (lo < hi)
        {
            var (k, _) = MaxPow2(hi - lo + 1);
            if ((lo & (k - 1)) != 0 || lo >= hi) throw new InvalidOperationException("tlog: bad math in SubTreeHash");
            count++;
            lo += k;
        }
        if (hashes.Count - start < count) throw new InvalidOperationException("tlog: bad index math in SubTreeHash");
        var h = hashes[start + count - 1];
        for (int i = count - 2; i >= 0; i--) h = NodeHash(hashes[start + i], h);
        return (h, start + count);
    }

    internal static async ValueTask<IReadOnlyList<LogHash>> ReadExactlyAsync(
        IHashReader reader, IReadOnlyList<long> indexes, CancellationToken cancellationToken)
    {
        if (indexes.Count == 0) return [];
        var hashes = await reader.ReadHashesAsync(indexes, cancellationToken).ConfigureAwait(false);
        if (hashes.Count != indexes.Count)
            throw new ModuleException(DiagnosticCodes.SumDbLogCorrupt, $"tlog: ReadHashes({indexes.Count} indexes) = {hashes.Count} hashes");
        return hashes;
    }
}
