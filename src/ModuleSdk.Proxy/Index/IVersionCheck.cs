using ModuleSdk.Proxy.Storage;

namespace ModuleSdk.Proxy.Index;

/// <summary>A check every version passes before it is stored (see <see cref="IndexingStorage"/>).</summary>
public interface IVersionCheck
{
    /// <summary>Throws a <see cref="Diagnostics.ModuleException"/> when <paramref name="version"/> must not be stored.</summary>
    Task CheckAsync(VersionToStore version, CancellationToken cancellationToken);

    /// <summary>Hears that <paramref name="version"/> was stored (to keep a record of it).</summary>
    Task StoredAsync(VersionToStore version, CancellationToken cancellationToken);
}
