namespace ModuleSdk.Fetching;

/// <summary>
/// Bounds how many fetches run at once when a caller fetches many modules in parallel (restore,
/// <c>dotnet mod download all</c>). A thin wrapper over <see cref="SemaphoreSlim"/> so the bound
/// has a name and a default. The limiter is used by callers around whole operations; sources do
/// not take slots themselves, so a caller holding a slot can never deadlock waiting for another.
/// </summary>
public sealed class FetchLimiter : IDisposable
{
    /// <summary>The default number of concurrent fetches.</summary>
    public const int DefaultConcurrency = 16;

    private readonly SemaphoreSlim _slots;

    /// <summary>Creates a limiter allowing <paramref name="maxConcurrency"/> operations at once.</summary>
    public FetchLimiter(int maxConcurrency = DefaultConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        MaxConcurrency = maxConcurrency;
        _slots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
    }

    /// <summary>The number of operations allowed at once.</summary>
    public int MaxConcurrency { get; }

    /// <summary>The number of free slots right now.</summary>
    public int Available => _slots.CurrentCount;

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    public async ValueTask<IDisposable> AcquireAsync(CancellationToken cancellationToken = default)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_slots);
    }

    /// <summary>Runs <paramref name="operation"/> in a slot.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken = default)
    {
        using var slot = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        return await operation(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="operation"/> in a slot.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken = default)
    {
        using var slot = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        await operation(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose() => _slots.Dispose();

    // Releases exactly once even if disposed twice, so a double dispose cannot over-release.
    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
