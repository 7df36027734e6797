namespace ModuleSdk.Fetching;

/// <summary>
/// A source that may build a version's zip itself, from the module's files, rather than copy
/// bytes made elsewhere: direct mode builds it from the git tree at the tag. Such a zip is checked
/// against the zip rules while it is built and its <c>h1:</c> hash is computed from the bytes as
/// they are written, so a caller that stores it (the proxy server) need not open the zip again to
/// check and hash it. Bytes from a proxy are not built here and come back without a hash: the
/// caller must check and hash those itself, as before.
/// </summary>
public interface IZipBuildingSource
{
    /// <summary>
    /// Writes the module zip of a canonical version into <paramref name="destination"/>, as
    /// <see cref="IModuleSource.DownloadZipAsync"/> does, and returns its <c>h1:</c> hash when this
    /// source built the zip from the module's files (the zip rules were checked while it was
    /// built); null when the bytes came from elsewhere and are unchecked.
    /// </summary>
    Task<string?> DownloadZipBuiltAsync(string path, string version, Stream destination, CancellationToken cancellationToken = default);
}
