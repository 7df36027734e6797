using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ModuleSdk.Proxy;
using ModuleSdk.Proxy.Operations;
using ModuleSdk.Proxy.Storage;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests;

/// <summary>
/// One modproxy server, built exactly as <c>modproxy</c> builds it, listening on 127.0.0.1 and a
/// port the OS picks (real Kestrel, real HTTP). Settings are <c>Key=value</c> strings as on the
/// command line; defaults: memory storage, a private git cache and temp folder, quiet logs.
/// Disposing stops it (graceful shutdown) and deletes its folders.
/// </summary>
internal sealed class ProxyHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDir _dir;

    private ProxyHost(WebApplication app, TempDir dir, string url)
    {
        _app = app;
        _dir = dir;
        Url = url;
        Http = new HttpClient { BaseAddress = new Uri(url + "/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary><c>http://127.0.0.1:port</c>, no trailing slash.</summary>
    public string Url { get; }

    public HttpClient Http { get; }

    public ProxyMetrics Metrics => _app.Services.GetRequiredService<ProxyMetrics>();

    public IModuleStorage Storage => _app.Services.GetRequiredService<IModuleStorage>();

    public IServiceProvider Services => _app.Services;

    public static async Task<ProxyHost> StartAsync(params string[] settings)
    {
        var dir = new TempDir("proxy");
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--Logging:Console:FormatterName=simple",
            "--Logging:LogLevel:Default=Warning",
            "--Storage:Kind=memory",
            "--Storage:Path=" + dir.Combine("data"),
            "--Cache:Path=" + dir.Combine("gitcache"),
            "--TempPath=" + dir.Combine("tmp"),
        };
        args.AddRange(settings.Select(s => "--" + s));
        WebApplication? app = null;
        try
        {
            app = ProxyServer.Build([.. args]);
            await app.StartAsync();
            string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            return new ProxyHost(app, dir, url);
        }
        catch
        {
            if (app is not null) await app.DisposeAsync();
            dir.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server the way SIGTERM does (in-flight work finishes).</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            _dir.Dispose();
        }
    }
}
