namespace ModuleSdk.IO;

/// <summary>
/// One atomic write in progress (see <see cref="AtomicFile.Create"/>): a temporary file beside
/// the target that becomes the target only on <see cref="Commit"/>. Between
/// <see cref="CloseTemporaryFile"/> and <see cref="Commit"/> the finished temporary file can be
/// checked (a zip is hashed before it is let into the cache).
/// </summary>
public sealed class AtomicFileWriter : IDisposable
{
    private FileStream? _stream;
    private readonly bool _durable;
    private bool _committed;

    internal AtomicFileWriter(string path, string temporaryPath, FileStream stream, bool durable = true)
    {
        Path = path;
        TemporaryPath = temporaryPath;
        _stream = stream;
        _durable = durable;
    }

    /// <summary>The file being written.</summary>
    public string Path { get; }

    /// <summary>The temporary file the bytes go to until <see cref="Commit"/>.</summary>
    public string TemporaryPath { get; }

    /// <summary>The stream of the temporary file.</summary>
    public Stream Stream => _stream ?? throw new InvalidOperationException("the temporary file is already closed");

    /// <summary>Discards what was written so far (a failed download attempt before a retry).</summary>
    public void Reset()
    {
        var s = (FileStream)Stream;
        s.SetLength(0);
        s.Position = 0;
    }

    /// <summary>
    /// Flushes the temporary file (to disk, when durable) and closes it, keeping it. Syncing
    /// before the rename matters for files read without a hash check: without it a crash right
    /// after the rename can leave a zero-length target (golang.org/issue/22397).
    /// </summary>
    public void CloseTemporaryFile()
    {
        if (_stream is null) return;
        _stream.Flush(flushToDisk: _durable);
        _stream.Dispose();
        _stream = null;
    }

    /// <summary>Flushes, closes and renames the temporary file over <see cref="Path"/>.</summary>
    public void Commit()
    {
        if (_committed) throw new InvalidOperationException("already committed");
        CloseTemporaryFile();
        AtomicFile.Replace(TemporaryPath, Path);
        _committed = true;
    }

    /// <summary>Closes and deletes the temporary file unless the write was committed.</summary>
    public void Dispose()
    {
        try
        {
            // Closing flushes what is buffered, which fails on a full disk: the temporary file
            // must go all the same (this runs while that or another error propagates).
            _stream?.Dispose();
        }
        catch (IOException) { }
        _stream = null;
        if (_committed) return;
        try { File.Delete(TemporaryPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
