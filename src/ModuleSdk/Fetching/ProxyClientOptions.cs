using System.Net;

namespace ModuleSdk.Fetching;

/// <summary>Transport settings shared by the proxy clients of one process (or one test).</summary>
public sealed record ProxyClientOptions
{
    /// <summary>The defaults: the shared <see cref="HttpClient"/>, 30 s timeouts, <see cref="RetryPolicy.Default"/>.</summary>
    public static ProxyClientOptions Default { get; } = new();

    /// <summary>
    /// The client to send requests with; <c>null</c> means <see cref="SharedHttpClient"/>. A
    /// given client must leave <see cref="HttpClient.Timeout"/> infinite (or longer than the
    /// timeouts below): the timeouts here are enforced per request and per read.
    /// </summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>How long to wait for a connection and the response headers of one attempt.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a response body may go without delivering a byte before the attempt fails.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after transient failures.</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>
    /// The zip size limit: Go's <c>codehost.MaxZipFile</c>, 500 MiB. Settable only by tests, which
    /// cannot afford half a gigabyte to prove the limit works.
    /// </summary>
    internal long MaxZipBytes { get; init; } = ProxyClient.MaxZipFile;

    private static readonly Lazy<HttpClient> Shared = new(CreateSharedClient);

    /// <summary>
    /// The process-wide client: one <see cref="SocketsHttpHandler"/>, so connections are pooled
    /// across all proxies and modules; gzip/deflate/brotli decompressed. Redirects are followed by
    /// <see cref="HttpProxyTransport"/> itself: .NET's handler tries a <c>file://</c> Location
    /// (and fails with an exception no caller expects), where only http(s) may be followed.
    /// </summary>
    public static HttpClient SharedHttpClient => Shared.Value;

    private static HttpClient CreateSharedClient()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            // Recycled now and then so DNS changes (a proxy moving behind a load balancer) are seen.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            // A safety net under FetchLimiter: never more than this many sockets to one proxy.
            MaxConnectionsPerServer = 32,
            // Credentials come only from the proxy URL, added by ProxyClient per request.
            UseCookies = false,
            PreAuthenticate = false,
        };
        var client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("ModuleSdk/1.0");
        return client;
    }
}
