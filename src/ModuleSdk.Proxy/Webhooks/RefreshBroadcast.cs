using ModuleSdk.Proxy.Serving;
using StackExchange.Redis;

namespace ModuleSdk.Proxy.Webhooks;

/// <summary>
/// Tells the other instances sharing the storage (and the single flight's Redis) that a module's
/// repository changed: a webhook reaches one instance behind the load balancer, but every
/// instance keeps its own clones and list caches, and each must list the repository again or its
/// <c>@latest</c> would stay behind. With <c>SingleFlight:Kind=redis</c>, the instance that got the
/// webhook (or polled) publishes the module path on <c>modproxy:refresh</c>; the others refresh
/// their clone and forget their cached list and <c>@latest</c>. The new version itself is already
/// in the shared storage. Without Redis (one instance) this does nothing.
/// </summary>
public sealed class RefreshBroadcast(ProxyServerOptions options, UpstreamRefresh refresh, ModuleService modules, ILogger<RefreshBroadcast> log)
    : IHostedService, IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("modproxy:refresh");
    private readonly string _self = Guid.NewGuid().ToString("N");
    private ConnectionMultiplexer? _redis;

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.SingleFlightKind != "redis" || options.SingleFlightRedis is not { Length: > 0 } connection) return;
        try
        {
            _redis = await ConnectionMultiplexer.ConnectAsync(connection).ConfigureAwait(false);
            await _redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => OnMessage(message)).ConfigureAwait(false);
        }
        catch (RedisConnectionException e)
        {
            // The single flight reports Redis problems (readyz); here only the broadcast is lost.
            log.LogWarning("refresh broadcast: cannot reach Redis ({Error}); other instances learn of pushes at their list TTL", e.GetType().Name);
        }
    }

    /// <summary>Tells the other instances that <paramref name="path"/>'s repository changed.</summary>
    public async Task PublishAsync(string path)
    {
        if (_redis is null) return;
        try
        {
            await _redis.GetSubscriber().PublishAsync(Channel, _self + "\n" + path).ConfigureAwait(false);
        }
        catch (RedisException e)
        {
            log.LogWarning("refresh broadcast of {Module} failed: {Error}", path, e.Message);
        }
    }

    private void OnMessage(RedisValue message)
    {
        string text = message.ToString();
        int nl = text.IndexOf('\n', StringComparison.Ordinal);
        if (nl < 0 || text[..nl] == _self) return;
        string path = text[(nl + 1)..];
        _ = Task.Run(async () =>
        {
            try
            {
                await refresh.RefreshAsync(path, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Diagnostics.ModuleException or IOException)
            {
                log.LogWarning("refresh of {Module} asked by another instance failed (stored versions stay served): {Error}", path, e.Message);
            }
            modules.Forget(path);
        });
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public void Dispose() => _redis?.Dispose();
}
