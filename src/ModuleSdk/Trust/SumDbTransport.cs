using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;

namespace ModuleSdk.Trust;

/// <summary>
/// Reads paths of a checksum database (<c>/latest</c>, <c>/lookup/M@V</c>, <c>/tile/...</c>)
/// below a base URL: <c>https://</c>/<c>http://</c> (credentials in the URL sent as Basic, never
/// shown), or <c>file://</c> (a log laid out on disk, for mirrors and tests). Only 200 is
/// success; 404 and 410 are "not found" (<see cref="NotFound"/>); anything else, or a body larger
/// than the protocol needs, is MOD6706.
/// </summary>
public sealed class SumDbTransport
{
    // A tile is at most 256 hashes (8 KiB); a data tile 256 records; a note or lookup a few KiB.
    private const int MaxBody = 4 << 20;
    private readonly Uri _base;
    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <summary>Reads below <paramref name="baseUrl"/> (no trailing slash needed).</summary>
    public SumDbTransport(Uri baseUrl, HttpClient? http = null)
    {
        var builder = new UriBuilder(baseUrl);
        if (builder.UserName.Length > 0)
        {
            string user = Uri.UnescapeDataString(builder.UserName), password = Uri.UnescapeDataString(builder.Password);
            _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
            builder.UserName = "";
            builder.Password = "";
        }
        if (!builder.Path.EndsWith('/')) builder.Path += "/";
        _base = builder.Uri;
        _http = http ?? ProxyClientOptions.SharedHttpClient;
        Display = UrlRedaction.Redact(baseUrl.ToString()).TrimEnd('/');
    }

    /// <summary>The base URL without credentials, for messages.</summary>
    public string Display { get; }

    /// <summary>Thrown for 404/410 (and a missing file): the database does not have the path.</summary>
    public sealed class NotFound(string message) : Exception(message);

    /// <summary>Reads <paramref name="path"/> (relative, no leading slash: <c>lookup/example.com/lib@v1.0.0</c>).</summary>
    public async Task<byte[]> GetAsync(string path, CancellationToken cancellationToken)
    {
        var url = new Uri(_base, path);
        string shown = Display + "/" + path;
        if (url.IsFile)
        {
            try
            {
                var info = new FileInfo(url.LocalPath);
                if (!info.Exists) throw new NotFound($"reading {shown}: not found");
                if (info.Length > MaxBody) throw Failed(shown, "too large");
                return await File.ReadAllBytesAsync(info.FullName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Failed(shown, e.Message);
            }
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (_authorization is not null) request.Headers.Authorization = _authorization;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
                throw new NotFound(
                    $"reading {shown}: {(int)response.StatusCode} {response.ReasonPhrase}{await ServerSays(response, timeout.Token).ConfigureAwait(false)}");
            if (response.StatusCode != HttpStatusCode.OK)
                throw Failed(shown, $"{(int)response.StatusCode} {response.ReasonPhrase}{await ServerSays(response, timeout.Token).ConfigureAwait(false)}");
            if (response.Content.Headers.ContentLength > MaxBody) throw Failed(shown, "too large");
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while ((n = await body.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, n);
                if (buffer.Length > MaxBody) throw Failed(shown, "too large");
            }
            return buffer.ToArray();
        }
        catch (HttpRequestException e)
        {
            throw Failed(shown, e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(shown, "timed out");
        }
    }

    // Go prints the server's text/plain explanation ("server response: not found: ...").
    private static async Task<string> ServerSays(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType != "text/plain") return "";
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(8).Select(l => l.Length > 200 ? l[..200] : l).ToList();
        return lines.Count == 0 ? "" : "\n\tserver response: " + string.Join("\n\t", lines);
    }

    private static ModuleException Failed(string url, string why) => new(DiagnosticCodes.SumDbUnreachable, $"reading {url}: {why}");
}
