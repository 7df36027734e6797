namespace ModuleSdk.BuildCache;

/// <summary>What a <see cref="BuildCacheLookup"/> decided for one compilation.</summary>
public enum BuildCacheOutcome
{
    /// <summary>The cache is off (<c>MODBUILDCACHE=off</c>): compile, store nothing.</summary>
    Off,

    /// <summary>The compilation cannot be cached (a refusal, a missing input): compile, store nothing.</summary>
    Uncacheable,

    /// <summary>No usable entry (none, a corrupt one, or copying it out failed): compile, then store under the key.</summary>
    Miss,

    /// <summary>The outputs were copied from the cache: skip the compilation.</summary>
    Hit,

    /// <summary>Reading the inputs or the cache failed: compile, store nothing.</summary>
    Failed,
}
