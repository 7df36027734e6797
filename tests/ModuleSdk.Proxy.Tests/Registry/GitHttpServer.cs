using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModuleSdk.Proxy.Tests.Registry;

/// <summary>
/// Git's smart HTTP protocol on 127.0.0.1 for the repositories under a folder: Kestrel in front
/// of <c>git http-backend</c> as a CGI program (one process per request), so that the go command
/// (git) and direct mode (libgit2, which has no dumb-HTTP support) both clone over real HTTP.
/// </summary>
internal sealed class GitHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GitHttpServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary><c>http://127.0.0.1:port</c>.</summary>
    public string Url { get; }

    public static async Task<GitHttpServer> StartAsync(string projectRoot)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(http => ServeAsync(http, projectRoot));
        await app.StartAsync();
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return new GitHttpServer(app, url);
    }

    private static async Task ServeAsync(HttpContext http, string projectRoot)
    {
        var req = http.Request;
        var psi = new ProcessStartInfo("git", "http-backend")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["GIT_PROJECT_ROOT"] = projectRoot;
        psi.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        psi.Environment["PATH_INFO"] = req.Path.Value ?? "/";
        psi.Environment["QUERY_STRING"] = req.QueryString.HasValue ? req.QueryString.Value![1..] : "";
        psi.Environment["REQUEST_METHOD"] = req.Method;
        psi.Environment["CONTENT_TYPE"] = req.ContentType ?? "";
        psi.Environment["REMOTE_ADDR"] = "127.0.0.1";
        psi.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        if (req.Headers.ContentEncoding.Count > 0) psi.Environment["HTTP_CONTENT_ENCODING"] = req.Headers.ContentEncoding.ToString();
        if (req.Headers["Git-Protocol"].Count > 0) psi.Environment["HTTP_GIT_PROTOCOL"] = req.Headers["Git-Protocol"].ToString();
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var output = new MemoryStream();
        var read = p.StandardOutput.BaseStream.CopyToAsync(output);
        await req.Body.CopyToAsync(p.StandardInput.BaseStream);
        p.StandardInput.Close();
        await read;
        await p.WaitForExitAsync();
        await stderr;

        // CGI output: headers, a blank line, the body.
        byte[] all = output.ToArray();
        int end = IndexOf(all, "\r\n\r\n"u8, out int sep);
        if (end < 0) end = IndexOf(all, "\n\n"u8, out sep);
        if (end < 0)
        {
            http.Response.StatusCode = 500;
            return;
        }
        string head = Encoding.ASCII.GetString(all, 0, end);
        http.Response.StatusCode = 200;
        foreach (var line in head.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0) continue;
            string name = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase)) http.Response.StatusCode = int.Parse(value.Split(' ')[0]);
            else http.Response.Headers.Append(name, value);
        }
        await http.Response.Body.WriteAsync(all.AsMemory(end + sep));
    }

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> pattern, out int length)
    {
        length = pattern.Length;
        return data.AsSpan().IndexOf(pattern);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
