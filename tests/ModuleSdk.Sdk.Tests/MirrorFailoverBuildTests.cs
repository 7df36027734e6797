using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ModuleSdk.Proxy;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// Issue 13's "clients pick the nearest healthy proxy": the SDK sample built with
/// <c>MODPROXY=http://mirrorA|http://mirrorB</c>, two mirrors following one origin proxy; then,
/// with mirror A and the origin stopped, a clean module cache and a clean app build again, every
/// module from mirror B.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class MirrorFailoverBuildTests
{
    private static async Task<(WebApplication App, string Url)> Start(params string[] settings)
    {
        var app = ProxyServer.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Logging:Console:FormatterName=simple",
            "--Storage:Kind=memory",
            "--TempPath=" + Path.Combine(SdkFeed.Root, "modproxy-failover-" + Guid.NewGuid().ToString("N")[..8]), .. settings.Select(s => "--" + s)]);
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/'));
    }

    private static async Task Stop(WebApplication app)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task Build_KeepsWorking_WhileMirrorAIsDown()
    {
        using var s = new Scenario("mirrors");
        string upstream = new Uri(s.Proxy + "/").AbsoluteUri.TrimEnd('/');
        var (origin, originUrl) = await Start("Upstream=" + upstream);
        var (a, aUrl) = await Start("Mirror:Source=" + originUrl, "Mirror:PollSeconds=0.2");
        var (b, bUrl) = await Start("Mirror:Source=" + originUrl, "Mirror:PollSeconds=0.2");
        bool originUp = true, aUp = true;
        try
        {
            var env = s.Environment;
            env["MODPROXY"] = aUrl + "|" + bUrl;
            StringAssert.Contains(s.Expect(true, s.App, env, "build"), "example.com/app: 3 module(s) in the build list");

            // Everything the build fetched (through A, from the origin) reaches B through the origin's index.
            using var http = new HttpClient();
            string originIndex = await http.GetStringAsync(originUrl + "/index");
            int count = originIndex.Count(c => c == '\n');
            Assert.IsTrue(count >= 3, originIndex);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await http.GetStringAsync(bUrl + "/index")).Count(c => c == '\n') < count)
            {
                if (DateTime.UtcNow > deadline) Assert.Fail("mirror B never copied the origin's versions");
                await Task.Delay(100);
            }

            // Region A and the origin go down; a clean machine builds from B alone.
            await Stop(a);
            aUp = false;
            await Stop(origin);
            originUp = false;
            foreach (var d in new[] { "bin", "obj" })
                if (Directory.Exists(Path.Combine(s.App, d))) Directory.Delete(Path.Combine(s.App, d), recursive: true);
            env["MODCACHE"] = Path.Combine(s.Dir, "cache-after-failover");
            StringAssert.Contains(s.Expect(true, s.App, env, "build"), "example.com/app: 3 module(s) in the build list");
            var (code, run) = SdkFeed.Run(s.App, env, "exec", Path.Combine(s.App, "bin", "Debug", "net10.0", "App.dll"));
            Assert.AreEqual(0, code, run);
            StringAssert.Contains(run, "selected logging module: v1.2.0");
            Assert.IsTrue(Directory.Exists(Path.Combine(s.Dir, "cache-after-failover", "example.com", "logging@v1.2.0")));
        }
        finally
        {
            if (aUp) await Stop(a);
            if (originUp) await Stop(origin);
            await Stop(b);
        }
    }
}
