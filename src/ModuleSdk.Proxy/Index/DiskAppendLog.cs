using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.IO;

namespace ModuleSdk.Proxy.Index;

/// <summary>
/// An <see cref="IAppendLog"/> in one file (with <c>Storage:Kind=disk</c>, under
/// <c>Storage:Path/.modproxy/</c>, a name no module path can take). Appenders hold the file's
/// lock file (the engine's <see cref="FileLock"/>, so instances sharing the folder take turns),
/// read what others appended, cut a line a crashed appender left half-written, and append with
/// a flush to disk. Readers take complete lines only. The lines read are kept in memory, so each
/// read costs only what was appended since.
/// </summary>
public sealed class DiskAppendLog : IAppendLog
{
    private readonly string _file;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<string> _lines = [];
    private long _offset; // the file offset after the last complete line read

    /// <summary>Creates the log in <paramref name="file"/> (its folder is created when missing).</summary>
    public DiskAppendLog(string file)
    {
        _file = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ReadAsync(int from, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            CatchUp();
            return from >= _lines.Count ? [] : _lines.GetRange(from, _lines.Count - from);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<string?> AppendAsync(Func<IReadOnlyList<string>, string?> decide, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var held = await FileLock.AcquireAsync(_file + ".lock", TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
            CatchUp();
            string? line = decide(_lines.AsReadOnly());
            if (line is null) return null;
            if (line.Contains('\n', StringComparison.Ordinal)) throw new ArgumentException("a log line cannot contain a newline", nameof(decide));
            using (var f = new FileStream(_file, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                // A line a crashed appender left without its newline is not part of the log: cut it.
                if (f.Length > _offset) f.SetLength(_offset);
                f.Position = _offset;
                byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
                f.Write(bytes);
                f.Flush(flushToDisk: true);
                _offset += bytes.Length;
            }
            _lines.Add(line);
            return line;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.ProxyLogFailed, $"appending to {_file} failed: {e.Message}", e);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Reads the complete lines appended since the last read (by this instance or another).
    private void CatchUp()
    {
        try
        {
            using var f = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (f.Length <= _offset) return;
            f.Position = _offset;
            var buffer = new byte[f.Length - _offset];
            f.ReadExactly(buffer);
            int start = 0;
            for (int i = 0; i < buffer.Length; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                _lines.Add(Encoding.UTF8.GetString(buffer, start, i - start));
                start = i + 1;
            }
            _offset += start;
        }
        catch (FileNotFoundException)
        {
        }
        catch (IOException e)
        {
            throw new ModuleException(DiagnosticCodes.ProxyLogFailed, $"reading {_file} failed: {e.Message}", e);
        }
    }
}
