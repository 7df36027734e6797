using ModuleSdk.Modules;
using ModuleSdk.Proxy.Storage;

namespace ModuleSdk.Proxy.Webhooks;

/// <summary>
/// Polling for git hosts without webhooks (<c>Polling:Modules</c>): each polled module is
/// refreshed (<see cref="ModuleRefresher"/>: its repository lists its refs, new tagged versions
/// are stored) on a schedule of its own that backs off: after a poll that found nothing new, or
/// failed, the module waits twice as long (from <c>Polling:IntervalSeconds</c> up to
/// <c>Polling:MaxIntervalSeconds</c>); a poll that found a new version starts again from the
/// first interval. The polled modules are the stored ones matching the patterns plus each
/// literal path, looked up again every first interval.
/// </summary>
public sealed class ModulePoller(WebhookOptions options, ModuleRefresher refresher, IModuleStorage storage, TimeProvider time, ILogger<ModulePoller> log)
    : BackgroundService
{
    private sealed class Schedule
    {
        public TimeSpan Interval;
        public DateTimeOffset Due;
    }

    private readonly Dictionary<string, Schedule> _schedules = new(StringComparer.Ordinal);

    /// <summary>The current interval of each polled module (tests, logs).</summary>
    public IReadOnlyDictionary<string, TimeSpan> Intervals
    {
        get
        {
            lock (_schedules) return _schedules.ToDictionary(s => s.Key, s => s.Value.Interval, StringComparer.Ordinal);
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.PollModules)) return;
        var tick = TimeSpan.FromMilliseconds(Math.Clamp(options.PollInterval.TotalMilliseconds / 4, 50, 1000));
        var nextDiscovery = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() >= nextDiscovery)
                {
                    await DiscoverAsync(stoppingToken).ConfigureAwait(false);
                    nextDiscovery = time.GetUtcNow() + options.PollInterval;
                }
                List<string> due;
                lock (_schedules) due = [.. _schedules.Where(s => s.Value.Due <= time.GetUtcNow()).Select(s => s.Key)];
                foreach (var path in due) await PollAsync(path, stoppingToken).ConfigureAwait(false);
                await Task.Delay(tick, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError("polling: {Error}", e.Message);
                await Task.Delay(options.PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DiscoverAsync(CancellationToken ct)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in options.PollModules.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (!p.Contains('*', StringComparison.Ordinal) && !p.Contains('?', StringComparison.Ordinal)
                && !p.Contains('[', StringComparison.Ordinal) && ModulePath.IsValidPath(p)) paths.Add(p);
        await foreach (var id in storage.ListAllAsync(ct).ConfigureAwait(false))
            if (PathPatterns.MatchPrefixPatterns(options.PollModules, id.Path)) paths.Add(id.Path);
        lock (_schedules)
        {
            foreach (var p in paths)
                if (!_schedules.ContainsKey(p)) _schedules[p] = new Schedule { Interval = options.PollInterval, Due = time.GetUtcNow() + options.PollInterval };
        }
    }

    private async Task PollAsync(string path, CancellationToken ct)
    {
        bool found = false;
        try
        {
            var stored = await refresher.RefreshAsync(path, null, ct).ConfigureAwait(false);
            found = stored.Count > 0;
            if (found) log.LogInformation("polling {Module}: stored {Versions}", path, string.Join(" ", stored));
        }
        catch (Exception e) when (e is Diagnostics.ModuleException or IOException or HttpRequestException)
        {
            log.LogWarning("polling {Module} failed (stored versions stay served): {Error}", path, e.Message);
        }
        lock (_schedules)
        {
            var s = _schedules[path];
            s.Interval = found ? options.PollInterval : TimeSpan.FromTicks(Math.Min(s.Interval.Ticks * 2, options.PollMaxInterval.Ticks));
            s.Due = time.GetUtcNow() + s.Interval;
        }
    }
}
