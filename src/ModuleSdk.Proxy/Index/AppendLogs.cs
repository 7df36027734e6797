using System.Collections.Concurrent;
using Azure.Storage.Blobs;

namespace ModuleSdk.Proxy.Index;

/// <summary>
/// Makes the <see cref="IAppendLog"/>s of the configured storage, one per name, kept beside the
/// versions so that they survive restarts and are shared by every instance sharing the storage:
/// <c>disk</c> files under <c>Storage:Path/.modproxy/</c>, <c>azureblob</c> append blobs under
/// <c>.modproxy/</c> in the container, <c>memory</c> lists in the process.
/// </summary>
public sealed class AppendLogs(ProxyServerOptions options)
{
    private readonly ConcurrentDictionary<string, IAppendLog> _logs = new(StringComparer.Ordinal);

    /// <summary>The log <paramref name="name"/> (a plain file name: <c>index</c>, <c>mirror-sums</c>…).</summary>
    public IAppendLog Get(string name) => _logs.GetOrAdd(name, Create);

    private IAppendLog Create(string name) => options.StorageKind switch
    {
        "disk" => new DiskAppendLog(Path.Combine(options.StoragePath, ".modproxy", name + ".log")),
        "azureblob" => new AzureAppendLog(new BlobServiceClient(options.StorageConnectionString).GetBlobContainerClient(options.StorageContainer), name),
        _ => new MemoryAppendLog(),
    };
}
