using ModuleSdk.Diagnostics;

namespace ModuleSdk.BuildCache;

/// <summary>
/// A <see cref="BuildCacheLookup"/>'s answer: the <paramref name="Outcome"/>, the cache root and key
/// to store under after a miss (empty unless the outcome is <see cref="BuildCacheOutcome.Miss"/> or
/// <see cref="BuildCacheOutcome.Hit"/>), and what to report.
/// </summary>
public sealed record BuildCacheLookupResult(BuildCacheOutcome Outcome, string CacheRoot, string Key, IReadOnlyList<WorkflowNote> Notes)
{
    /// <summary>Whether the outputs came from the cache.</summary>
    public bool Hit => Outcome == BuildCacheOutcome.Hit;
}
