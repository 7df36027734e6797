namespace ModuleSdk.Proxy.Storage;

/// <summary>
/// A fetched and checked version, ready to be stored whole: the info, the module file, the zip
/// (<paramref name="OpenZip"/> opens it, from the start, to be streamed into the storage: a
/// checked file on local disk) and the zip's <c>h1:</c> hash. A zip stream that fails part-way is
/// a write that fails part-way: the storage must then leave the version uncommitted.
/// </summary>
public sealed record VersionToStore(string Path, string Version, byte[] Info, byte[] Mod, Func<Stream> OpenZip, string ZipHash)
{
    /// <summary>A version whose zip is the local file <paramref name="zipFile"/>.</summary>
    public static VersionToStore FromFile(string path, string version, byte[] info, byte[] mod, string zipFile, string zipHash) =>
        new(path, version, info, mod,
            () => new FileStream(zipFile, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan),
            zipHash);
}
