namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>(warning) A module copy's compiled outputs could not be stored in the build cache (a full disk, permissions); the build goes on.</summary>
    public const string BuildCacheStoreFailed = "MOD9201";

    /// <summary>(warning) Outputs found in the build cache could not be copied into the module copy's <c>obj/</c>; the module is compiled instead.</summary>
    public const string BuildCacheRestoreFailed = "MOD9202";

    /// <summary>The build cache location (<c>MODBUILDCACHE</c>, <c>ModuleBuildCache</c>) is not an absolute path or <c>off</c>.</summary>
    public const string BuildCacheLocationInvalid = "MOD9203";

    /// <summary>(warning) A build cache entry did not match its manifest (changed or truncated files); it was removed and the module compiled.</summary>
    public const string BuildCacheEntryCorrupt = "MOD9204";

    /// <summary>(warning) Trimming the build cache to its size limit failed; the build goes on.</summary>
    public const string BuildCacheTrimFailed = "MOD9205";

    /// <summary>The build cache size limit (<c>ModuleBuildCacheSizeLimitMB</c>, <c>MODBUILDCACHESIZE</c>) is not a positive whole number of MiB.</summary>
    public const string BuildCacheSizeInvalid = "MOD9206";

    /// <summary><c>dotnet mod clean -buildcache</c> was pointed at a directory that is not a build cache (no <c>README</c>); nothing was removed.</summary>
    public const string NotABuildCache = "MOD9207";
}
