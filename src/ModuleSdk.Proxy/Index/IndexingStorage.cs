using System.Runtime.CompilerServices;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Storage;

namespace ModuleSdk.Proxy.Index;

/// <summary>
/// The storage the server uses: the configured backend, with every version it stores appended
/// to the <see cref="VersionIndex"/> once committed, and first put to the
/// <see cref="IVersionCheck"/>s (a mirror's checksum database check) so that a version they
/// refuse is never stored, hence never served. Every way a version gets stored (a client's
/// request, a webhook, polling, mirroring) goes through here.
/// </summary>
public sealed class IndexingStorage(IModuleStorage inner, VersionIndex index, IEnumerable<IVersionCheck> checks, ILogger<IndexingStorage> log) : IModuleStorage
{
    private readonly IVersionCheck[] _checks = [.. checks];

    /// <summary>The backend.</summary>
    public IModuleStorage Inner => inner;

    /// <inheritdoc/>
    public string Kind => inner.Kind;

    /// <inheritdoc/>
    public async Task SaveAsync(VersionToStore version, CancellationToken cancellationToken)
    {
        foreach (var check in _checks) await check.CheckAsync(version, cancellationToken).ConfigureAwait(false);
        await inner.SaveAsync(version, cancellationToken).ConfigureAwait(false);
        foreach (var check in _checks) await check.StoredAsync(version, cancellationToken).ConfigureAwait(false);
        try
        {
            await index.AppendAsync(version.Path, version.Version, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Diagnostics.ModuleException or IOException)
        {
            // The version is stored and served; the index catches up at the next start (IndexBackfill).
            log.LogError("{Module} {Version} is stored but appending it to the index failed: {Error}", version.Path, version.Version, e.Message);
        }
    }

    /// <inheritdoc/>
    public Task<bool> ExistsAsync(string path, string version, CancellationToken cancellationToken) => inner.ExistsAsync(path, version, cancellationToken);

    /// <inheritdoc/>
    public Task<StoredFile?> OpenAsync(string path, string version, StoredFileKind kind, CancellationToken cancellationToken)
        => inner.OpenAsync(path, version, kind, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListVersionsAsync(string path, CancellationToken cancellationToken) => inner.ListVersionsAsync(path, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<ModuleId> ListAllAsync(CancellationToken cancellationToken) => inner.ListAllAsync(cancellationToken);

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(string path, string version, CancellationToken cancellationToken) => inner.DeleteAsync(path, version, cancellationToken);

    /// <inheritdoc/>
    public Task TouchAsync(string path, string version, DateTimeOffset when, CancellationToken cancellationToken)
        => inner.TouchAsync(path, version, when, cancellationToken);

    /// <inheritdoc/>
    public Task<DateTimeOffset?> LastAccessAsync(string path, string version, CancellationToken cancellationToken)
        => inner.LastAccessAsync(path, version, cancellationToken);

    /// <inheritdoc/>
    public Task CheckAsync(CancellationToken cancellationToken) => inner.CheckAsync(cancellationToken);
}
