namespace ModuleSdk.Fetching;

/// <summary>
/// Where module versions come from: one module proxy, a list of proxies, or (direct mode) a git
/// repository. Go's <c>modfetch.Repo</c>, asynchronous. Implementations are thread-safe.
/// "Not found" is reported by throwing <see cref="ModuleNotFoundException"/>, so that proxy lists
/// can fall through on it; every other failure is a <see cref="Diagnostics.ModuleException"/>.
/// </summary>
public interface IModuleSource
{
    /// <summary>
    /// The known tagged versions of <paramref name="path"/> (the proxy's <c>@v/list</c>): valid,
    /// non-pseudo versions only, sorted by semver, those starting with <paramref name="prefix"/>.
    /// </summary>
    Task<IReadOnlyList<string>> VersionsAsync(string path, string prefix = "", CancellationToken cancellationToken = default);

    /// <summary>Information about one version or revision (<c>@v/$ver.info</c>).</summary>
    Task<RevInfo> StatAsync(string path, string revision, CancellationToken cancellationToken = default);

    /// <summary>The latest version when <see cref="VersionsAsync"/> has none (<c>@latest</c>).</summary>
    Task<RevInfo> LatestAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>The module file (<c>@v/$ver.mod</c>) of a canonical version, raw bytes.</summary>
    Task<byte[]> GetModAsync(string path, string version, CancellationToken cancellationToken = default);

    /// <summary>Writes the module zip (<c>@v/$ver.zip</c>) of a canonical version into <paramref name="destination"/>.</summary>
    Task DownloadZipAsync(string path, string version, Stream destination, CancellationToken cancellationToken = default);
}
