using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Serving;

namespace ModuleSdk.Proxy.Webhooks;

/// <summary>
/// "The repository of this module changed": what a webhook delivery or a poll does about it.
/// The module's repository lists its refs again, its cached list and <c>@latest</c> are
/// forgotten, and every tagged version the upstream has that storage lacks is fetched and stored
/// now (once across instances: <see cref="ModuleService.EnsureStoredAsync"/>), so the next client
/// and the index feed see it at once; the other instances on the storage hear of it
/// (<see cref="RefreshBroadcast"/>). Stored versions are never dropped: a repository that
/// disappeared leaves its module served from storage.
/// </summary>
public sealed class ModuleRefresher(ModuleService modules, IModuleSource upstream, UpstreamRefresh refresh, RefreshBroadcast broadcast,
    ILogger<ModuleRefresher> log)
{
    /// <summary>
    /// Refreshes <paramref name="path"/> and stores its new versions (<paramref name="tagged"/>, a
    /// version the event named, first); returns the versions stored now. Throws when the upstream
    /// fails (a deleted repository: the stored versions stay served).
    /// </summary>
    public async Task<IReadOnlyList<string>> RefreshAsync(string path, string? tagged, CancellationToken cancellationToken)
    {
        await refresh.RefreshAsync(path, cancellationToken).ConfigureAwait(false);
        modules.Forget(path);
        await broadcast.PublishAsync(path).ConfigureAwait(false);
        var stored = new List<string>();
        if (tagged is not null)
        {
            // The version the push named, at once, before the list (a webhook's whole point).
            string version;
            try
            {
                version = await modules.ResolveAsync(path, tagged, cancellationToken).ConfigureAwait(false);
            }
            catch (ModuleException)
            {
                return stored; // not a version of this path (a v2 tag for the v1 path without +incompatible)
            }
            if (!await modules.Storage.ExistsAsync(path, version, cancellationToken).ConfigureAwait(false))
            {
                await modules.EnsureStoredAsync(path, version, cancellationToken).ConfigureAwait(false);
                stored.Add(version);
            }
            return stored;
        }
        var have = (await modules.Storage.ListVersionsAsync(path, cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        foreach (var v in await upstream.VersionsAsync(path, "", cancellationToken).ConfigureAwait(false))
        {
            if (have.Contains(v)) continue;
            try
            {
                await modules.EnsureStoredAsync(path, v, cancellationToken).ConfigureAwait(false);
                stored.Add(v);
            }
            catch (ModuleException e)
            {
                // One bad version (a zip breaking the rules) does not stop the others.
                log.LogWarning("refreshing {Module}: storing {Version} failed: {Code} {Error}", path, v, e.Code, e.Message);
            }
        }
        if (stored.Count > 0) Semver.Sort(stored);
        return stored;
    }
}
