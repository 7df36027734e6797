namespace ModuleSdk.SumDb;

/// <summary>
/// Reads stored hashes of a log by their stored-hash index (<see cref="Tlog.StoredHashIndex"/>),
/// Go's <c>tlog.HashReader</c>: from memory, from the server's storage, or from tiles fetched and
/// checked against a signed tree (<see cref="TileHashReader"/>). Asynchronous because the hashes
/// usually live behind storage or HTTP.
/// </summary>
public interface IHashReader
{
    /// <summary>
    /// Returns the hashes at <paramref name="indexes"/>, in the same order, one per index; throws
    /// (a <see cref="Diagnostics.ModuleException"/>) when one cannot be read.
    /// </summary>
    ValueTask<IReadOnlyList<LogHash>> ReadHashesAsync(IReadOnlyList<long> indexes, CancellationToken cancellationToken);
}

/// <summary>An <see cref="IHashReader"/> over a delegate (tests, in-memory logs).</summary>
public sealed class HashReader(Func<IReadOnlyList<long>, IReadOnlyList<LogHash>> read) : IHashReader
{
    /// <summary>A reader over a list of all stored hashes, indexed by stored-hash index.</summary>
    public static HashReader Of(IReadOnlyList<LogHash> stored) => new(indexes =>
    {
        var result = new LogHash[indexes.Count];
        for (int i = 0; i < result.Length; i++)
        {
            long x = indexes[i];
            if (x < 0 || x >= stored.Count)
                throw new Diagnostics.ModuleException(Diagnostics.DiagnosticCodes.SumDbLogCorrupt,
                    $"stored hash {x} is not in the log ({stored.Count} stored hashes)");
            result[i] = stored[(int)x];
        }
        return result;
    });

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<LogHash>> ReadHashesAsync(IReadOnlyList<long> indexes, CancellationToken cancellationToken) =>
        ValueTask.FromResult(read(indexes));
}
