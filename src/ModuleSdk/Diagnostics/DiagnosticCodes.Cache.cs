namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>The module cache location cannot be determined or is not usable (MODCACHE relative, no home directory).</summary>
    public const string CacheRootInvalid = "MOD7001";

    /// <summary>A lock file in the module cache could not be taken before the timeout.</summary>
    public const string CacheLockTimeout = "MOD7002";

    /// <summary>SECURITY ERROR: a downloaded or cached hash does not match the one recorded in module.sum.</summary>
    public const string ChecksumMismatch = "MOD7003";

    /// <summary>A hash has no module.sum line and locked mode forbids adding one.</summary>
    public const string ChecksumMissing = "MOD7004";

    /// <summary>A <c>.ziphash</c> file is invalid and cannot be recomputed because the zip is gone.</summary>
    public const string ZipHashInvalid = "MOD7005";

    /// <summary>A source answered for another version than the one asked for.</summary>
    public const string InfoVersionMismatch = "MOD7006";

    /// <summary><c>clean -modcache</c> refused a directory that does not look like a module cache.</summary>
    public const string CleanRefused = "MOD7007";

    /// <summary>Reading or writing a file of the module cache failed.</summary>
    public const string CacheIoError = "MOD7008";

    /// <summary>.NET file locking is disabled, so the cache's lock files would not exclude anything.</summary>
    public const string FileLockingDisabled = "MOD7009";

    /// <summary>verify: a module is in the cache but its <c>.ziphash</c> is missing.</summary>
    public const string VerifyMissingZipHash = "MOD7010";

    /// <summary>verify: the cached zip no longer hashes to its <c>.ziphash</c>.</summary>
    public const string VerifyZipModified = "MOD7011";

    /// <summary>verify: the extracted directory no longer hashes to its <c>.ziphash</c>.</summary>
    public const string VerifyDirModified = "MOD7012";

    /// <summary>verify: the <c>.ziphash</c> does not match the module.sum line.</summary>
    public const string VerifySumMismatch = "MOD7013";

    /// <summary>verify: a cached file could not be read or hashed.</summary>
    public const string VerifyUnreadable = "MOD7014";

    /// <summary>verify: the cached <c>.mod</c> no longer hashes to the module.sum <c>/module.mod</c> line.</summary>
    public const string VerifyModModified = "MOD7015";
}
