using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Proxy.Storage;

/// <summary>
/// Versions in an Azure Blob Storage container (Azurite in tests). Blob storage has no rename,
/// so a version is committed differently from <see cref="DiskStorage"/> but with the same
/// guarantee: each writer uploads the zip, module file and zip hash under a folder of its own
/// (<c>&lt;escpath&gt;/@v/&lt;escver&gt;/&lt;writer&gt;.zip</c>), then creates the
/// <c>&lt;escpath&gt;/@v/&lt;escver&gt;.info</c> blob, the commit marker, only if it does not
/// exist yet (<c>If-None-Match: *</c>), naming its writer in the blob's metadata. Exactly one
/// writer wins; readers follow the marker to the winner's files, so they never mix the files of
/// two writers nor see a version half-uploaded; losers delete their uploads. The time of the last
/// request is the marker's <c>lastaccess</c> metadata.
/// </summary>
public sealed class AzureBlobStorage : IModuleStorage
{
    private const string WriterKey = "writer";
    private const string AccessKey = "lastaccess";
    private readonly BlobContainerClient _container;

    /// <summary>Connects to <paramref name="container"/> (created when missing) with <paramref name="connectionString"/>.</summary>
    public AzureBlobStorage(string connectionString, string container)
    {
        _container = new BlobServiceClient(connectionString).GetBlobContainerClient(container);
    }

