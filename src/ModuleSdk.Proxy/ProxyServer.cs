using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using ModuleSdk.Configuration;
using ModuleSdk.Direct;
using ModuleSdk.Fetching;
using ModuleSdk.Proxy.Mirroring;
using ModuleSdk.Proxy.Operations;
using ModuleSdk.Proxy.Policy;
using ModuleSdk.Proxy.Registry;
using ModuleSdk.Proxy.Serving;
using ModuleSdk.Proxy.Storage;

namespace ModuleSdk.Proxy;

/// <summary>
/// The modproxy web application (SPEC §10): the GOPROXY protocol for any module path, plus
/// <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>, configured by ASP.NET Core
/// configuration. Tests and <c>Program</c> build it the same way.
/// </summary>
public static class ProxyServer
{
    /// <summary>
    /// Builds the application from command-line <paramref name="args"/> (<c>--urls</c>,
    /// <c>--Key=value</c>); <paramref name="configure"/> may replace services (tests).
    /// Throws <see cref="Diagnostics.ModuleException"/> (MOD6501 and friends) for a bad configuration.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // Structured logs (one JSON object per line) unless configured otherwise.
        if (string.IsNullOrEmpty(builder.Configuration["Logging:Console:FormatterName"]))
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));

        var options = ProxyServerOptions.From(builder.Configuration);
        var s = builder.Services;
        s.AddSingleton(options);
        s.AddSingleton<ProxyMetrics>();
        s.AddSingleton<InFlightFetches>();
        s.AddHostedService(sp => sp.GetRequiredService<InFlightFetches>());
        s.AddSingleton<IModuleStorage>(_ => StorageFactory.Create(options));
        s.AddSingleton<IModuleSource>(_ => CreateUpstream(options));
        s.AddSingleton<ISingleFlight>(_ => options.SingleFlightKind == "redis"
            ? new RedisSingleFlight(options.SingleFlightRedis is { Length: > 0 } redis ? redis
                : throw new Diagnostics.ModuleException(Diagnostics.DiagnosticCodes.ProxyConfigurationInvalid,
                    "SingleFlight:Kind=redis needs SingleFlight:Redis (a connection string such as 127.0.0.1:6379)"))
            : new MemorySingleFlight());
        s.AddSingleton<ModuleService>();
        s.AddSingleton(sp => new FilterFile(options.FilterFile, sp.GetRequiredService<ILogger<FilterFile>>()));
        s.AddSingleton(_ => new ClientTokens(options.AuthTokens));
        s.AddSingleton<ProtocolHandler>();
        s.AddSingleton<Readiness>();
        // The optional start-up warm-up of the fetch path (Warmup:Fetches); /readyz waits for it.
        s.AddSingleton<FetchWarmup>();
        s.AddHostedService(sp => sp.GetRequiredService<FetchWarmup>());
        s.AddRegistry(builder.Configuration);
        SumDb.SumDbServices.Add(s, options);
        // Issue 13: the index feed, webhooks and polling, mirror mode (wraps storage and upstream).
        s.AddIndexWebhooksAndMirrors(builder.Configuration, options);
        configure?.Invoke(builder);

        var app = builder.Build();
        // Fail at start-up, not at the first request, for a bad filter file, tokens file or upstream.
        _ = app.Services.GetRequiredService<FilterFile>();
        _ = app.Services.GetRequiredService<ClientTokens>();
        _ = app.Services.GetRequiredService<IModuleSource>();
        _ = app.Services.GetRequiredService<IModuleStorage>();
        _ = app.Services.GetRequiredService<ISingleFlight>();

        var metrics = app.Services.GetRequiredService<ProxyMetrics>();
        var tokens = app.Services.GetRequiredService<ClientTokens>();
        var requestLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ModuleSdk.Proxy.Requests");
        app.Use(async (http, next) =>
        {
            var clock = Stopwatch.StartNew();
            try
            {
                string p = http.Request.Path.Value ?? "";
                // Webhooks carry their own signatures (Webhooks:Secret); git hosts send no client token.
                bool open = p is "/healthz" or "/readyz" || p.StartsWith("/webhooks/", StringComparison.Ordinal);
                if (tokens.Required && !open && !tokens.IsAuthenticated(http.Request.Headers.Authorization))
                {
                    http.Items["endpoint"] = "unauthorized";
                    http.Response.Headers.WWWAuthenticate = "Basic realm=\"modproxy\", Bearer";
                    await ProtocolHandler.TextAsync(http, StatusCodes.Status401Unauthorized,
                        "unauthorized: this proxy needs a token (Authorization: Bearer <token>, or the password of Basic authentication)");
                    return;
                }
                await next(http);
            }
            catch (Exception) when (!http.Response.HasStarted)
            {
                // Answered 500 by the server; counted and logged as such below.
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
                throw;
            }
            finally
            {
                string endpoint = http.Items["endpoint"] as string ?? "other";
                int status = http.Response.StatusCode;
                metrics.Request(endpoint, status);
                // Never headers (Authorization) nor the query string: the path, the outcome, the time.
                if (requestLog.IsEnabled(LogLevel.Information)) // no boxing per request when filtered out
                    requestLog.LogInformation("{Method} {Path} {Status} {Endpoint} {ElapsedMs}",
                        http.Request.Method, http.Request.Path.Value, status, endpoint, Math.Round(clock.Elapsed.TotalMilliseconds, 1));
            }
        });

        app.MapMethods("/healthz", ["GET", "HEAD"], (HttpContext http) =>
        {
            http.Items["endpoint"] = "healthz";
            return Results.Text("ok\n", "text/plain; charset=utf-8");
        });
        app.MapMethods("/readyz", ["GET", "HEAD"], async (HttpContext http, Readiness readiness) =>
        {
            http.Items["endpoint"] = "readyz";
            string? problem = await readiness.CheckAsync(http.RequestAborted);
            return problem is null
                ? Results.Text("ready\n", "text/plain; charset=utf-8")
                : Results.Text("not ready: " + problem + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/metrics", (HttpContext http) =>
        {
            http.Items["endpoint"] = "metrics";
            return Results.Text(metrics.Format() + app.Services.GetRequiredService<SumDb.SumDbMetrics>().Format(), "text/plain; version=0.0.4; charset=utf-8");
        });
        SumDb.SumDbServices.Map(app);
        app.MapIndexWebhooksAndMirrors();
        // The registry's pages and ?go-get=1 answers (SPEC §12) take what no endpoint above claims
        // and is not a protocol request; the rest goes on to the protocol's catch-all.
        app.UseRegistry();
        var handler = app.Services.GetRequiredService<ProtocolHandler>();
        app.MapMethods("/{**rest}", ["GET", "HEAD"], handler.HandleAsync);
        return app;
    }

    /// <summary>
    /// The upstream: the engine's <see cref="RoutedSource"/> over the <c>Upstream</c> list, with
    /// direct mode (git clones under <c>Cache:Path</c>, <c>Repos</c> rules, the upstream's own
    /// git credentials from <c>Credentials:GitToken</c>; never the clients' tokens).
    /// </summary>
    /// <remarks><paramref name="onDirect"/> hears the direct source when it is made (webhooks refresh its clones).</remarks>
    public static IModuleSource CreateUpstream(ProxyServerOptions options, Action<IModuleSource>? onDirect = null)
    {
        var settings = new ModuleSettings
        {
            Proxy = options.Upstream,
            Private = options.Private,
            CacheRoot = Path.GetFullPath(options.CachePath),
            Repos = options.Repos,
        };
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [GitCredentials.TokenVariable] = options.GitToken,
            [GitCredentials.UserVariable] = options.GitUser,
        };
        var list = ProxyList.Parse(options.Upstream);
        // Validate Repos now (MOD6102), not at the first request.
        _ = RepoRules.Parse(options.Repos);
        // Repositories list their refs again once a cached list is stale, so new tags reach
        // clients without webhooks or polling.
        var direct = ModuleSources.Direct(settings, env, options.ListTtl);
        return new RoutedSource(list, options.Private, onDirect is null ? direct : () =>
        {
            var made = direct();
            onDirect(made);
            return made;
        });
    }
}
