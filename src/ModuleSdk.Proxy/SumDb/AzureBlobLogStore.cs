using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Proxy.SumDb;

/// <summary>
/// The log in the proxy's Azure Blob Storage container, blobs named <c>sumdb/&lt;name&gt;/…</c>
/// (an upload replaces a blob whole). Blob names without <c>/@v/</c> and <c>.info</c>, so the
/// version listings never see them.
/// </summary>
public sealed class AzureBlobLogStore(BlobContainerClient container, string prefix) : ILogStore
{
    /// <inheritdoc/>
    public string Kind => "azureblob";

    /// <inheritdoc/>
    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var result = await container.GetBlobClient(prefix + name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw Failed("reading " + name, e);
        }
    }

    /// <inheritdoc/>
    public async Task WriteAsync(string name, byte[] data, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetBlobClient(prefix + name).UploadAsync(BinaryData.FromBytes(data), overwrite: true, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw Failed("writing " + name, e);
        }
    }

    /// <inheritdoc/>
    public Task<IDisposable?> LockWriterAsync(CancellationToken cancellationToken) => Task.FromResult<IDisposable?>(null);

    private ModuleException Failed(string what, RequestFailedException e) =>
        new(DiagnosticCodes.ProxyStorageFailed,
            $"azureblob {container.Name}: {what} of the checksum database failed: {e.ErrorCode ?? e.Status.ToString(CultureInfo.InvariantCulture)}", e);
}
