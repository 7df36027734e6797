using ModuleSdk.Diagnostics;

namespace ModuleSdk.Proxy.Storage;

/// <summary>Makes the storage <c>Storage:Kind</c> names.</summary>
public static class StorageFactory
{
    /// <summary>Creates the configured backend; throws MOD6501 for an unusable configuration.</summary>
    public static IModuleStorage Create(ProxyServerOptions options) => options.StorageKind switch
    {
        "memory" => new MemoryStorage(),
        "disk" => new DiskStorage(options.StoragePath),
        "azureblob" => CreateAzure(options),
        _ => throw new ModuleException(DiagnosticCodes.ProxyConfigurationInvalid,
            $"Storage:Kind={options.StorageKind} is not a storage kind: use disk, memory or azureblob"),
    };

    private static AzureBlobStorage CreateAzure(ProxyServerOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.StorageConnectionString))
            throw new ModuleException(DiagnosticCodes.ProxyConfigurationInvalid,
                "Storage:Kind=azureblob needs Storage:ConnectionString (and Storage:Container, default modproxy)");
        AzureBlobStorage storage;
        try
        {
            storage = new AzureBlobStorage(options.StorageConnectionString, options.StorageContainer);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            // The message of a bad connection string never repeats it: it holds the account key.
            throw new ModuleException(DiagnosticCodes.ProxyConfigurationInvalid, "Storage:ConnectionString is not a valid Azure Storage connection string", e);
        }
        storage.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        return storage;
    }
}
