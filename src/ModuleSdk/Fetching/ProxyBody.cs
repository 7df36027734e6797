using System.Buffers;
using System.Runtime.CompilerServices;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Fetching;

/// <summary>
/// Reading proxy response bodies: bounded in size, watched for stalls, sniffed for the HTML pages
/// that misconfigured proxies, login walls and captive portals serve with status 200.
/// </summary>
internal static class ProxyBody
{
    private const int BufferSize = 81920;

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="destination"/>, failing with
    /// <see cref="BodyTooLargeException"/> once more than <paramref name="limit"/> bytes arrived
    /// (Go reads limit + 1 bytes and fails if it got them all). Each read must deliver within
    /// <paramref name="stall"/>, else <see cref="OperationCanceledException"/> is thrown while
    /// <paramref name="cancellationToken"/> itself is not cancelled. When <paramref name="checkHead"/>
    /// is given, it sees the first bytes (up to 64) before anything is written, so that it can
    /// throw and keep, say, an HTML page out of the destination. <paramref name="written"/>, when
    /// given, tracks the bytes written so far, so a caller can tell whether a retry is possible.
    /// </summary>
    public static async Task<long> CopyAsync(Stream source, Stream destination, long limit, TimeSpan stall, Action<ReadOnlySpan<byte>>? checkHead,
        CancellationToken cancellationToken, StrongBox<long>? written = null)
    {
        using var stallCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int head = 0;
            bool headChecked = checkHead is null;
            while (true)
            {
                if (stall != Timeout.InfiniteTimeSpan) stallCts.CancelAfter(stall);
                int n = await source.ReadAsync(buffer.AsMemory(head, buffer.Length - head), stallCts.Token).ConfigureAwait(false);
                if (!headChecked)
                {
                    // Gather a few bytes before judging, however the server chunks its writes.
                    head += n;
                    if (n > 0 && head < 64) continue;
                    headChecked = true;
                    checkHead!(buffer.AsSpan(0, head));
                    n = head;
                    head = 0;
                }
                if (n == 0) return total;
                if (total + n > limit) throw new BodyTooLargeException();
                total += n;
                await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                if (written is not null) written.Value = total;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reports whether a body's first bytes are an HTML (or XML) page rather than protocol data.</summary>
    public static bool LooksLikeHtml(ReadOnlySpan<byte> head)
    {
        head = head.TrimStart(" \t\r\n"u8);
        if (head.StartsWith("\xEF\xBB\xBF"u8)) head = head[3..].TrimStart(" \t\r\n"u8);
        return head.Length > 0 && head[0] == (byte)'<';
    }

    /// <summary>The error for an HTML page served where protocol data was expected.</summary>
    public static ModuleException HtmlPage(string context, string url, string what) =>
        new(DiagnosticCodes.InvalidProxyResponse,
            $"{context}: reading {url}: the server answered 200 OK with an HTML page, not {what}; " +
            "check that MODPROXY names a module proxy (and that no login page or captive portal is in the way)");

    /// <summary>Thrown by <see cref="CopyAsync"/> when a body exceeds its limit.</summary>
    internal sealed class BodyTooLargeException : Exception;
}
