using System.Net;
using System.Net.Sockets;
using ModuleSdk.Configuration;
using ModuleSdk.Diagnostics;
using ModuleSdk.Direct;
using ModuleSdk.Fetching;
using ModuleSdk.Proxy.Tests;
using ModuleSdk.Resolution;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Direct;

/// <summary>
/// Unreachable git hosts fail within the timeouts of <see cref="GitNetwork"/>, with their own code,
/// against real sockets on loopback: one that is never answered, and one whose accept queue is full.
/// The timeouts are libgit2's, per process: these tests shorten them for the whole test run (no
/// other test depends on a slow git server).
/// </summary>
[TestClass]
public class GitNetworkTests
{
    private const string Lib = "example.com/lib";
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(2);

    // A guard so that a regression fails the test instead of hanging the run; not a timing assertion.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    [ClassInitialize]
    public static void ShortTimeouts(TestContext _) => GitNetwork.Configure(Short, Short);

    [TestMethod]
    public void Configure_LibGit2HoldsTheTimeouts()
    {
        var (connect, read) = GitNetwork.Read();
        Assert.AreEqual((int)Short.TotalMilliseconds, connect);
        Assert.AreEqual((int)Short.TotalMilliseconds, read);
    }

    [TestMethod]
    public async Task SilentServer_ReadTimesOut_Unreachable()
    {
        // The kernel completes the TCP handshake from the listen backlog; nobody ever reads or answers.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var g = new GitFixture();
        using var s = g.Source($"example.com/*=http://127.0.0.1:{port}/*.git", insecure: "127.0.0.1");
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.VersionsAsync(Lib).WaitAsync(Guard));
        Assert.AreEqual(DiagnosticCodes.RepositoryUnreachable, e.Code, e.Message);
        StringAssert.Contains(e.Message, $"http://127.0.0.1:{port}/lib.git");
        StringAssert.Contains(e.Message, "host unreachable");
    }

    [TestMethod]
    public async Task FullAcceptQueue_ConnectTimesOut_Unreachable()
    {
        // A listener with a backlog of 0 holds one unaccepted connection; further SYNs are dropped,
        // so a connect hangs as it does to a blackholed address.
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.Listen(0);
        int port = ((IPEndPoint)server.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        try
        {
            for (int i = 0; i < 4; i++)
            {
                var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(c);
                _ = c.ConnectAsync(IPAddress.Loopback, port); // the later ones never complete
            }
            await Task.Delay(200);
            using var g = new GitFixture();
            using var s = g.Source($"example.com/*=http://127.0.0.1:{port}/*.git", insecure: "127.0.0.1");
            var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.VersionsAsync(Lib).WaitAsync(Guard));
            Assert.AreEqual(DiagnosticCodes.RepositoryUnreachable, e.Code, e.Message);
        }
        finally
        {
            foreach (var c in fillers) c.Dispose();
        }
    }

    [TestMethod]
    public async Task Unreachable_ProxyList_GoFallThrough()
    {
        // A port that was just closed: connections are refused at once, which keeps this test fast;
        // the routing is the same for a host that times out.
        int port = ServerProcess.FreePort();
        using var g = new GitFixture();
        using var direct = g.Source($"example.com/*=http://127.0.0.1:{port}/*.git", insecure: "127.0.0.1");
        using var proxyDir = new TempDir("proxy");
        var proxy = new ModuleProxyBuilder(proxyDir.Path).Add(Lib, "v1.0.0");

        // MODPROXY=direct: the unreachable host is the error.
        var onlyDirect = new RoutedSource(ProxyList.Parse("direct"), direct: () => direct);
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => onlyDirect.VersionsAsync("example.com/other").WaitAsync(Guard));
        Assert.AreEqual(DiagnosticCodes.RepositoryUnreachable, e.Code, e.Message);

        // A proxy first that has the module: direct is never asked.
        var routed = new RoutedSource(ProxyList.Parse(proxy.Url + ",direct"), direct: () => direct);
        CollectionAssert.AreEqual(new[] { "v1.0.0" }, (await routed.VersionsAsync(Lib)).ToArray());

        // A proxy first that lacks it ("not found" falls through on ','): direct's error is reported, as Go ranks it first.
        var e2 = await Assert.ThrowsExactlyAsync<ModuleException>(() => routed.VersionsAsync("example.com/other").WaitAsync(Guard));
        Assert.AreEqual(DiagnosticCodes.RepositoryUnreachable, e2.Code, e2.Message);

        // MODPRIVATE routes straight to direct even when the proxy has the module.
        var privateRouted = new RoutedSource(ProxyList.Parse(proxy.Url + ",direct"), "example.com/lib", direct: () => direct);
        var e3 = await Assert.ThrowsExactlyAsync<ModuleException>(() => privateRouted.VersionsAsync(Lib).WaitAsync(Guard));
        Assert.AreEqual(DiagnosticCodes.RepositoryUnreachable, e3.Code, e3.Message);
    }
}
