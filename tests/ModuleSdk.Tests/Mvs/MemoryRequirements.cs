using ModuleSdk.Modules;
using ModuleSdk.Mvs;

namespace ModuleSdk.Tests.Mvs;

/// <summary>
/// A requirement graph of real-looking module paths and semantic versions, with the default
/// version order, optional failures per module version and an optional delay per load.
/// </summary>
internal class MemoryRequirements : IAsyncRequirements
{
    private readonly Dictionary<ModuleId, ModuleId[]> _reqs = new();
    private readonly Dictionary<ModuleId, Exception> _failures = new();
    private int _inFlight;

    public int MaxInFlight;
    public readonly System.Collections.Concurrent.ConcurrentDictionary<int, int> CallsByThread = new();
    public int Calls;
    public TimeSpan Delay = TimeSpan.Zero;

    public static ModuleId Id(string pathAtVersion)
    {
        int at = pathAtVersion.IndexOf('@');
        return at < 0 ? new ModuleId(pathAtVersion, "") : new ModuleId(pathAtVersion[..at], pathAtVersion[(at + 1)..]);
    }

    /// <summary>Adds <c>m requires deps...</c>, with <c>path@version</c> names.</summary>
    public MemoryRequirements Add(string module, params string[] deps)
    {
        _reqs[Id(module)] = deps.Select(Id).ToArray();
        return this;
    }

    public MemoryRequirements Fail(string module, Exception cause)
    {
        _failures[Id(module)] = cause;
        return this;
    }

    public IReadOnlyList<ModuleId> Required(ModuleId module)
    {
        int now = Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref Calls);
        CallsByThread.AddOrUpdate(Environment.CurrentManagedThreadId, 1, (_, n) => n + 1);
        InterlockedMax(ref MaxInFlight, now);
        try
        {
            if (Delay > TimeSpan.Zero) Thread.Sleep(Delay);
            return Answer(module);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async ValueTask<IReadOnlyList<ModuleId>> RequiredAsync(ModuleId module, CancellationToken cancellationToken)
    {
        int now = Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref Calls);
        InterlockedMax(ref MaxInFlight, now);
        try
        {
            if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken);
            else await Task.Yield();
            return Answer(module);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private IReadOnlyList<ModuleId> Answer(ModuleId module)
    {
        if (_failures.TryGetValue(module, out var e)) throw e;
        // Modules never described require nothing: most tests only describe the interesting edges.
        return _reqs.TryGetValue(module, out var list) ? list : [];
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
