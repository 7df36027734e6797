namespace ModuleSdk.Cache;

/// <summary>Whether a module's extracted directory can be used (Go's <c>DownloadDir</c> outcomes).</summary>
public enum ModuleDirectoryState
{
    /// <summary>There is no directory.</summary>
    Missing,

    /// <summary>
    /// Something is there but must not be used: the directory is still being extracted or an
    /// extraction crashed (<c>.partial</c> exists), its <c>.ziphash</c> is gone, or the path is not a directory.
    /// The next download removes and redoes it under the lock.
    /// </summary>
    Partial,

    /// <summary>The directory exists, no <c>.partial</c> marker exists and the <c>.ziphash</c> exists.</summary>
    Complete,
}
