using ModuleSdk.Diagnostics;

namespace ModuleSdk.BuildCache;

/// <summary>
/// A <see cref="BuildCacheStore"/>'s answer: whether this build published the entry (false when it
/// was already there or storing failed), whether the cache was trimmed, and what to report.
/// </summary>
public sealed record BuildCacheStoreResult(bool Stored, bool Trimmed, IReadOnlyList<WorkflowNote> Notes);
