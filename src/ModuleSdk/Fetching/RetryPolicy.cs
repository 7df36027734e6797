namespace ModuleSdk.Fetching;

/// <summary>
/// How often and how patiently a proxy request is retried after a transient failure (connection
/// refused or reset, a timeout, a truncated body, HTTP 429, 502, 503, 504). Nothing else is ever
/// retried: 404 and 410 are answers, and other statuses will not change by asking again.
/// Delays grow exponentially from <see cref="BaseDelay"/> up to <see cref="MaxDelay"/>, with
/// "full jitter" (a random delay between zero and the exponential bound) so that many clients
/// failing together do not come back together.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>3 attempts, 250 ms then 500 ms (jittered), at most 5 s apart.</summary>
    public static RetryPolicy Default { get; } = new();

    /// <summary>One attempt, no retry.</summary>
    public static RetryPolicy None { get; } = new() { MaxAttempts = 1 };

    /// <summary>Attempts in all, the first included; at least 1.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The bound on the delay before the first retry; doubled for each further retry.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The largest delay between two attempts, also the cap on a server's <c>Retry-After</c>.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The delay before retry number <paramref name="retry"/> (1 for the first retry). A server's
    /// <c>Retry-After</c>, when given, is honoured up to <see cref="MaxDelay"/>.
    /// </summary>
    internal TimeSpan DelayBefore(int retry, TimeSpan? retryAfter)
    {
        if (retryAfter is { } ra && ra > TimeSpan.Zero) return ra < MaxDelay ? ra : MaxDelay;
        double bound = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30));
        bound = Math.Min(bound, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * bound);
    }
}
