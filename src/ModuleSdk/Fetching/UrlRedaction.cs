namespace ModuleSdk.Fetching;

/// <summary>
/// Hides the password of a URL's user information, as Go's <c>url.URL.Redacted</c> does:
/// <c>https://user:token@host/p</c> becomes <c>https://user:xxxxx@host/p</c>. Every proxy URL
/// that reaches a message, a log line or a <c>ToString()</c> goes through here first.
/// </summary>
public static class UrlRedaction
{
    /// <summary>What a password is replaced with (Go's choice).</summary>
    public const string Mask = "xxxxx";

    /// <summary>
    /// The URL with its password replaced by <see cref="Mask"/>. Works on text, not on a parsed
    /// <see cref="Uri"/>, so that malformed URLs (which end up in error messages precisely because
    /// they are malformed) are redacted too. A user name without a password is kept, as in Go.
    /// </summary>
    public static string Redact(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = url.IndexOfAny(['/', '?', '#'], start);
        if (end < 0) end = url.Length;
        if (end == start) return url;
        // The last '@' ends the user information: a password may itself contain a raw '@'.
        int at = url.LastIndexOf('@', end - 1, end - start);
        if (at < 0) return url;
        int colon = url.IndexOf(':', start, at - start);
        if (colon < 0) return url;
        return string.Concat(url.AsSpan(0, colon + 1), Mask, url.AsSpan(at));
    }

    /// <summary>Reports whether <paramref name="url"/> carries a password.</summary>
    public static bool HasPassword(string url) => !ReferenceEquals(Redact(url), url);
}
