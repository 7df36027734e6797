namespace ModuleSdk.Fetching;

/// <summary>
/// URLs as they may be shown: proxy and repository URLs can carry credentials
/// (<c>https://user:token@host/</c>), and secrets never reach logs or errors.
/// </summary>
/// <remarks>
/// It lives in Fetching, the lower of the two layers that show URLs (Direct builds on Fetching),
/// so that the proxy client need not reach up into Direct for it.
/// </remarks>
public static class UrlText
{
    /// <summary>The URL without user information (<c>https://user:pw@host/p</c> becomes <c>https://host/p</c>).</summary>
    public static string StripUserInfo(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return url;
        int start = scheme + 3;
        int end = url.IndexOfAny(['/', '?', '#'], start);
        if (end < 0) end = url.Length;
        int at = url.LastIndexOf('@', end - 1, end - start);
        return at < 0 ? url : string.Concat(url.AsSpan(0, start), url.AsSpan(at + 1));
    }
}
