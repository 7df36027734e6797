using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ModuleSdk.Proxy;
using ModuleSdk.Proxy.Operations;
using ModuleSdk.Proxy.Tests;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// The SDK sample built through a running modproxy (issue 11's "done when"): the app's
/// <c>dotnet build</c> with <c>MODPROXY=http://127.0.0.1:port</c>, the proxy caching from the
/// sample's module proxy into memory, disk or Azure Blob Storage (Azurite); then, for the
/// storage that outlives a process, a clean module cache downloads and verifies the build list
/// from a second proxy on the same storage with its upstream switched off.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class ProxyServerBuildTests
{
    [TestMethod]
    [DataRow("memory")]
    [DataRow("disk")]
    [DataRow("azureblob")]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task Build_ThroughARunningProxy(string kind)
    {
        using var azurite = kind == "azureblob" ? ServerProcess.StartAzurite() : null;
        using var s = new Scenario("modproxy");
        string data = Path.Combine(s.Dir, "proxy-data");
        string[] storage = kind switch
        {
            "memory" => ["--Storage:Kind=memory"],
            "disk" => ["--Storage:Kind=disk", "--Storage:Path=" + data],
            _ => ["--Storage:Kind=azureblob", "--Storage:ConnectionString=" + azurite!.AzuriteConnectionString, "--Storage:Container=sample"],
        };
        string upstream = new Uri(s.Proxy + "/").AbsoluteUri.TrimEnd('/');
        var app = ProxyServer.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Logging:Console:FormatterName=simple",
            .. storage, "--Upstream=" + upstream, "--TempPath=" + Path.Combine(s.Dir, "proxy-tmp")]);
        try
        {
            await app.StartAsync();
            string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            var env = s.Environment;
            env["MODPROXY"] = url;

            string output = s.Expect(true, s.App, env, "build");
            StringAssert.Contains(output, "example.com/app: 3 module(s) in the build list");
            var (code, run) = SdkFeed.Run(s.App, env, "exec", Path.Combine(s.App, "bin", "Debug", "net10.0", "App.dll"));
            Assert.AreEqual(0, code, run);
            StringAssert.Contains(run, "selected logging module: v1.2.0");
            Assert.IsTrue(await app.Services.GetRequiredService<ModuleSdk.Proxy.Storage.IModuleStorage>().ExistsAsync("example.com/logging", "v1.2.0", default),
                "the proxy stored what the build fetched");
            // alpha, beta and logging v1.2.0, plus logging v1.0.6 whose module file MVS read: a
            // version is fetched and stored whole, whichever of its files is asked for first.
            Assert.AreEqual(4, app.Services.GetRequiredService<ProxyMetrics>().UpstreamFetches);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        // A second proxy on the same storage with no upstream at all serves a fresh module cache
        // (memory storage ends with its process).
        if (kind == "memory") return;
        var offline = ProxyServer.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Logging:Console:FormatterName=simple",
            .. storage, "--Upstream=off", "--TempPath=" + Path.Combine(s.Dir, "proxy-tmp")]);
        try
        {
            await offline.StartAsync();
            string url = offline.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            var env = s.Environment;
            env["MODPROXY"] = url;
            env["MODCACHE"] = Path.Combine(s.Dir, "cache2");
            var (dl, dlOut, dlErr) = ModWith(s, env, "download");
            Assert.AreEqual(0, dl, dlOut + dlErr);
            var (verify, verifyOut, verifyErr) = ModWith(s, env, "verify");
            Assert.AreEqual(0, verify, verifyOut + verifyErr);
            StringAssert.Contains(verifyOut, "all modules verified");
            Assert.IsTrue(Directory.Exists(Path.Combine(s.Dir, "cache2", "example.com", "logging@v1.2.0")));
        }
        finally
        {
            await offline.StopAsync();
            await offline.DisposeAsync();
        }
    }

    private static (int, string, string) ModWith(Scenario s, Dictionary<string, string> env, params string[] args)
    {
        var e = env.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        e["HOME"] = s.Dir;
        var o = new StringWriter();
        var err = new StringWriter();
        int code = ModuleSdk.Cli.CliApp.RunAsync(new ModuleSdk.Cli.CliContext(s.App, e, o, err), args).GetAwaiter().GetResult();
        return (code, o.ToString(), err.ToString());
    }
}
