using ModuleSdk.Diagnostics;

namespace ModuleSdk.Proxy;

/// <summary>
/// The server's configuration (SPEC §10), read from ASP.NET Core configuration: command line
/// <c>--Section:Key=value</c>, environment <c>Section__Key</c>, <c>appsettings.json</c>.
/// </summary>
public sealed record ProxyServerOptions
{
    /// <summary><c>Storage:Kind</c>: <c>disk</c>, <c>memory</c> or <c>azureblob</c>.</summary>
    public string StorageKind { get; init; } = "disk";

    /// <summary><c>Storage:Path</c>: the root folder of <c>disk</c> storage.</summary>
    public string StoragePath { get; init; } = "./modproxy-data";

    /// <summary><c>Storage:ConnectionString</c> (Azure Blob Storage).</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary><c>Storage:Container</c> (Azure Blob Storage).</summary>
    public string StorageContainer { get; init; } = "modproxy";

    /// <summary><c>Upstream</c>: a <c>MODPROXY</c>-style list.</summary>
    public string Upstream { get; init; } = "direct";

    /// <summary><c>Repos</c>: <c>MODREPOS</c> rules for the direct upstream.</summary>
    public string Repos { get; init; } = "";

    /// <summary><c>Private</c>: <c>MODPRIVATE</c> patterns (always direct; served to authenticated clients only).</summary>
    public string Private { get; init; } = "";

    /// <summary><c>Filter:File</c>: Athens' filter file.</summary>
    public string? FilterFile { get; init; }

    /// <summary><c>SingleFlight:Kind</c>: <c>memory</c> or <c>redis</c>.</summary>
    public string SingleFlightKind { get; init; } = "memory";

    /// <summary><c>SingleFlight:Redis</c>: the Redis connection string.</summary>
    public string? SingleFlightRedis { get; init; }

    /// <summary><c>Auth:Tokens</c>: the file of accepted client tokens; none means open.</summary>
    public string? AuthTokens { get; init; }

    /// <summary><c>Credentials:GitToken</c>, <c>Credentials:GitUser</c>: the direct upstream's git credentials (never the clients').</summary>
    public string? GitToken { get; init; }

    /// <summary>The user name sent with <see cref="GitToken"/>.</summary>
    public string? GitUser { get; init; }

    /// <summary><c>Cache:Path</c>: where the direct upstream keeps its git clones.</summary>
    public string CachePath { get; init; } = "./modproxy-cache";

    /// <summary><c>Cache:ListTtlSeconds</c>: how long a <c>@v/list</c> or <c>@latest</c> answer is fresh.</summary>
    public TimeSpan ListTtl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary><c>SumDb:Name</c>: the checksum database's name; with <see cref="SumDbSignerKey"/>, turns it on (SPEC §11).</summary>
    public string? SumDbName { get; init; }

    /// <summary><c>SumDb:SignerKey</c>: the file holding the database's signer key (<c>modproxy keygen</c>).</summary>
    public string? SumDbSignerKey { get; init; }

    /// <summary><c>SumDb:NextSignerKey</c>: during a key rotation, the file of the new key (same name); heads are signed by both (docs/trust.md).</summary>
    public string? SumDbNextSignerKey { get; init; }

    /// <summary>Where fetched zips wait to be checked and stored.</summary>
    public string TempPath { get; init; } = Path.Combine(Path.GetTempPath(), "modproxy");

    /// <summary>Reads the options from configuration; throws MOD6501 for invalid values.</summary>
    public static ProxyServerOptions From(IConfiguration c)
    {
        var o = new ProxyServerOptions
        {
            StorageKind = (c["Storage:Kind"] ?? "disk").Trim().ToLowerInvariant(),
            StoragePath = c["Storage:Path"] is { Length: > 0 } sp ? sp : "./modproxy-data",
            StorageConnectionString = c["Storage:ConnectionString"],
            StorageContainer = c["Storage:Container"] is { Length: > 0 } sc ? sc : "modproxy",
            Upstream = c["Upstream"] is { Length: > 0 } u ? u : "direct",
            Repos = c["Repos"] ?? "",
            Private = c["Private"] ?? "",
            FilterFile = c["Filter:File"] is { Length: > 0 } ff ? ff : null,
            SingleFlightKind = (c["SingleFlight:Kind"] ?? "memory").Trim().ToLowerInvariant(),
            SingleFlightRedis = c["SingleFlight:Redis"],
            AuthTokens = c["Auth:Tokens"] is { Length: > 0 } at ? at : null,
            GitToken = c["Credentials:GitToken"],
            GitUser = c["Credentials:GitUser"],
            CachePath = c["Cache:Path"] is { Length: > 0 } cp ? cp : "./modproxy-cache",
            SumDbName = c["SumDb:Name"] is { Length: > 0 } sn ? sn : null,
            SumDbSignerKey = c["SumDb:SignerKey"] is { Length: > 0 } sk ? sk : null,
            SumDbNextSignerKey = c["SumDb:NextSignerKey"] is { Length: > 0 } nk ? nk : null,
        };
        if (c["Cache:ListTtlSeconds"] is { Length: > 0 } ttl)
        {
            if (!double.TryParse(ttl, System.Globalization.CultureInfo.InvariantCulture, out double seconds) || seconds < 0)
                throw Invalid("Cache:ListTtlSeconds", ttl, "a number of seconds");
            o = o with { ListTtl = TimeSpan.FromSeconds(seconds) };
        }
        if (c["TempPath"] is { Length: > 0 } tp) o = o with { TempPath = tp };
        if (o.StorageKind is not ("disk" or "memory" or "azureblob")) throw Invalid("Storage:Kind", o.StorageKind, "disk, memory or azureblob");
        if (o.SingleFlightKind is not ("memory" or "redis")) throw Invalid("SingleFlight:Kind", o.SingleFlightKind, "memory or redis");
        return o;
    }

    private static ModuleException Invalid(string key, string value, string want) =>
        new(DiagnosticCodes.ProxyConfigurationInvalid, $"configuration {key}={value} is invalid: want {want}");
}
