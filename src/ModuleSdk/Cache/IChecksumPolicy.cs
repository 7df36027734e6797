namespace ModuleSdk.Cache;

/// <summary>
/// Decides whether a hash computed from downloaded or cached bytes may be used: the bridge from
/// the cache to <c>module.sum</c> (Go's <c>checkModSum</c>/<c>checkGoMod</c> over <c>go.sum</c>).
/// The loader implements it over its <c>SumFile</c>; <see cref="ModuleFetcher"/> consults it
/// before anything enters the cache and on every read of a cached <c>.mod</c> or zip hash, and
/// turns a refusal into the error. Implementations must be thread-safe.
/// </summary>
public interface IChecksumPolicy
{
    /// <summary>
    /// Checks <paramref name="hash"/> (an <c>h1:</c> hash) for <paramref name="path"/> at
    /// <paramref name="version"/>, where the version is bare (<c>v1.2.0</c>, the zip's hash) or
    /// ends in <c>/module.mod</c> (the module file's hash). When nothing is recorded, a normal
    /// restore records the hash and answers <see cref="ChecksumOutcome.Added"/>; locked mode
    /// answers <see cref="ChecksumOutcome.MissingInLockedMode"/>.
    /// </summary>
    ChecksumResult Check(string path, string version, string hash);

    /// <summary>
    /// <see cref="Check(string, string, string)"/> for a module file whose bytes are known
    /// (<paramref name="version"/> ends in <c>/module.mod</c>): a checksum database records the
    /// go command's <c>go.mod</c>-named hash of the same bytes, which only the bytes can give.
    /// </summary>
    ChecksumResult Check(string path, string version, string hash, ReadOnlyMemory<byte> modFile) => Check(path, version, hash);
}
