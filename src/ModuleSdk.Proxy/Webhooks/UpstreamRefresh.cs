using ModuleSdk.Direct;
using ModuleSdk.Fetching;

namespace ModuleSdk.Proxy.Webhooks;

/// <summary>
/// Reaches the direct (git) source inside the upstream, once it exists, to make a module's
/// repository list its refs again: the engine syncs a clone once per source, so without this a
/// long-running proxy would never see a tag pushed after its first look. Proxy upstreams need
/// nothing (their answers are only cached for <c>Cache:ListTtlSeconds</c>).
/// </summary>
public sealed class UpstreamRefresh
{
    private volatile DirectSource? _direct;

    /// <summary>Hears the direct source the upstream made (<see cref="ProxyServer.CreateUpstream"/>).</summary>
    public void Attach(IModuleSource direct) => _direct = direct as DirectSource;

    /// <summary>Makes the next request for <paramref name="path"/> see its repository as it is now.</summary>
    public Task RefreshAsync(string path, CancellationToken cancellationToken) =>
        _direct is { } d ? d.RefreshAsync(path, cancellationToken) : Task.CompletedTask;
}
