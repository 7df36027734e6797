using System.Collections.Concurrent;

namespace ModuleSdk.Proxy.SumDb;

/// <summary>The log in process memory, beside <see cref="Storage.MemoryStorage"/>: gone when the process ends.</summary>
public sealed class MemoryLogStore : ILogStore
{
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public string Kind => "memory";

    /// <inheritdoc/>
    public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_blobs.TryGetValue(name, out var data) ? data : null);

    /// <inheritdoc/>
    public Task WriteAsync(string name, byte[] data, CancellationToken cancellationToken)
    {
        _blobs[name] = data.ToArray();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IDisposable?> LockWriterAsync(CancellationToken cancellationToken) => Task.FromResult<IDisposable?>(null);
}
