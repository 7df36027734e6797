using System.Diagnostics;
using System.Runtime.ExceptionServices;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

/// <summary>
/// Loads the requirement graph from the roots: the traversal of Go's <c>mvs.buildList</c>, with
/// its bounded parallel work queue (<c>par.Work</c>, 10 workers). Each module version is loaded
/// once; the graph is updated under one lock, so its content (and every answer derived from it)
/// does not depend on the order in which loads finish.
/// </summary>
/// <remarks>
/// Parallelism is adaptive: the calling thread works alone while loads are fast, and helper
/// threads join (up to the bound) while at least a quarter of the <see cref="IRequirements.Required"/>
/// calls so far took longer than <see cref="SlowCall"/> (network or disk reads). For a graph already
/// in memory, handing every node across threads would cost far more than the work itself, and a
/// call that merely looked slow because the thread was preempted on a busy machine must not switch
/// the overlap on for good: helpers leave again when the ratio drops. For a graph read from a
/// proxy, the first slow read (the main module's own requirements are usually cached) turns the
/// overlap on. Helpers are dedicated threads, not pool threads, because <c>Required</c> blocks.
/// </remarks>
internal sealed class GraphLoader
{
    internal const int DefaultParallelism = 10;
    internal static readonly long SlowCall = Stopwatch.Frequency / 1000; // 1 ms

    private readonly IRequirements _reqs;
    private readonly Func<ModuleId, ModuleId>? _upgrade;
    private readonly int _maxParallelism;
    private readonly ModuleGraph _graph;
    private readonly Action<int, ModuleId> _reached;

    private readonly object _gate = new();
    private readonly Queue<(int Node, ModuleId Module)> _todo = new();
    private readonly Dictionary<int, Exception> _errors = new();
    private readonly Dictionary<ModuleId, ModuleId> _upgrades = new();
    private int _running;
    private bool _forceParallel;
    private long _calls, _slowCalls;
    private Exception? _fatal;

