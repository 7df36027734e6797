using ModuleSdk.Configuration;
using ModuleSdk.Fetching;

namespace ModuleSdk.Trust;

/// <summary>
/// The checksum database clients the commands use, from the environment: the one <c>MODSUMDB</c>
/// names (through the proxy list, as downloads check), and one for a database named by URL (read
/// directly, as an auditor does). Either keeps what it verified in the module cache's
/// <c>cache/download/sumdb/</c>, so its latest tree is the one this machine saw.
/// </summary>
public static class SumDbClientFactory
{
    /// <summary>
    /// The client of <c>MODSUMDB</c> with <c>MODPROXY</c> and <c>MODCACHE</c> of <paramref name="env"/>;
    /// null when no database is configured.
    /// </summary>
    public static SumDbClient? FromEnvironment(IReadOnlyDictionary<string, string?> env)
    {
        if (SumDbConfig.FromEnvironment(env) is not { } config) return null;
        var settings = ModuleSettings.FromEnvironment(env);
        return new SumDbClient(config, ProxyList.Parse(settings.Proxy), settings.CacheRoot);
    }

    /// <summary>
    /// The client of the database at <paramref name="url"/> (its base URL) verified by
    /// <paramref name="verifierKey"/>, read directly (no proxy), with the <c>MODCACHE</c> of <paramref name="env"/>.
    /// </summary>
    public static SumDbClient ForDatabase(string verifierKey, string url, IReadOnlyDictionary<string, string?> env)
    {
        var config = SumDbConfig.Parse($"{verifierKey} {url}", "", "")!;
        return new SumDbClient(config, ProxyList.Parse("off"), ModuleSettings.FromEnvironment(env).CacheRoot);
    }
}
