using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Proxy.Index;

/// <summary>
/// An <see cref="IAppendLog"/> in Azure Blob Storage (with <c>Storage:Kind=azureblob</c>): append
/// blobs <c>.modproxy/&lt;name&gt;/000000.log</c>, <c>000001.log</c>… (an append blob takes at most
/// 50,000 blocks; a line is one block). Blob storage has no lock, so an appender reads the tail,
/// decides, and appends on the condition that the blob still ends where it read
/// (<c>If-Append-Position-Equal</c>); when another instance appended first the condition fails
/// and it reads and decides again. Lines read are kept in memory, so a read costs one properties
/// request plus the bytes appended since.
/// </summary>
public sealed class AzureAppendLog : IAppendLog
{
    private const int MaxBlocks = 50_000;
    private readonly BlobContainerClient _container;
    private readonly string _prefix;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<string> _lines = [];
    private int _segment;
    private long _offset; // in the current segment, after the last complete line read
    private int _blocks;  // committed blocks of the current segment when last read

    /// <summary>The log <paramref name="name"/> in <paramref name="container"/> (which must exist).</summary>
    public AzureAppendLog(BlobContainerClient container, string name)
    {
        _container = container;
        _prefix = ".modproxy/" + name + "/";
    }

    private AppendBlobClient Segment(int n) => _container.GetAppendBlobClient(_prefix + n.ToString("D6", CultureInfo.InvariantCulture) + ".log");

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ReadAsync(int from, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            return from >= _lines.Count ? [] : _lines.GetRange(from, _lines.Count - from);
        }
        catch (RequestFailedException e)
        {
            throw Failed("reading", e);
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
            while (true)
            {
                await CatchUpAsync(cancellationToken).ConfigureAwait(false);
                string? line = decide(_lines.AsReadOnly());
                if (line is null) return null;
                if (line.Contains('\n', StringComparison.Ordinal)) throw new ArgumentException("a log line cannot contain a newline", nameof(decide));
                var blob = Segment(_segment);
                if (_blocks >= MaxBlocks)
                {
                    // This segment is full: the next one starts empty (whoever creates it first).
                    _segment++;
                    _offset = 0;
                    _blocks = 0;
                    blob = Segment(_segment);
                }
                if (_offset == 0) await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
                try
                {
                    using var content = new MemoryStream(bytes);
                    var done = await blob.AppendBlockAsync(content, new AppendBlobAppendBlockOptions
                    {
                        Conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = _offset },
                    }, cancellationToken).ConfigureAwait(false);
                    _offset += bytes.Length;
                    _blocks = done.Value.BlobCommittedBlockCount;
                    _lines.Add(line);
                    return line;
                }
                catch (RequestFailedException e) when (e.Status is 412 or 409)
                {
                    // Another instance appended first (412), or filled the segment (409): read and decide again.
                    if (e.Status == 409) _blocks = MaxBlocks;
                }
            }
        }
        catch (RequestFailedException e)
        {
            throw Failed("appending to", e);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CatchUpAsync(CancellationToken ct)
    {
        while (true)
        {
            var blob = Segment(_segment);
            BlobProperties props;
            try
            {
                props = (await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return; // nothing appended to this segment yet
            }
            _blocks = props.BlobCommittedBlockCount;
            if (props.ContentLength > _offset)
            {
                var data = (await blob.DownloadContentAsync(
                    new BlobDownloadOptions { Range = new HttpRange(_offset, props.ContentLength - _offset) }, ct).ConfigureAwait(false))
                    .Value.Content.ToArray();
                int start = 0;
                for (int i = 0; i < data.Length; i++)
                {
                    if (data[i] != (byte)'\n') continue;
                    _lines.Add(Encoding.UTF8.GetString(data, start, i - start));
                    start = i + 1;
                }
                _offset += start;
            }
            // A full segment read to its end: the log goes on in the next one.
            if (_blocks >= MaxBlocks && _offset >= props.ContentLength)
            {
                _segment++;
                _offset = 0;
                _blocks = 0;
                continue;
            }
            return;
        }
    }

    private ModuleException Failed(string what, RequestFailedException e) =>
        new(DiagnosticCodes.ProxyLogFailed,
            $"azureblob {_container.Name}: {what} {_prefix} failed: {e.ErrorCode ?? e.Status.ToString(CultureInfo.InvariantCulture)}", e);
}
