using ModuleSdk.Diagnostics;

namespace ModuleSdk.Cache;

/// <summary>
/// The cache-side end of a download: a stream over the temporary file whose write failures (a
/// full disk, a read-only file system) become <see cref="DiagnosticCodes.CacheIoError"/> at once.
/// A source copying into it would otherwise see a plain <see cref="IOException"/>, take it for a
/// broken connection and retry, then report a local disk problem as a network one.
/// </summary>
internal sealed class LocalWriteStream(Stream inner, string what) : Stream
{
    private T Local<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.CacheIoError, $"{what}: {e.Message}", e);
        }
    }

    private void Local(Action action) => Local<object?>(() => { action(); return null; });

    public override void Write(byte[] buffer, int offset, int count) => Local(() => inner.Write(buffer, offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.CacheIoError, $"{what}: {e.Message}", e);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.CacheIoError, $"{what}: {e.Message}", e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => Local(inner.Flush);

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.CacheIoError, $"{what}: {e.Message}", e);
        }
    }

    public override void SetLength(long value) => Local(() => inner.SetLength(value));
    public override long Seek(long offset, SeekOrigin origin) => Local(() => inner.Seek(offset, origin));
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => Local(() => inner.Position = value); }
}
