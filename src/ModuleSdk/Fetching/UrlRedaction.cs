namespace ModuleSdk.Fetching;

/// <summary>
/// Hides the secrets of a URL's user information, as Go's <c>url.URL.Redacted</c> does for
/// passwords: <c>https://user:token@host/p</c> becomes <c>https://user:xxxxx@host/p</c>. Unlike
/// Go, a user name alone is hidden too (<c>https://xxxxx@host/p</c>): access tokens are commonly
/// passed in that position. Every proxy URL that reaches a message, a log line or a
/// <c>ToString()</c> goes through here first.
/// </summary>
public static class UrlRedaction
{
    /// <summary>What a password is replaced with (Go's choice).</summary>
    public const string Mask = "xxxxx";

    /// <summary>
    /// The URL with its password replaced by <see cref="Mask"/>. Works on text, not on a parsed
    /// <see cref="Uri"/>, so that malformed URLs (which end up in error messages precisely because
    /// they are malformed) are redacted too.
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
        if (colon < 0) return string.Concat(url.AsSpan(0, start), Mask, url.AsSpan(at)); // a bare token
        return string.Concat(url.AsSpan(0, colon + 1), Mask, url.AsSpan(at));
    }

    /// <summary>Reports whether <paramref name="url"/> carries user information that is redacted.</summary>
    public static bool HasPassword(string url) => !ReferenceEquals(Redact(url), url);
}
