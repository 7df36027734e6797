namespace ModuleSdk.Usage;

/// <summary>Whether a project's usage records can be trusted by <c>tidy</c>.</summary>
public enum UsageStatus
{
    /// <summary>Every target framework has a record newer than the project's inputs.</summary>
    Fresh,

    /// <summary>No record (never built since usage analysis, or an expected target framework was not built).</summary>
    Missing,

    /// <summary>A record is older than one of the project's inputs.</summary>
    Stale,

    /// <summary>A record could not be read.</summary>
    Malformed,
}
