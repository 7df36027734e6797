using System.IO.Pipelines;
using ModuleSdk.Proxy.Storage;

namespace ModuleSdk.Proxy.Serving;

/// <summary>
/// Writes a stored zip into a response body, streamed in bounded chunks (a zip is never held in
/// memory whole). A file on local disk (<see cref="DiskStorage"/>'s <see cref="FileStream"/>) is
/// read straight into the response pipe's own memory with positioned, synchronous reads; any
/// other stream is copied into the pipe's memory through its own reads.
/// </summary>
/// <remarks>
/// Why not <c>HttpResponse.SendFileAsync</c>: Kestrel has no <c>sendfile(2)</c> path, its
/// <c>SendFileAsync</c> copies through a <see cref="FileStream"/> (strace: 67 reads of 16 KiB
/// and 17 <c>sendmsg</c> per MiB, no <c>sendfile</c>) as
/// <see cref="Stream.CopyToAsync(Stream, int, CancellationToken)"/> did here, and measured slower
/// still (docs/benchmarks.md, "The proxy's two missed targets, this session"). That copy cost
/// one read and one <c>sendmsg</c> per 64 KiB, each asynchronous read a thread-pool hop, and a
/// second user-space copy from the read buffer into the pipe. Reading into the pipe's memory in
/// 256 KiB pieces costs one copy, four reads and four sends per MiB. The reads are synchronous because a stored
/// version is read often and sits in the page cache, where a read returns at once; .NET's
/// "asynchronous" file reads on Linux are the same read on another thread pool thread. A read
/// that misses the page cache blocks its thread for the disk, as nginx's <c>sendfile</c> blocks
/// its worker.
/// </remarks>
public static class ZipBody
{
    /// <summary>The most a single read puts into the response pipe (a bound on memory per response).</summary>
    public const int ChunkSize = 256 * 1024;

    /// <summary>
    /// Writes <paramref name="length"/> bytes of <paramref name="content"/> to <paramref name="body"/>.
    /// Throws <see cref="IOException"/> when the content ends early (the response is then cut, never
    /// completed with other bytes).
    /// </summary>
    public static async Task WriteAsync(Stream content, long length, PipeWriter body, CancellationToken cancellationToken)
    {
        if (content is FileStream { CanSeek: true } file)
        {
            var handle = file.SafeFileHandle;
            for (long at = 0; at < length;)
            {
                int want = (int)Math.Min(ChunkSize, length - at);
                var memory = body.GetMemory(want);
                int n = RandomAccess.Read(handle, memory.Span[..Math.Min(memory.Length, want)], at);
                if (n == 0) throw new IOException($"{file.Name}: ended at byte {at} of {length}");
                body.Advance(n);
                at += n;
                var flushed = await body.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushed.IsCanceled || flushed.IsCompleted) return; // the client went away
            }
            return;
        }
        for (long at = 0; at < length;)
        {
            int want = (int)Math.Min(ChunkSize, length - at);
            var memory = body.GetMemory(want);
            int n = await content.ReadAsync(memory[..Math.Min(memory.Length, want)], cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new IOException($"stored zip ended at byte {at} of {length}");
            body.Advance(n);
            at += n;
            var flushed = await body.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flushed.IsCanceled || flushed.IsCompleted) return;
        }
    }
}
