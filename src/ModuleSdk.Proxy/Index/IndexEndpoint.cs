using System.Globalization;
using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Proxy.Serving;

namespace ModuleSdk.Proxy.Index;

/// <summary>
/// <c>GET /index?since=&lt;RFC 3339&gt;&amp;limit=N</c> (SPEC §12), as Go's index.golang.org: JSON
/// lines <c>{"Path","Version","Timestamp"}</c>, oldest first, entries at or after <c>since</c>
/// (default: the beginning), at most <c>limit</c> (default and most 2000). A client pages by
/// passing the last timestamp it got as the next <c>since</c> (that entry comes again: since is
/// inclusive). A malformed parameter is 400 (MOD6901).
/// </summary>
public static class IndexEndpoint
{
    /// <summary>Answers one request.</summary>
    public static async Task HandleAsync(HttpContext http, VersionIndex index)
    {
        http.Items["endpoint"] = "index";
        var q = http.Request.Query;
        var since = DateTimeOffset.MinValue;
        if (q["since"].ToString() is { Length: > 0 } s)
        {
            if (IndexEntry.TryParseTime(s) is not { } t)
            {
                await ProtocolHandler.TextAsync(http, StatusCodes.Status400BadRequest,
                    $"error {DiagnosticCodes.ProxyIndexQueryInvalid}: since={s} is not an RFC 3339 time (example: 2019-04-10T19:08:52.997264Z)");
                return;
            }
            since = t;
        }
        int limit = VersionIndex.MaxLimit;
        if (q["limit"].ToString() is { Length: > 0 } l)
        {
            if (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1)
            {
                await ProtocolHandler.TextAsync(http, StatusCodes.Status400BadRequest,
                    $"error {DiagnosticCodes.ProxyIndexQueryInvalid}: limit={l} is not a positive integer (at most {VersionIndex.MaxLimit})");
                return;
            }
            limit = Math.Min(limit, VersionIndex.MaxLimit);
        }
        var entries = await index.ReadAsync(since, limit, http.RequestAborted);
        var body = new StringBuilder();
        foreach (var e in entries) body.Append(e.ToJson()).Append('\n');
        byte[] bytes = Encoding.UTF8.GetBytes(body.ToString());
        var res = http.Response;
        res.StatusCode = StatusCodes.Status200OK;
        res.ContentType = "application/json; charset=utf-8";
        res.Headers.CacheControl = "no-cache";
        res.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(http.Request.Method)) await res.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
