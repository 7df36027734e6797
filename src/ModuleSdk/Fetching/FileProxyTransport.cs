using ModuleSdk.Diagnostics;

namespace ModuleSdk.Fetching;

/// <summary>
/// A <c>file://</c> proxy: a directory in proxy layout. As in Go, a missing file is "not found"
/// and a permission problem is a hard error (Go maps it to 403).
/// </summary>
internal sealed class FileProxyTransport(string root, string displayBase) : ProxyTransport
{
    public override string DisplayUrl(string relative) => displayBase + "/" + relative;

    public override async Task<byte[]> GetBytesAsync(
        string relative, string context, long limit, Action<ReadOnlySpan<byte>>? checkHead, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await CopyToAsync(relative, context, buffer, limit, checkHead, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    public override async Task CopyToAsync(
        string relative, string context, Stream destination, long limit, Action<ReadOnlySpan<byte>>? checkHead, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string url = DisplayUrl(relative);
        string file = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
        FileStream stream;
        try
        {
            stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModuleNotFoundException($"{context}: reading {url}: no such file or directory");
        }
        catch (UnauthorizedAccessException e)
        {
            // .NET reports opening a directory as an access problem; say what it really is.
            string why = Directory.Exists(file) ? "is a directory" : "permission denied";
            throw new ModuleException(DiagnosticCodes.ProxyRequestFailed, $"{context}: reading {url}: {why}", e);
        }
        catch (IOException e)
        {
            throw new ModuleException(DiagnosticCodes.ProxyRequestFailed, $"{context}: reading {url}: {e.Message}", e);
        }
        await using (stream.ConfigureAwait(false))
        {
            if (stream.Length > limit) throw new ProxyBody.BodyTooLargeException();
            try
            {
                await ProxyBody.CopyAsync(stream, destination, limit, Timeout.InfiniteTimeSpan, checkHead, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new ModuleException(DiagnosticCodes.ProxyRequestFailed, $"{context}: reading {url}: {e.Message}", e);
            }
        }
    }
}