    internal GraphLoader(IReadOnlyList<ModuleId> targets, IRequirements reqs, Func<ModuleId, ModuleId>? upgrade,
        int maxParallelism = DefaultParallelism, bool startParallel = false)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(reqs);
        if (targets.Count == 0) throw new ArgumentException("MVS needs at least one target module.", nameof(targets));
        foreach (var t in targets)
            if (t.Path is null || t.Version is null) throw new ArgumentException("A target module has no path or version.", nameof(targets));
        _reqs = reqs;
        _upgrade = upgrade;
        _maxParallelism = Math.Max(1, maxParallelism);
        _forceParallel = startParallel;
        _reached = (node, m) => _todo.Enqueue((node, m));
        _graph = new ModuleGraph(reqs, targets);
        var queued = new HashSet<int>();
        foreach (int r in _graph.RootNodes)
            if (queued.Add(r)) _todo.Enqueue((r, _graph.Node(r)));
    }

    /// <summary>Loads the whole graph on the calling thread plus helpers, then checks it.</summary>
    internal ModuleGraph Load()
    {
        _running = 1;
        Work();
        lock (_gate)
        {
            while (_running > 0) Monitor.Wait(_gate);
        }
        return Finish();
    }

    /// <summary>Loads the whole graph with at most the bound of asynchronous loads in flight.</summary>
    internal async Task<ModuleGraph> LoadAsync(IAsyncRequirements reqs, CancellationToken cancellationToken)
    {
        var inflight = new List<Task<Loaded>>();
        while (true)
        {
            while (_todo.Count > 0 && inflight.Count < _maxParallelism)
            {
                var (node, m) = _todo.Dequeue();
                if (m.Version == ModuleVersionOrder.None)
                {
                    Record(node, m, [], null, m);
                    continue;
                }
                ValueTask<IReadOnlyList<ModuleId>> pending;
                try
                {
                    pending = reqs.RequiredAsync(m, cancellationToken);
                }
                catch (Exception e) when (!IsCancellation(e, cancellationToken))
                {
                    Record(node, m, [], e, m);
                    continue;
                }
                // Graphs already in memory complete synchronously: no task, no hop.
                if (pending.IsCompletedSuccessfully) Record(node, m, pending.Result ?? [], null, m);
                else inflight.Add(Await(node, m, pending, cancellationToken));
            }
            if (inflight.Count == 0) break;
            var done = await Task.WhenAny(inflight).ConfigureAwait(false);
            inflight.Remove(done);
            var loaded = await done.ConfigureAwait(false);
            Record(loaded.Node, loaded.Module, loaded.Required, loaded.Error, loaded.Module);
        }
        if (_fatal is not null) ExceptionDispatchInfo.Throw(_fatal);
        return Finish();
    }

    private readonly record struct Loaded(int Node, ModuleId Module, IReadOnlyList<ModuleId> Required, Exception? Error);

    private static async Task<Loaded> Await(int node, ModuleId m, ValueTask<IReadOnlyList<ModuleId>> pending, CancellationToken cancellationToken)
    {
        try
        {
            return new Loaded(node, m, await pending.ConfigureAwait(false) ?? [], null);
        }
        catch (Exception e) when (!IsCancellation(e, cancellationToken))
        {
            return new Loaded(node, m, [], e);
        }
    }

    private static bool IsCancellation(Exception e, CancellationToken token) =>
        e is OperationCanceledException && token.IsCancellationRequested;

    private void Work()
    {
        try
        {
            while (true)
            {
                (int Node, ModuleId Module) item;
                // Alone and not going parallel: no other worker exists (only this thread starts
                // helpers), so the queue and the graph need no lock. In-memory graphs stay here.
                if (Volatile.Read(ref _running) == 1 && !Parallel && _fatal is null && _todo.Count > 0)
                {
                    item = _todo.Dequeue();
                    long t0 = Stopwatch.GetTimestamp();
                    var (req, err, up) = LoadOne(item.Module);
                    bool wasSlow = Stopwatch.GetTimestamp() - t0 > SlowCall;
                    Record(item.Node, item.Module, req, err, up);
                    _calls++;
                    if (wasSlow) _slowCalls++;
                    continue;
                }
                lock (_gate)
                {
                    // Leaving is decided and counted under one lock, so the last worker never leaves work behind.
                    // While loads are fast, one worker does it all; the others leave.
                    if (_fatal is not null || _todo.Count == 0 || (_running > 1 && !Parallel))
                    {
                        LeaveLocked();
                        return;
                    }
                    item = _todo.Dequeue();
                }

                long start = Stopwatch.GetTimestamp();
                var (required, error, upgradedTo) = LoadOne(item.Module);
                bool slow = Stopwatch.GetTimestamp() - start > SlowCall;

                lock (_gate)
                {
                    Record(item.Node, item.Module, required, error, upgradedTo);
                    _calls++;
                    if (slow) _slowCalls++;
                    if (Parallel && _fatal is null)
                    {
                        // This worker takes one item next; helpers for the rest, up to the bound.
                        int want = Math.Min(_maxParallelism, _running + _todo.Count - 1);
                        for (; _running < want; _running++)
                        {
                            HelpersStarted++;
                            new Thread(Work) { IsBackground = true, Name = "mvs-load" }.Start();
                        }
                    }
                }
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _fatal ??= e;
                LeaveLocked();
            }
        }
    }

    private void LeaveLocked()
    {
        if (--_running == 0) Monitor.PulseAll(_gate);
    }

    /// <summary>How many helper threads joined (for tests).</summary>
    internal int HelpersStarted { get; private set; }

    private bool Parallel => _forceParallel || _slowCalls * 4 > _calls;

    /// <summary>Calls Required and the upgrade function for one module version, outside the lock (they may be slow).</summary>
    private (IReadOnlyList<ModuleId> Required, Exception? Error, ModuleId UpgradedTo) LoadOne(ModuleId m)
    {
        IReadOnlyList<ModuleId> required = [];
        Exception? error = null;
        if (m.Version != ModuleVersionOrder.None)
        {
            try
            {
                required = _reqs.Required(m) ?? [];
            }
            catch (Exception e)
            {
                error = e;
            }
        }
        var u = m;
        if (_upgrade is not null)
        {
            try
            {
                u = _upgrade(m);
            }
            catch (Exception e)
            {
                error ??= e;
            }
        }
        return (required, error, u);
    }

    /// <summary>Adds one loaded module version to the graph (callers hold the lock or are single-threaded).</summary>
    private void Record(int node, ModuleId m, IReadOnlyList<ModuleId> required, Exception? error, ModuleId upgradedTo)
    {
        try
        {
            if (error is not null) _errors[node] = error;
            if (upgradedTo != m)
            {
                // An explicit upgrade is an edge like any requirement, listed first (as Go does).
                _upgrades[m] = upgradedTo;
                var withUpgrade = new ModuleId[required.Count + 1];
                withUpgrade[0] = upgradedTo;
                for (int i = 0; i < required.Count; i++) withUpgrade[i + 1] = required[i];
                required = withUpgrade;
            }
            _graph.Require(node, required, _reached);
        }
        catch (Exception e)
        {
            // A throwing Max (or a bug): stop loading and report it as is.
            _fatal ??= e;
            _todo.Clear();
        }
    }

    private ModuleGraph Finish()
    {
        if (_fatal is not null) ExceptionDispatchInfo.Throw(_fatal);
        if (_errors.Count > 0)
        {
            // Report the error nearest a root, with the chain that leads to it.
            var nodes = _graph.FindNodePath(_errors.ContainsKey)
                ?? throw new InvalidOperationException("internal error: could not reconstruct path to module with error");
            var path = new ModuleId[nodes.Count];
            for (int i = 0; i < path.Length; i++) path[i] = _graph.Node(nodes[i]);
            var cause = _errors[nodes[^1]];
            throw BuildListException.Create(cause, path,
                (from, to) => _upgrades.TryGetValue(from, out var u) && u == to);
        }
        CheckTargetsSelected();
        return _graph;
    }

    private void CheckTargetsSelected()
    {
        var targets = _graph.Roots;
        var list = _graph.BuildList();
        bool same = list.Count >= targets.Count;
        for (int i = 0; same && i < targets.Count; i++) same = list[i] == targets[i];
        if (same) return;
        var chosen = string.Join(", ", list.Take(targets.Count));
        throw new ModuleException(DiagnosticCodes.TargetNotSelected,
            $"internal error: MVS chose versions [{chosen}] instead of targets [{string.Join(", ", targets)}]: " +
            "the version order (Max) must rank each target's version above every other version of its path");
    }
}
