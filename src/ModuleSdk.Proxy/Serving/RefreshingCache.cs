using System.Collections.Concurrent;

namespace ModuleSdk.Proxy.Serving;

/// <summary>
/// Answers that change (<c>@v/list</c>, <c>@latest</c>) kept for a short time: a fresh answer
/// is served as is; a stale one is served at once while one background refresh per key fetches
/// the next (so a slow git host never stalls clients that were answered before, Athens #893 and
/// #1884); a missing one is fetched once for all waiting callers. Failures are remembered for the
/// same time so a missing module does not hammer the upstream, but a failed background refresh
/// keeps the last good answer.
/// </summary>
public sealed class RefreshingCache<T>
{
    private sealed class Entry
    {
        public required Task<T> Value;
        public DateTimeOffset FetchedAt;
        public int Refreshing;
    }

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _loading = new(StringComparer.Ordinal);
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;

    /// <summary>Creates a cache whose answers stay fresh for <paramref name="ttl"/>.</summary>
    public RefreshingCache(TimeSpan ttl, TimeProvider? time = null)
    {
        _ttl = ttl;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// The answer for <paramref name="key"/>: from the cache, refreshed in the background when
    /// stale, or loaded with <paramref name="load"/> when absent. <paramref name="onRefresh"/>
    /// hears how each background refresh went.
    /// </summary>
    public async Task<T> GetAsync(string key, Func<Task<T>> load, Action<bool>? onRefresh, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry))
        {
            if (now - entry.FetchedAt > _ttl && Interlocked.CompareExchange(ref entry.Refreshing, 1, 0) == 0)
                _ = RefreshAsync(key, entry, load, onRefresh);
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        var lazy = _loading.GetOrAdd(key, k => new Lazy<Task<T>>(() => LoadAsync(k, load)));
        return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets <paramref name="key"/> (a new version was stored: the next list must show it).</summary>
    public void Invalidate(string key) => _entries.TryRemove(key, out _);

    private async Task<T> LoadAsync(string key, Func<Task<T>> load)
    {
        await Task.Yield();
        var task = load();
        try
        {
            await task.ConfigureAwait(false);
        }
        catch
        {
            // Remembered below like a success: the failure is the answer until the TTL passes.
        }
        finally
        {
            _entries[key] = new Entry { Value = task, FetchedAt = _time.GetUtcNow() };
            _loading.TryRemove(key, out _);
        }
        return await task.ConfigureAwait(false);
    }

    private async Task RefreshAsync(string key, Entry stale, Func<Task<T>> load, Action<bool>? onRefresh)
    {
        try
        {
            var task = load();
            await task.ConfigureAwait(false);
            _entries[key] = new Entry { Value = task, FetchedAt = _time.GetUtcNow() };
            onRefresh?.Invoke(true);
        }
        catch
        {
            // Keep serving the last answer; try again after another TTL.
            stale.FetchedAt = _time.GetUtcNow();
            Interlocked.Exchange(ref stale.Refreshing, 0);
            onRefresh?.Invoke(false);
        }
    }
}