    /// <summary>Creates the container when missing; call once before use.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw Failed($"creating container {_container.Name}", e);
        }
    }

    /// <inheritdoc/>
    public string Kind => "azureblob";

    private static string Prefix(string path) => PathEscaping.EscapePath(path) + "/@v/";

    private static string InfoName(string path, string version) => Prefix(path) + PathEscaping.EscapeVersion(version) + ".info";

    private static string DataName(string path, string version, string writer, string extension) =>
        Prefix(path) + PathEscaping.EscapeVersion(version) + "/" + writer + "." + extension;

    private ModuleException Failed(string what, Exception e) =>
        new(DiagnosticCodes.ProxyStorageFailed,
            $"azureblob {_container.Name}: {what} failed: " +
            $"{(e is RequestFailedException r ? r.ErrorCode ?? r.Status.ToString(CultureInfo.InvariantCulture) : e.Message)}", e);

    private async Task<BlobProperties?> MarkerAsync(string path, string version, CancellationToken ct)
    {
        try
        {
            return (await _container.GetBlobClient(InfoName(path, version)).GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw Failed($"reading {InfoName(path, version)}", e);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> ExistsAsync(string path, string version, CancellationToken cancellationToken) =>
        await MarkerAsync(path, version, cancellationToken).ConfigureAwait(false) is not null;

    /// <inheritdoc/>
    public async Task<StoredFile?> OpenAsync(string path, string version, StoredFileKind kind, CancellationToken cancellationToken)
    {
        string name;
        if (kind == StoredFileKind.Info)
        {
            name = InfoName(path, version);
        }
        else
        {
            var marker = await MarkerAsync(path, version, cancellationToken).ConfigureAwait(false);
            if (marker is null || !marker.Metadata.TryGetValue(WriterKey, out var writer)) return null;
            name = DataName(path, version, writer, kind.Extension());
        }
        try
        {
            // Streamed: the response body is read as the client reads, never buffered whole.
            var result = (await _container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return new StoredFile(result.Content, result.Details.ContentLength);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // deleted meanwhile
        }
        catch (RequestFailedException e)
        {
            throw Failed($"reading {name}", e);
        }
    }

    /// <inheritdoc/>
    public async Task SaveAsync(VersionToStore v, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(v.Path, v.Version, cancellationToken).ConfigureAwait(false)) return;
        string writer = Guid.NewGuid().ToString("N");
        bool committed = false;
        try
        {
            await using (var zip = v.OpenZip())
                await _container.GetBlobClient(DataName(v.Path, v.Version, writer, "zip")).UploadAsync(zip,
                    new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/zip" } }, cancellationToken).ConfigureAwait(false);
            await _container.GetBlobClient(DataName(v.Path, v.Version, writer, "mod"))
                .UploadAsync(new BinaryData(v.Mod), cancellationToken).ConfigureAwait(false);
            await _container.GetBlobClient(DataName(v.Path, v.Version, writer, "ziphash"))
                .UploadAsync(BinaryData.FromString(v.ZipHash), cancellationToken).ConfigureAwait(false);
            try
            {
                await _container.GetBlobClient(InfoName(v.Path, v.Version)).UploadAsync(new BinaryData(v.Info), new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    Metadata = new Dictionary<string, string> { [WriterKey] = writer, [AccessKey] = Stamp(DateTimeOffset.UtcNow) },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                }, cancellationToken).ConfigureAwait(false);
                committed = true;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another writer committed first: its files are the version.
            }
        }
        catch (Exception e) when (e is RequestFailedException or IOException)
        {
            throw Failed($"storing {v.Path}@{v.Version}", e);
        }
        finally
        {
            if (!committed) await DeleteDataAsync(v.Path, v.Version, writer).ConfigureAwait(false);
        }
    }

    private async Task DeleteDataAsync(string path, string version, string? writer)
    {
        string prefix = Prefix(path) + PathEscaping.EscapeVersion(version) + "/" + (writer is null ? "" : writer + ".");
        try
        {
            await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }).ConfigureAwait(false))
                await _container.DeleteBlobIfExistsAsync(blob.Name).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Leftovers are invisible (no marker points at them); verify-storage lists only committed versions.
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListVersionsAsync(string path, CancellationToken cancellationToken)
    {
        var versions = new List<string>();
        string prefix = Prefix(path);
        try
        {
            await foreach (var h in _container.GetBlobsByHierarchyAsync(
                new GetBlobsByHierarchyOptions { Prefix = prefix, Delimiter = "/" }, cancellationToken).ConfigureAwait(false))
            {
                if (!h.IsBlob || !h.Blob.Name.EndsWith(".info", StringComparison.Ordinal)) continue;
                if (TryUnescapeVersion(h.Blob.Name[prefix.Length..^".info".Length]) is { } v) versions.Add(v);
            }
        }
        catch (RequestFailedException e)
        {
            throw Failed("listing " + prefix, e);
        }
        return versions;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ModuleId> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions(), cancellationToken).ConfigureAwait(false))
        {
            string name = blob.Name;
            if (!name.EndsWith(".info", StringComparison.Ordinal)) continue;
            int at = name.LastIndexOf("/@v/", StringComparison.Ordinal);
            if (at <= 0 || name.IndexOf('/', at + 4) >= 0) continue;
            string path;
            try
            {
                path = PathEscaping.UnescapePath(name[..at]);
            }
            catch (ModuleException)
            {
                continue;
            }
            if (TryUnescapeVersion(name[(at + 4)..^".info".Length]) is { } v) yield return new ModuleId(path, v);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string path, string version, CancellationToken cancellationToken)
    {
        bool existed;
        try
        {
            existed = (await _container.DeleteBlobIfExistsAsync(InfoName(path, version), cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e)
        {
            throw Failed($"deleting {path}@{version}", e);
        }
        await DeleteDataAsync(path, version, null).ConfigureAwait(false);
        return existed;
    }

    /// <inheritdoc/>
    public async Task TouchAsync(string path, string version, DateTimeOffset when, CancellationToken cancellationToken)
    {
        var marker = await MarkerAsync(path, version, cancellationToken).ConfigureAwait(false);
        if (marker is null) return;
        var metadata = new Dictionary<string, string>(marker.Metadata) { [AccessKey] = Stamp(when) };
        try
        {
            await _container.GetBlobClient(InfoName(path, version))
                .SetMetadataAsync(metadata, new BlobRequestConditions { IfMatch = marker.ETag }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Deleted or touched by someone else meanwhile: either way nothing to record.
        }
    }

    /// <inheritdoc/>
    public async Task<DateTimeOffset?> LastAccessAsync(string path, string version, CancellationToken cancellationToken)
    {
        var marker = await MarkerAsync(path, version, cancellationToken).ConfigureAwait(false);
        if (marker is null) return null;
        return marker.Metadata.TryGetValue(AccessKey, out var s)
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t)
            ? t : marker.LastModified;
    }

    /// <inheritdoc/>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _container.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw Failed("reading the container", e);
        }
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static string? TryUnescapeVersion(string escaped)
    {
        try
        {
            string v = PathEscaping.UnescapeVersion(escaped);
            return Semver.IsValid(v) ? v : null;
        }
        catch (ModuleException)
        {
            return null;
        }
    }
}
