using ModuleSdk.Cache;
using ModuleSdk.Configuration;
using ModuleSdk.Fetching;

namespace ModuleSdk.Direct;

/// <summary>
/// The default wiring of sources from settings: the <c>MODPROXY</c> list with <c>MODPRIVATE</c>
/// routing, and direct mode (git) behind <c>direct</c>.
/// </summary>
public static class ModuleSources
{
    /// <summary>How long a <c>?go-get=1</c> lookup may take before the host counts as unreachable.</summary>
    public static readonly TimeSpan VanityTimeout = TimeSpan.FromSeconds(30);

    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient { Timeout = VanityTimeout });

    /// <summary>
    /// A factory of the direct source for <see cref="RoutedSource"/>: clones under the settings'
    /// cache, <c>MODREPOS</c> rules, credentials from <paramref name="environment"/> (null: the
    /// process environment) and git credential helpers; repositories ask their remote again after
    /// <paramref name="syncInterval"/> (null: once per source).
    /// </summary>
    public static Func<IModuleSource> Direct(
        ModuleSettings settings, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? syncInterval = null) =>
        () => new DirectSource(new DirectSourceOptions
        {
            Cache = ModuleCache.FromSetting(settings.CacheRoot),
            Rules = RepoRules.Parse(settings.Repos),
            Insecure = settings.Insecure,
            Credentials = new GitCredentials(environment),
            Http = SharedHttp.Value,
            SyncInterval = syncInterval,
        });
}
