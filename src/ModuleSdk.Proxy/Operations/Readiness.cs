using ModuleSdk.Fetching;
using ModuleSdk.Proxy.Storage;

namespace ModuleSdk.Proxy.Operations;

/// <summary>
/// <c>/readyz</c>: the storage answers (and, for disk, can be written), Redis answers when it is
/// the single flight, and the upstream can be
/// reached: for an HTTP proxy any HTTP answer counts (even 401: it is there), for a
/// <c>file://</c> proxy its folder exists, <c>direct</c> and <c>off</c> need nothing up front
/// (git hosts differ per module). The answer is kept for a few seconds so probes stay cheap.
/// Not ready either while the start-up warm-up (<see cref="FetchWarmup"/>, when configured) runs.
/// </summary>
public sealed class Readiness(IModuleStorage storage, Serving.ISingleFlight flight, ProxyServerOptions options, ILogger<Readiness> log,
    FetchWarmup? warmup = null)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private (DateTimeOffset At, string? Problem) _last = (DateTimeOffset.MinValue, null);

    /// <summary>Null when ready, else what is wrong (no secrets: proxy URLs are shown redacted).</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        if (warmup is { Done: false }) return $"warming up ({FetchWarmup.FetchesKey}: {warmup.Fetched} fetches made)";
        var last = _last;
        if (DateTimeOffset.UtcNow - last.At < TimeSpan.FromSeconds(5)) return last.Problem;
        string? problem = null;
        try
        {
            await storage.CheckAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            problem = $"storage {storage.Kind}: {e.Message}";
        }
        if (problem is null && flight is Serving.RedisSingleFlight redis)
        {
            try
            {
                await redis.CheckAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                problem = $"single flight redis: {e.GetType().Name}";
            }
        }
        if (problem is null)
        {
            foreach (var entry in ProxyList.Parse(options.Upstream).Entries.Where(e => e.Kind == ProxyEntryKind.Proxy))
            {
                var uri = new Uri(entry.Url);
                if (uri.IsFile)
                {
                    if (!Directory.Exists(uri.LocalPath)) problem = $"upstream {entry.Url}: no such directory";
                    continue;
                }
                try
                {
                    using var req = new HttpRequestMessage(HttpMethod.Get, uri);
                    using var res = await Http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    problem = $"upstream {entry.Url}: unreachable ({e.Message})";
                }
            }
        }
        if (problem is not null) log.LogWarning("not ready: {Problem}", problem);
        _last = (DateTimeOffset.UtcNow, problem);
        return problem;
    }
}
