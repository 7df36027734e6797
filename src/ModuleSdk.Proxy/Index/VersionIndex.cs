using ModuleSdk.Modules;

namespace ModuleSdk.Proxy.Index;

/// <summary>
/// The index of every version this proxy stored, in the order it stored them (Go's
/// index.golang.org): an <see cref="IAppendLog"/> of <see cref="IndexEntry"/> JSON lines in the
/// storage. A version is appended once. Its timestamp is assigned while appending is exclusive,
/// as the later of now and one tick (100 ns) after the last entry's, so timestamps strictly
/// increase in log order whatever the clocks of the instances sharing the storage say: a reader
/// that was served entries up to a timestamp never finds a version appended later with an
/// earlier or equal one (a <c>since</c> cursor never skips anything).
/// </summary>
public sealed class VersionIndex(IAppendLog log, TimeProvider? time = null)
{
    /// <summary>Go's index: the default and largest <c>limit</c>.</summary>
    public const int MaxLimit = 2000;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<IndexEntry> _entries = [];
    private readonly HashSet<ModuleId> _seen = [];
    private int _linesRead;

    /// <summary>
    /// Appends <paramref name="path"/>@<paramref name="version"/> unless it is already in the
    /// index; returns its new entry, or null when it was there.
    /// </summary>
    public async Task<IndexEntry?> AppendAsync(string path, string version, CancellationToken cancellationToken)
    {
        var id = new ModuleId(path, version);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Absorb(await log.ReadAsync(_linesRead, cancellationToken).ConfigureAwait(false));
            if (_seen.Contains(id)) return null;
            IndexEntry? added = null;
            await log.AppendAsync(all =>
            {
                // Everything other instances appended meanwhile is in all: decide on it.
                Absorb(all.Skip(_linesRead).ToList());
                if (_seen.Contains(id)) return null;
                added = new IndexEntry(path, version, NextTimestamp());
                return added.ToJson();
            }, cancellationToken).ConfigureAwait(false);
            if (added is not null) Absorb([added.ToJson()]);
            return added;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> entries whose timestamp is at or after <paramref name="since"/>
    /// (inclusive, as Go's index), oldest first.
    /// </summary>
    public async Task<IReadOnlyList<IndexEntry>> ReadAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Absorb(await log.ReadAsync(_linesRead, cancellationToken).ConfigureAwait(false));
            int lo = 0, hi = _entries.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (_entries[mid].Timestamp < since) lo = mid + 1;
                else hi = mid;
            }
            return _entries.GetRange(lo, Math.Min(limit, _entries.Count - lo));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reports whether the version is in the index.</summary>
    public async Task<bool> ContainsAsync(string path, string version, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Absorb(await log.ReadAsync(_linesRead, cancellationToken).ConfigureAwait(false));
            return _seen.Contains(new ModuleId(path, version));
        }
        finally
        {
            _gate.Release();
        }
    }

    private DateTimeOffset NextTimestamp()
    {
        var now = _time.GetUtcNow().ToUniversalTime();
        if (_entries.Count == 0) return now;
        var next = _entries[^1].Timestamp.AddTicks(1);
        return now > next ? now : next;
    }

    private void Absorb(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            _linesRead++;
            // A line that is not an entry (edited by hand) is skipped, not fatal.
            if (IndexEntry.TryParse(line) is not { } e) continue;
            if (_seen.Add(new ModuleId(e.Path, e.Version))) _entries.Add(e);
        }
    }
}
