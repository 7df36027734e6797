using ModuleSdk.Modules;

namespace ModuleSdk.Proxy.Storage;

/// <summary>
/// Where the proxy keeps module versions. A version is stored whole or not at all: the
/// <c>.info</c> is written last and is the commit marker, so a version without it does not
/// exist for any reader (<see cref="OpenAsync"/>, <see cref="ExistsAsync"/>, the listings), and a
/// writer that fails or is killed half-way leaves nothing that is served. Writers of the same
/// version may race (instances without a shared lock, a retry after a crash): the first commit
/// wins and the others change nothing visible. Implementations are thread-safe. One conformance
/// suite (tests/ModuleSdk.Proxy.Tests, StorageConformanceTests) holds every backend to this.
/// </summary>
public interface IModuleStorage
{
    /// <summary>The backend's name for logs and <c>/readyz</c> (<c>disk</c>, <c>memory</c>, <c>azureblob</c>).</summary>
    string Kind { get; }

    /// <summary>Reports whether the version is committed (its <c>.info</c> exists).</summary>
    Task<bool> ExistsAsync(string path, string version, CancellationToken cancellationToken);

    /// <summary>
    /// Opens one file of a committed version for streaming; null when the version is not
    /// committed (or was deleted meanwhile).
    /// </summary>
    Task<StoredFile?> OpenAsync(string path, string version, StoredFileKind kind, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a version whole: zip, module file and zip hash first, the info last. Does nothing
    /// when the version is already committed. Throws (and leaves the version uncommitted) when any
    /// write fails.
    /// </summary>
    Task SaveAsync(VersionToStore version, CancellationToken cancellationToken);

    /// <summary>The committed versions of <paramref name="path"/>, pseudo-versions included, in no particular order.</summary>
    Task<IReadOnlyList<string>> ListVersionsAsync(string path, CancellationToken cancellationToken);

    /// <summary>Every committed version of every module.</summary>
    IAsyncEnumerable<ModuleId> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>Deletes a version, the commit marker first (so readers stop seeing it at once); false when it was not there.</summary>
    Task<bool> DeleteAsync(string path, string version, CancellationToken cancellationToken);

    /// <summary>Records that the version was asked for at <paramref name="when"/> (for retention).</summary>
    Task TouchAsync(string path, string version, DateTimeOffset when, CancellationToken cancellationToken);

    /// <summary>When the version was last asked for (or stored); null when it is not committed.</summary>
    Task<DateTimeOffset?> LastAccessAsync(string path, string version, CancellationToken cancellationToken);

    /// <summary>Throws when the storage cannot be reached or written (<c>/readyz</c>).</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
