namespace ModuleSdk.BuildCache;

/// <summary>How a <see cref="BuildCacheNote"/> is reported.</summary>
public enum BuildCacheNoteKind
{
    /// <summary>Information (the build's normal verbosity): a hit, a miss, why the cache is not used.</summary>
    Message,

    /// <summary>A problem with the cache: the build goes on (compiling, or without storing).</summary>
    Warning,
}
