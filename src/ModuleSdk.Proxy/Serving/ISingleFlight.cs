namespace ModuleSdk.Proxy.Serving;

/// <summary>
/// One fetch per key at a time: callers asking for the same module version while a fetch runs
/// wait for that fetch instead of starting their own. In process for one instance
/// (<see cref="MemorySingleFlight"/>); across instances a shared lock is needed.
/// </summary>
public interface ISingleFlight
{
    /// <summary>
    /// Runs <paramref name="work"/> for <paramref name="key"/> unless a run is already going on,
    /// and completes when the (possibly shared) run completes, with its outcome.
    /// <paramref name="cancellationToken"/> stops this caller's wait only, never the shared run.
    /// </summary>
    Task RunAsync(string key, Func<Task> work, CancellationToken cancellationToken);
}
