namespace ModuleSdk.Proxy.Storage;

/// <summary>
/// A fetched and checked version, ready to be stored whole: the info, the module file, the zip
/// (a file on local disk, streamed into the storage) and the zip's <c>h1:</c> hash.
/// </summary>
public sealed record VersionToStore(string Path, string Version, byte[] Info, byte[] Mod, string ZipFile, string ZipHash);
