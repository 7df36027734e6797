using ModuleSdk.Fetching;
using ModuleSdk.Proxy.Index;
using ModuleSdk.Proxy.Operations;
using ModuleSdk.Proxy.Serving;
using ModuleSdk.Proxy.Storage;
using ModuleSdk.Proxy.Webhooks;

namespace ModuleSdk.Proxy.Mirroring;

/// <summary>
/// Wires issue 13's distribution parts into the server (SPEC §12): the index feed over the
/// storage, the webhooks and polling, and mirror mode. Called by <see cref="ProxyServer.Build"/>
/// after its own services, whose storage and upstream it wraps.
/// </summary>
public static class MirrorServices
{
    /// <summary>Registers the index, webhooks, polling and (with <c>Mirror:Source</c>) the mirror.</summary>
    public static IServiceCollection AddIndexWebhooksAndMirrors(this IServiceCollection s, IConfiguration configuration, ProxyServerOptions options)
    {
        var webhooks = WebhookOptions.From(configuration);
        var mirror = MirrorOptions.From(configuration);
        // A mirror fetches from its source, unless told to use another upstream.
        var effective = mirror.Source is { } source && options.Upstream == "direct" ? options with { Upstream = source } : options;
        s.AddSingleton(webhooks);
        s.AddSingleton(mirror);
        s.AddSingleton(effective);
        // A mirror is ready while its source is down: it serves what it has. Readiness checks the
        // upstream configured, not the source a mirror falls back to.
        s.AddSingleton(sp => new Readiness(sp.GetRequiredService<IModuleStorage>(), sp.GetRequiredService<ISingleFlight>(),
            options, sp.GetRequiredService<ILogger<Readiness>>(), sp.GetService<FetchWarmup>()));

        s.AddSingleton<AppendLogs>();
        s.AddSingleton(sp => new VersionIndex(sp.GetRequiredService<AppendLogs>().Get("index")));
        s.AddSingleton(sp => new IndexingStorage(StorageFactory.Create(effective), sp.GetRequiredService<VersionIndex>(),
            sp.GetServices<IVersionCheck>(), sp.GetRequiredService<ILogger<IndexingStorage>>()));
        s.AddSingleton<IModuleStorage>(sp => sp.GetRequiredService<IndexingStorage>());
        s.AddSingleton<IndexBackfill>();
        s.AddHostedService(sp => sp.GetRequiredService<IndexBackfill>());

        s.AddSingleton<UpstreamRefresh>();
        s.AddSingleton<IModuleSource>(sp => ProxyServer.CreateUpstream(effective, sp.GetRequiredService<UpstreamRefresh>().Attach));
        s.AddSingleton(new RepoModuleMap(effective.Repos));
        s.AddSingleton<RefreshBroadcast>();
        s.AddHostedService(sp => sp.GetRequiredService<RefreshBroadcast>());
        s.AddSingleton<ModuleRefresher>();
        s.AddSingleton<WebhookEndpoint>();
        s.TryAddSingletonTimeProvider();
        s.AddSingleton<ModulePoller>();
        s.AddHostedService(sp => sp.GetRequiredService<ModulePoller>());

        if (mirror.Source is not null)
        {
            s.AddSingleton<IVersionCheck>(sp =>
            {
                var logs = sp.GetRequiredService<AppendLogs>();
                return new MirrorRecord(logs.Get("mirror-sums"), SumDbVerifiers.Create(mirror, logs));
            });
            s.AddSingleton<MirrorFollower>();
            s.AddHostedService(sp => sp.GetRequiredService<MirrorFollower>());
        }
        return s;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection s)
    {
        if (!s.Any(d => d.ServiceType == typeof(TimeProvider))) s.AddSingleton(TimeProvider.System);
    }

    /// <summary>Maps <c>/index</c> and <c>/webhooks/{github,gitlab,generic}</c>.</summary>
    public static void MapIndexWebhooksAndMirrors(this WebApplication app)
    {
        app.MapMethods("/index", ["GET", "HEAD"], (HttpContext http, VersionIndex index) => IndexEndpoint.HandleAsync(http, index));
        var hooks = app.Services.GetRequiredService<WebhookEndpoint>();
        foreach (var kind in new[] { "github", "gitlab", "generic" })
            app.MapPost("/webhooks/" + kind, (HttpContext http) => hooks.HandleAsync(http, kind));
    }
}
