namespace ModuleSdk.Cache;

/// <summary>Settings of a <see cref="ModuleFetcher"/>.</summary>
public sealed record ModuleFetcherOptions
{
    /// <summary>
    /// How long to wait for a version's lock while another process downloads or extracts it.
    /// Ten minutes by default: long enough for a large zip on a slow link, short enough that a
    /// hung build fails instead of waiting forever (Go waits forever).
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How error messages name the source bytes came from, for example the <c>MODPROXY</c> value.
    /// Defaults to the source's type name.
    /// </summary>
    public string? SourceName { get; init; }
}
