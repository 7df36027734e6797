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
        _ => throw new ModuleException(DiagnosticCodes.ProxyConfigurationInvalid,
            $"Storage:Kind={options.StorageKind} is not available in this build of modproxy: use disk or memory"),
    };
}
