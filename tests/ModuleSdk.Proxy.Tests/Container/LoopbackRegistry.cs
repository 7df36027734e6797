using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModuleSdk.Proxy.Tests.Container;

/// <summary>
/// The read side of the OCI distribution API on 127.0.0.1, serving one image under every name and
/// tag: enough for the SDK's container tooling to pull a base image (it tries TLS first and falls
/// back to plain HTTP for a <c>localhost</c> registry).
/// </summary>
internal sealed class LoopbackRegistry : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackRegistry(WebApplication app) => _app = app;

    /// <summary><c>localhost:port</c>, the registry part of an image reference.</summary>
    public string Host { get; private set; } = "";

    public static async Task<LoopbackRegistry> StartAsync(LocalBaseImage image)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        string manifestDigest = LocalBaseImage.Digest(image.Manifest);

        app.MapMethods("/v2/", ["GET", "HEAD"], () => Results.Json(new { }));
        app.MapMethods("/v2/{**rest}", ["GET", "HEAD"], async (HttpContext http, string rest) =>
        {
            int manifests = rest.LastIndexOf("/manifests/", StringComparison.Ordinal);
            int blobs = rest.LastIndexOf("/blobs/", StringComparison.Ordinal);
            byte[]? body = null;
            string type = "application/octet-stream";
            string digest = "";
            if (manifests >= 0)
            {
                (body, type, digest) = (image.Manifest, "application/vnd.oci.image.manifest.v1+json", manifestDigest);
            }
            else if (blobs >= 0 && image.Blobs.TryGetValue(rest[(blobs + "/blobs/".Length)..], out string? path))
            {
                body = await File.ReadAllBytesAsync(path);
                digest = LocalBaseImage.Digest(body);
            }
            if (body is null) return Results.NotFound();
            http.Response.Headers["Docker-Content-Digest"] = digest;
            return HttpMethods.IsHead(http.Request.Method)
                ? Results.Empty
                : Results.Bytes(body, type);
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new LoopbackRegistry(app) { Host = "localhost:" + address.Port };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
