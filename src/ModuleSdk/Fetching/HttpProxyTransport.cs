using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Fetching;

/// <summary>
/// An <c>http://</c> or <c>https://</c> proxy. Only 200 is success (redirects are followed by the
/// handler); 404 and 410 are "not found"; every other status is a hard error. Transient failures
/// are retried per <see cref="RetryPolicy"/>; each attempt has its own header timeout and each
/// body read its own stall timeout. Credentials in the base URL are sent as HTTP Basic
/// authentication and never appear in a request URI, so no exception from the network stack can
/// carry them.
/// </summary>
internal sealed class HttpProxyTransport : ProxyTransport
{
    private readonly string _requestBase;
    private readonly string _displayBase;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly ProxyClientOptions _options;

    public HttpProxyTransport(Uri baseUri, string displayBase, ProxyClientOptions options)
    {
        _requestBase = baseUri.GetComponents(
            UriComponents.Scheme | UriComponents.Host | UriComponents.Port | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');
        _displayBase = displayBase;
        _options = options;
        if (baseUri.UserInfo.Length > 0)
        {
            int colon = baseUri.UserInfo.IndexOf(':');
            string user = Uri.UnescapeDataString(colon < 0 ? baseUri.UserInfo : baseUri.UserInfo[..colon]);
            string password = colon < 0 ? "" : Uri.UnescapeDataString(baseUri.UserInfo[(colon + 1)..]);
            _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(user + ":" + password)));
        }
    }

    private HttpClient Client => _options.HttpClient ?? ProxyClientOptions.SharedHttpClient;

    public override string DisplayUrl(string relative) => _displayBase + "/" + relative;

    public override Task<byte[]> GetBytesAsync(
        string relative, string context, long limit, Action<ReadOnlySpan<byte>>? checkHead, CancellationToken cancellationToken) =>
        SendAsync(relative, context, async (body, ct) =>
        {
            using var buffer = new MemoryStream();
            await ProxyBody.CopyAsync(body, buffer, limit, _options.StallTimeout, checkHead, ct).ConfigureAwait(false);
            return buffer.ToArray();
        }, limit, mayRetryBody: () => true, cancellationToken);

    public override async Task CopyToAsync(
        string relative, string context, Stream destination, long limit, Action<ReadOnlySpan<byte>>? checkHead, CancellationToken cancellationToken)
    {
        // A failed attempt may have written part of the body: retry only when that part can be
        // taken back, or when nothing was written.
        long start = destination.CanSeek ? destination.Position : -1;
        var written = new StrongBox<long>();
        try
        {
            await SendAsync(relative, context, async (body, ct) =>
            {
                if (written.Value > 0) Reset();
                await ProxyBody.CopyAsync(body, destination, limit, _options.StallTimeout, checkHead, ct, written).ConfigureAwait(false);
                return true;
            }, limit, mayRetryBody: () => written.Value == 0 || start >= 0, cancellationToken).ConfigureAwait(false);
        }
        catch when (written.Value > 0 && start >= 0)
        {
            // Leave the destination as it was found, not holding half a zip.
            Reset();
            throw;
        }

        void Reset()
        {
            destination.Position = start;
            destination.SetLength(start);
            written.Value = 0;
        }
    }

    private async Task<T> SendAsync<T>(string relative, string context, Func<Stream, CancellationToken, Task<T>> readBody, long limit,
        Func<bool> mayRetryBody, CancellationToken cancellationToken)
    {
        string requestUrl = _requestBase + "/" + EscapeForUrl(relative);
        string displayUrl = DisplayUrl(relative);
        int maxAttempts = Math.Max(1, _options.Retry.MaxAttempts);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await AttemptAsync(requestUrl, displayUrl, context, readBody, limit, cancellationToken).ConfigureAwait(false);
            }
            catch (TransientFailure failure) when (attempt < maxAttempts && (!failure.InBody || mayRetryBody()))
            {
                await Task.Delay(_options.Retry.DelayBefore(attempt, failure.RetryAfter), cancellationToken).ConfigureAwait(false);
            }
            catch (TransientFailure failure)
            {
                string status = attempt > 1 ? $"{failure.Reason} (gave up after {attempt} attempts)" : failure.Reason;
                throw new ModuleException(failure.Code, ProxyErrorDetail.Message(context, displayUrl, status, failure.Detail), failure.InnerException);
            }
        }
    }

    /// <summary>How many redirects one request may follow (as .NET's and Go's clients: 10).</summary>
    private const int MaxRedirects = 10;

    /// <summary>
    /// Sends a GET, following up to <see cref="MaxRedirects"/> redirects to http(s) URLs only: a
    /// proxy redirecting to <c>file:///etc/passwd</c> (or from https down to http) gets a coded
    /// error naming both URLs, which a <c>|</c> in MODPROXY falls through. The proxy's credentials
    /// go only to the proxy's own scheme, host and port.
    /// </summary>
    private async Task<HttpResponseMessage> SendFollowingAsync(string requestUrl, string displayUrl, string context, CancellationToken cancellationToken)
    {
        var first = new Uri(requestUrl);
        var url = first;
        for (int redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (_authorization is not null && url.Scheme == first.Scheme && url.Host == first.Host && url.Port == first.Port)
                request.Headers.Authorization = _authorization;
            var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location) return response;
            response.Dispose();
            var next = location.IsAbsoluteUri ? location : new Uri(url, location);
            string shown = next.IsAbsoluteUri ? UrlText.StripUserInfo(next.OriginalString) : location.OriginalString;
            if (next.Scheme is not ("http" or "https") || (url.Scheme == "https" && next.Scheme == "http"))
                throw new ModuleException(DiagnosticCodes.ProxyRequestFailed,
                    $"{context}: reading {displayUrl}: redirected to {shown}, which is not an {(url.Scheme == "https" ? "https" : "http(s)")} URL; " +
                    "the redirect was not followed");
            if (redirects + 1 > MaxRedirects)
                throw new ModuleException(DiagnosticCodes.ProxyRequestFailed, $"{context}: reading {displayUrl}: stopped after {MaxRedirects} redirects");
            url = next;
        }
    }

    private async Task<T> AttemptAsync<T>(string requestUrl, string displayUrl, string context, Func<Stream, CancellationToken, Task<T>> readBody,
        long limit, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        using (var headersCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            headersCts.CancelAfter(_options.ResponseTimeout);
            try
            {
                response = await SendFollowingAsync(requestUrl, displayUrl, context, headersCts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TransientFailure(DiagnosticCodes.ProxyTimeout, $"timed out: no response within {Seconds(_options.ResponseTimeout)}", e);
            }
            catch (HttpRequestException e)
            {
                if (IsTransient(e)) throw new TransientFailure(DiagnosticCodes.ProxyRequestFailed, Describe(e), e);
                throw new ModuleException(DiagnosticCodes.ProxyRequestFailed, $"{context}: reading {displayUrl}: {Describe(e)}", e);
            }
        }

        using (response)
        {
            int code = (int)response.StatusCode;
            if (code != 200)
            {
                string status = $"{code} {response.ReasonPhrase}".TrimEnd();
                string detail = await ProxyErrorDetail.ReadAsync(response, _options.StallTimeout, cancellationToken).ConfigureAwait(false);
                if (code is 404 or 410) throw new ModuleNotFoundException(ProxyErrorDetail.Message(context, displayUrl, status, detail));
                if (code is 429 or 502 or 503 or 504)
                    throw new TransientFailure(DiagnosticCodes.ProxyRequestFailed, status, null) { Detail = detail, RetryAfter = RetryAfter(response) };
                throw new ModuleException(DiagnosticCodes.ProxyRequestFailed, ProxyErrorDetail.Message(context, displayUrl, status, detail));
            }
            if (response.Content.Headers.ContentLength is long length && length > limit) throw new ProxyBody.BodyTooLargeException();
            try
            {
                using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                return await readBody(body, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TransientFailure(DiagnosticCodes.ProxyTimeout, $"timed out: the body stalled for {Seconds(_options.StallTimeout)}", e)
                {
                    InBody = true,
                };
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new TransientFailure(DiagnosticCodes.ProxyRequestFailed, Describe(e), e) { InBody = true };
            }
        }
    }

    // Escaped module paths and versions are plain ASCII; anything a URL path cannot hold
    // literally (a space or '#' in an odd revision) is percent-encoded.
    private static string EscapeForUrl(string relative)
    {
        foreach (char c in relative)
            if (!IsUrlSafe(c)) return string.Join('/', relative.Split('/').Select(Uri.EscapeDataString)).Replace("%21", "!").Replace("%2B", "+");
        return relative;
    }

    private static bool IsUrlSafe(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~' or '!' or '+' or '/' or '@';

    private static bool IsTransient(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded
        || (e.HttpRequestError == HttpRequestError.Unknown && (e.InnerException is IOException or SocketException));

    private static string Describe(Exception e)
    {
        if (e is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }
            or HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded })
            return "unexpected EOF: the connection closed before the whole response arrived";
        if (e.InnerException is SocketException se) return se.Message.Length > 0 ? $"{se.Message} ({se.SocketErrorCode})" : se.SocketErrorCode.ToString();
        return e.Message;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow;
        return null;
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.#}s" : $"{t.TotalMilliseconds:0}ms";

    /// <summary>A failure worth another attempt; turned into a <see cref="ModuleException"/> when attempts run out.</summary>
    private sealed class TransientFailure(string code, string reason, Exception? inner) : Exception(reason, inner)
    {
        public string Code { get; } = code;
        public string Reason { get; } = reason;
        public string Detail { get; init; } = "";
        public TimeSpan? RetryAfter { get; init; }
        public bool InBody { get; init; }
    }
}
