using System.Collections.Concurrent;

namespace ModuleSdk.Proxy.Operations;

/// <summary>
/// The upstream fetches running now, so that shutdown can let them finish (a version half-fetched
/// is not stored, but a fetch many clients wait for should complete rather than be thrown away).
/// Registered as a hosted service: its <see cref="StopAsync"/> runs when the host stops and waits
/// for the fetches (bounded by the host's shutdown timeout).
/// </summary>
public sealed class InFlightFetches : IHostedService
{
    private readonly ConcurrentDictionary<Task, byte> _tasks = new();

    /// <summary>The number of fetches running.</summary>
    public int Count => _tasks.Count;

    /// <summary>Tracks <paramref name="task"/> until it completes.</summary>
    public Task Track(Task task)
    {
        _tasks.TryAdd(task, 0);
        _ = task.ContinueWith(t => _tasks.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var running = _tasks.Keys.ToArray();
        if (running.Length == 0) return;
        try
        {
            await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A failed fetch is reported to its clients; shutdown only waits.
        }
    }
}
