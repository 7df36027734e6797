using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Index;
using ModuleSdk.Proxy.Policy;
using ModuleSdk.Proxy.Serving;

namespace ModuleSdk.Proxy.Mirroring;

/// <summary>
/// Mirror mode's follower: asks the origin's <c>/index</c> for entries at or after its cursor
/// every <c>Mirror:PollSeconds</c> (at once again while pages come back full), and copies each
/// new version through the upstream (the origin), the usual checks and the mirror's gate
/// (<see cref="MirrorRecord"/>: its record and the origin's checksum database) into its own
/// storage, a few at a time. The cursor (the last timestamp all of whose entries are copied or
/// refused for good) is kept in the storage (<c>mirror-cursor</c>), so a restart goes on where
/// it stopped. A version refused for good (the log does not vouch for it, its zip breaks the
/// rules, the origin no longer has it) is logged and passed over; anything else (the origin or
/// its database down, storage failing) stops the page, and the follower retries from that entry
/// with back-off up to <c>Mirror:MaxBackoffSeconds</c>. Meanwhile the mirror serves what it has.
/// </summary>
public sealed class MirrorFollower(MirrorOptions options, ModuleService modules, FilterFile filter, AppendLogs logs, ILogger<MirrorFollower> log)
    : BackgroundService
{
    private const int Parallelism = 4;
    private readonly HttpClient _http = SourceClient.Create(options.Source!);
    private readonly IAppendLog _cursorLog = logs.Get("mirror-cursor");
    private readonly HashSet<ModuleId> _doneAtCursor = [];
    private DateTimeOffset _cursor = DateTimeOffset.MinValue;
    private long _copied, _refused;

    /// <summary>Versions copied since start.</summary>
    public long Copied => Interlocked.Read(ref _copied);

    /// <summary>Versions refused for good since start.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>The last error talking to the origin, or null after a good round (tests, logs).</summary>
    public string? LastError { get; private set; }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var lines = await _cursorLog.ReadAsync(0, stoppingToken).ConfigureAwait(false);
            if (lines.Count > 0 && IndexEntry.TryParseTime(lines[^1]) is { } saved) _cursor = saved;
        }
        catch (ModuleException e)
        {
            log.LogWarning("mirror: reading the saved cursor failed, following {Source} from the start: {Error}", Redacted, e.Message);
        }
        var wait = options.Poll;
        while (!stoppingToken.IsCancellationRequested)
        {
            bool more;
            try
            {
                more = await RoundAsync(stoppingToken).ConfigureAwait(false);
                LastError = null;
                wait = options.Poll;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is ModuleException or HttpRequestException or TaskCanceledException or IOException)
            {
                LastError = e.Message;
                log.LogWarning("mirror: following {Source} failed, retrying in {Seconds} s (serving what is stored): {Error}",
                    Redacted, wait.TotalSeconds, e.Message);
                more = false;
                await Delay(wait, stoppingToken).ConfigureAwait(false);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, options.MaxBackoff.Ticks));
                continue;
            }
            if (!more) await Delay(wait, stoppingToken).ConfigureAwait(false);
        }
    }

    private string Redacted => Direct.GitCredentials.StripUserInfo(options.Source!);

    private static async Task Delay(TimeSpan wait, CancellationToken ct)
    {
        try
        {
            await Task.Delay(wait, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    // One page of the origin's index; true when the page was full (there is more at once).
    private async Task<bool> RoundAsync(CancellationToken ct)
    {
        string since = _cursor == DateTimeOffset.MinValue ? "" : "since=" + Uri.EscapeDataString(IndexEntry.FormatTime(_cursor)) + "&";
        using var res = await _http.GetAsync($"index?{since}limit={VersionIndex.MaxLimit}", ct).ConfigureAwait(false);
        if (!res.IsSuccessStatusCode)
            throw new ModuleException(DiagnosticCodes.MirrorSourceIndexInvalid, $"{Redacted}/index answered {(int)res.StatusCode}");
        string body = await res.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        var entries = new List<IndexEntry>();
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            entries.Add(IndexEntry.TryParse(line) ?? throw new ModuleException(DiagnosticCodes.MirrorSourceIndexInvalid,
                $"{Redacted}/index: a line is not an index entry {{\"Path\",\"Version\",\"Timestamp\"}}: {(line.Length > 200 ? line[..200] + "…" : line)}"));
        }
        var todo = entries.Where(e => !(e.Timestamp == _cursor && _doneAtCursor.Contains(new ModuleId(e.Path, e.Version)))).ToList();
        if (todo.Count == 0) return false;

        // Copy a few at a time; the cursor moves past an entry only when it and all before it are done.
        var outcome = new bool[todo.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, todo.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (i, c) => outcome[i] = await CopyAsync(todo[i], c).ConfigureAwait(false)).ConfigureAwait(false);
        int done = Array.IndexOf(outcome, false);
        if (done < 0) done = todo.Count;
        if (done > 0) await AdvanceAsync(todo.Take(done).ToList(), ct).ConfigureAwait(false);
        if (done < todo.Count)
            throw new ModuleException(_lastCopyCode, $"copying {todo[done].Path}@{todo[done].Version} failed: {_lastCopyError}");
        return entries.Count == VersionIndex.MaxLimit;
    }

    private volatile string _lastCopyCode = DiagnosticCodes.MirrorSourceIndexInvalid;
    private volatile string _lastCopyError = "";

    private async Task AdvanceAsync(List<IndexEntry> done, CancellationToken ct)
    {
        var last = done[^1].Timestamp;
        if (last != _cursor) _doneAtCursor.Clear();
        foreach (var e in done.Where(e => e.Timestamp == last)) _doneAtCursor.Add(new ModuleId(e.Path, e.Version));
        if (last == _cursor) return;
        _cursor = last;
        string line = IndexEntry.FormatTime(last);
        await _cursorLog.AppendAsync(_ => line, ct).ConfigureAwait(false);
    }

    // True when the entry is copied, already here, or refused for good; false to retry later.
    private async Task<bool> CopyAsync(IndexEntry e, CancellationToken ct)
    {
        if (!ModulePath.IsValidPath(e.Path) || !Semver.IsValid(e.Version))
        {
            log.LogWarning("mirror: skipping an index entry that is not a module version: {Module} {Version}", e.Path, e.Version);
            return true;
        }
        if (filter.Rules.Decide(e.Path, e.Version) != FilterDecision.Include) return true;
        try
        {
            if (await modules.Storage.ExistsAsync(e.Path, e.Version, ct).ConfigureAwait(false)) return true;
            await modules.EnsureStoredAsync(e.Path, e.Version, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _copied);
            modules.Forget(e.Path);
            return true;
        }
        catch (ModuleNotFoundException ex)
        {
            // The origin dropped it (retention) after indexing it: nothing to copy.
            log.LogWarning("mirror: {Module} {Version} is in the origin's index but not found there: {Error}", e.Path, e.Version, ex.Message);
            return true;
        }
        catch (ModuleException ex) when (ex.Code is DiagnosticCodes.MirrorVersionNotVouched or DiagnosticCodes.MirrorRecordMismatch
            or DiagnosticCodes.ProxyUpstreamContentInvalid)
        {
            Interlocked.Increment(ref _refused);
            log.LogError("{Code} mirror: refused {Module} {Version}: {Error}", ex.Code, e.Path, e.Version, ex.Message);
            return true;
        }
        catch (ModuleException ex)
        {
            _lastCopyCode = ex.Code;
            _lastCopyError = ex.Message;
            return false;
        }
    }
}
