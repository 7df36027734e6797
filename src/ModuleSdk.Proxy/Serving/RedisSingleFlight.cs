using ModuleSdk.Diagnostics;
using StackExchange.Redis;

namespace ModuleSdk.Proxy.Serving;

/// <summary>
/// Single flight across instances sharing one storage: a Redis lock per key
/// (<c>SET key token NX PX</c>, StackExchange.Redis' <c>LockTake</c>), extended while the work
/// runs and released after it, so a crashed holder frees the key within
/// <see cref="LockTime"/>. Within one instance callers first share one in-process flight
/// (<see cref="MemorySingleFlight"/>), so each instance has at most one waiter polling Redis.
/// A waiter that gets the lock after another instance's fetch runs the work too, which finds the
/// version stored (the work checks storage first): one upstream fetch across all instances.
/// </summary>
public sealed class RedisSingleFlight : ISingleFlight, IDisposable
{
    /// <summary>How long a lock lives without being extended.</summary>
    public static readonly TimeSpan LockTime = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private readonly ConnectionMultiplexer _redis;
    private readonly MemorySingleFlight _local = new();
    private readonly string _token = Guid.NewGuid().ToString("N");

    /// <summary>Connects to Redis (<c>SingleFlight:Redis</c>); throws MOD6501 when it cannot.</summary>
    public RedisSingleFlight(string connectionString)
    {
        try
        {
            _redis = ConnectionMultiplexer.Connect(connectionString);
        }
        catch (Exception e) when (e is RedisConnectionException or ArgumentException)
        {
            // The connection string may hold a password: name the problem, not the string.
            throw new ModuleException(DiagnosticCodes.ProxyConfigurationInvalid, $"SingleFlight:Redis: cannot connect to Redis ({e.GetType().Name})", e);
        }
    }

    /// <inheritdoc/>
    public Task RunAsync(string key, Func<Task> work, CancellationToken cancellationToken) =>
        _local.RunAsync(key, () => RunLockedAsync("modproxy:flight:" + key, work), cancellationToken);

    private async Task RunLockedAsync(string key, Func<Task> work)
    {
        var db = _redis.GetDatabase();
        while (!await db.LockTakeAsync(key, _token, LockTime).ConfigureAwait(false))
            await Task.Delay(Poll).ConfigureAwait(false);
        using var stop = new CancellationTokenSource();
        var keepAlive = KeepAliveAsync(db, key, stop.Token);
        try
        {
            await work().ConfigureAwait(false);
        }
        finally
        {
            stop.Cancel();
            await keepAlive.ConfigureAwait(false);
            await db.LockReleaseAsync(key, _token).ConfigureAwait(false);
        }
    }

    private async Task KeepAliveAsync(IDatabase db, string key, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(LockTime / 3, stop).ConfigureAwait(false);
                await db.LockExtendAsync(key, _token, LockTime).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _redis.Dispose();

    /// <summary>Reports whether Redis answers (for <c>/readyz</c>).</summary>
    public async Task CheckAsync() => await _redis.GetDatabase().PingAsync().ConfigureAwait(false);
}
