using System.Collections.Concurrent;

namespace ModuleSdk.Proxy.Serving;

/// <summary>Single flight within one process: a task per key, removed when it completes.</summary>
public sealed class MemorySingleFlight : ISingleFlight
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _running = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task RunAsync(string key, Func<Task> work, CancellationToken cancellationToken)
    {
        var lazy = _running.GetOrAdd(key, _ => new Lazy<Task>(() => RunAndForget(key, work), LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value.WaitAsync(cancellationToken);
    }

    private async Task RunAndForget(string key, Func<Task> work)
    {
        try
        {
            // Off the caller's stack, so that the entry exists before the work can complete.
            await Task.Yield();
            await work().ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(key, out _);
        }
    }
}
