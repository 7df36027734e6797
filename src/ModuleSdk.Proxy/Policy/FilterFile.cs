using ModuleSdk.Diagnostics;

namespace ModuleSdk.Proxy.Policy;

/// <summary>
/// The filter file (<c>Filter:File</c>), reloaded when it changes: its modification time and
/// length are checked at most once a second, on use, so an edit takes effect within a second
/// without a restart and without a watcher thread. An invalid edit is logged (MOD6504) and the
/// previous rules stay in force; an invalid file at start-up stops the server.
/// </summary>
public sealed class FilterFile
{
    private readonly string? _path;
    private readonly ILogger _log;
    private readonly object _gate = new();
    private FilterRules _rules = FilterRules.IncludeAll;
    private (DateTime, long) _stamp;
    private long _nextCheck;

    /// <summary>Loads the file (none: everything included); throws MOD6504 when it is invalid.</summary>
    public FilterFile(string? path, ILogger<FilterFile> log)
    {
        _path = path is null ? null : Path.GetFullPath(path);
        _log = log;
        if (_path is not null)
        {
            _stamp = Stamp(_path);
            _rules = FilterRules.Parse(ReadText(_path), _path);
        }
    }

    /// <summary>The rules in force now.</summary>
    public FilterRules Rules
    {
        get
        {
            if (_path is null) return _rules;
            long now = Environment.TickCount64;
            if (now < Interlocked.Read(ref _nextCheck)) return _rules;
            lock (_gate)
            {
                if (now < _nextCheck) return _rules;
                _nextCheck = now + 1000;
                var stamp = Stamp(_path);
                if (stamp == _stamp) return _rules;
                _stamp = stamp;
                try
                {
                    _rules = FilterRules.Parse(ReadText(_path), _path);
                    _log.LogInformation("filter file {File} reloaded", _path);
                }
                catch (ModuleException e)
                {
                    _log.LogError("{Code} {Error} (the previous rules stay in force)", e.Code, e.Message);
                }
                return _rules;
            }
        }
    }

    private static (DateTime, long) Stamp(string path)
    {
        var f = new FileInfo(path);
        return f.Exists ? (f.LastWriteTimeUtc, f.Length) : (default, -1);
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.ProxyFilterFileInvalid, $"{path}: cannot read the filter file: {e.Message}", e);
        }
    }
}
