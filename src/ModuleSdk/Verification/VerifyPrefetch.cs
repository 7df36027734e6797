using System.Collections.Concurrent;
using ModuleSdk.Modules;

namespace ModuleSdk.Verification;

/// <summary>
/// Cache inspections started before the build list is known (<see cref="Verifier.Prefetch"/>):
/// one background thread per core takes the candidates in turn. <see cref="Verifier"/> waits for
/// them when the build list arrives and uses those of its modules; disposing stops the threads
/// after the module each is inspecting (for a verify that failed before it got that far).
/// </summary>
public sealed class VerifyPrefetch : IDisposable
{
    private readonly Verifier _verifier;
    private readonly ModuleId[] _candidates;
    private readonly ConcurrentDictionary<ModuleId, Verifier.Inspection> _done = new();
    private readonly Thread[] _threads;
    private readonly CancellationToken _cancellationToken;
    private int _next = -1;
    private volatile bool _stopped;

    internal VerifyPrefetch(Verifier verifier, ModuleId[] candidates, CancellationToken cancellationToken)
    {
        _verifier = verifier;
        _candidates = candidates;
        _cancellationToken = cancellationToken;
        _threads = new Thread[Math.Min(Environment.ProcessorCount, candidates.Length)];
        for (int i = 0; i < _threads.Length; i++)
        {
            // Background: a verify that ends early (an error loading the graph) must not wait for them.
            _threads[i] = new Thread(Work) { IsBackground = true, Name = "verify prefetch" };
            _threads[i].Start();
        }
    }

    private void Work()
    {
        while (!_stopped && !_cancellationToken.IsCancellationRequested)
        {
            int i = Interlocked.Increment(ref _next);
            if (i >= _candidates.Length) return;
            // Inspect reports every I/O problem as a problem of the module; anything else is a bug,
            // which the module's inspection after the build list will meet again and throw.
            try
            {
                _done[_candidates[i]] = _verifier.Inspect(_candidates[i]);
            }
            catch (Exception)
            {
            }
        }
    }

    /// <summary>Waits for the threads; returns what they inspected.</summary>
    internal IReadOnlyDictionary<ModuleId, Verifier.Inspection> Complete(CancellationToken cancellationToken)
    {
        foreach (var t in _threads) t.Join();
        cancellationToken.ThrowIfCancellationRequested();
        return _done;
    }

    /// <inheritdoc/>
    public void Dispose() => _stopped = true;
}
