namespace ModuleSdk.Proxy.Storage;

/// <summary>One stored file opened for reading: its content, streamed, and its length.</summary>
public sealed class StoredFile(Stream content, long length) : IAsyncDisposable, IDisposable
{
    /// <summary>The content; read it once, from the start.</summary>
    public Stream Content { get; } = content;

    /// <summary>The length in bytes (the response's Content-Length).</summary>
    public long Length { get; } = length;

    /// <summary>Reads the whole (small) file.</summary>
    public async Task<byte[]> ReadAllAsync(CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream(checked((int)Length));
        await Content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Content.DisposeAsync();

    /// <inheritdoc/>
    public void Dispose() => Content.Dispose();
}
