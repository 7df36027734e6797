using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ModuleSdk.Modules;

namespace ModuleSdk.Proxy.Storage;

/// <summary>
/// Versions in process memory (tests, throwaway instances): gone when the process ends. A version
/// is built completely aside and committed with one dictionary insert, so readers see all of it
/// or nothing.
/// </summary>
public sealed class MemoryStorage : IModuleStorage
{
    private sealed class Entry(byte[] info, byte[] mod, byte[] zip, byte[] zipHash, DateTimeOffset access)
    {
        public byte[] Info { get; } = info;
        public byte[] Mod { get; } = mod;
        public byte[] Zip { get; } = zip;
        public byte[] ZipHash { get; } = zipHash;
        public long AccessTicks = access.UtcTicks;
    }

    private readonly ConcurrentDictionary<ModuleId, Entry> _versions = new();

    /// <inheritdoc/>
    public string Kind => "memory";

    /// <inheritdoc/>
    public Task<bool> ExistsAsync(string path, string version, CancellationToken cancellationToken) =>
        Task.FromResult(_versions.ContainsKey(new ModuleId(path, version)));

    /// <inheritdoc/>
    public Task<StoredFile?> OpenAsync(string path, string version, StoredFileKind kind, CancellationToken cancellationToken)
    {
        if (!_versions.TryGetValue(new ModuleId(path, version), out var e)) return Task.FromResult<StoredFile?>(null);
        byte[] data = kind switch
        {
            StoredFileKind.Info => e.Info,
            StoredFileKind.Mod => e.Mod,
            StoredFileKind.Zip => e.Zip,
            _ => e.ZipHash,
        };
        return Task.FromResult<StoredFile?>(new StoredFile(new MemoryStream(data, writable: false), data.Length));
    }

    /// <inheritdoc/>
    public async Task SaveAsync(VersionToStore v, CancellationToken cancellationToken)
    {
        var id = new ModuleId(v.Path, v.Version);
        if (_versions.ContainsKey(id)) return;
        var buffer = new MemoryStream();
        await using (var source = v.OpenZip())
            await source.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        byte[] zip = buffer.ToArray();
        var entry = new Entry(v.Info, v.Mod, zip, System.Text.Encoding.UTF8.GetBytes(v.ZipHash), DateTimeOffset.UtcNow);
        _versions.TryAdd(id, entry); // the first commit wins
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListVersionsAsync(string path, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(_versions.Keys.Where(k => k.Path == path).Select(k => k.Version).ToList());

    /// <inheritdoc/>
    public async IAsyncEnumerable<ModuleId> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var k in _versions.Keys) yield return k;
    }

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(string path, string version, CancellationToken cancellationToken) =>
        Task.FromResult(_versions.TryRemove(new ModuleId(path, version), out _));

    /// <inheritdoc/>
    public Task TouchAsync(string path, string version, DateTimeOffset when, CancellationToken cancellationToken)
    {
        if (_versions.TryGetValue(new ModuleId(path, version), out var e)) Interlocked.Exchange(ref e.AccessTicks, when.UtcTicks);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<DateTimeOffset?> LastAccessAsync(string path, string version, CancellationToken cancellationToken) =>
        Task.FromResult<DateTimeOffset?>(_versions.TryGetValue(new ModuleId(path, version), out var e)
            ? new DateTimeOffset(Interlocked.Read(ref e.AccessTicks), TimeSpan.Zero)
            : null);

    /// <inheritdoc/>
    public Task CheckAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
