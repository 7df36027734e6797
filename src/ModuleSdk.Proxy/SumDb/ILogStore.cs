namespace ModuleSdk.Proxy.SumDb;

/// <summary>
/// Where the checksum database keeps its log: small named blobs (<c>latest</c>,
/// <c>tile/8/…</c>, <c>lookup/…</c>; docs/design.md, "The checksum database") in the proxy's
/// storage backend, under <c>sumdb/&lt;name&gt;/</c>. A write replaces a blob whole (readers see
/// the old content or the new, never a mix). Only the log's single writer writes
/// (<see cref="SumDbLog"/>); readers may run anywhere at any time.
/// </summary>
public interface ILogStore
{
    /// <summary>The backend's name (<c>disk</c>, <c>memory</c>, <c>azureblob</c>).</summary>
    string Kind { get; }

    /// <summary>The blob's content, or null when there is none.</summary>
    Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken);

    /// <summary>Replaces the blob's content whole; throws MOD6503 when the write fails.</summary>
    Task WriteAsync(string name, byte[] data, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the backend's own writer lock, when it has one, for one append; null when the
    /// backend relies on the proxy's single flight alone. <c>disk</c> takes a lock file, so
    /// processes sharing one folder without Redis still append one at a time.
    /// </summary>
    Task<IDisposable?> LockWriterAsync(CancellationToken cancellationToken);
}
