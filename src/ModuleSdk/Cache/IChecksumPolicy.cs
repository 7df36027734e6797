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

    /// <summary>
    /// Says that <paramref name="path"/>@<paramref name="version"/> (bare) is about to be fetched,
    /// so that a policy which must ask a server before it can <see cref="Check(string, string, string)"/>
    /// (a checksum database) starts asking now, while the bytes download. The task completes when
    /// a check can answer without waiting, and never faults (a failure is the check's to report):
    /// <see cref="ModuleFetcher"/> awaits it before checking, so that no thread blocks on the
    /// server (blocked pool threads starve the very lookups they wait for).
    /// </summary>
    Task PrepareAsync(string path, string version) => Task.CompletedTask;
}
