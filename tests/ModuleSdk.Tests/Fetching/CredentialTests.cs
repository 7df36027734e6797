using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Proxy.Tests;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Fetching;

/// <summary>Passwords in proxy URLs: sent as Basic authentication, never shown anywhere.</summary>
[TestClass]
public class CredentialTests
{
    private const string Mod = "example.com/lib";
    private const string Secret = "s3cr3t-T0ken";

    [TestMethod]
    [DataRow("https://user:pass@host/p", "https://user:xxxxx@host/p")]
    [DataRow("https://user:pass@host", "https://user:xxxxx@host")]
    [DataRow("https://user:pass@host:8443/a/b?q#f", "https://user:xxxxx@host:8443/a/b?q#f")]
    [DataRow("https://user:p@ss@host/p", "https://user:xxxxx@host/p")]
    [DataRow("https://user:p%40ss@host/p", "https://user:xxxxx@host/p")]
    [DataRow("https://user:@host/p", "https://user:xxxxx@host/p")]
    [DataRow("https://ghp_t0ken@host/p", "https://xxxxx@host/p")]
    [DataRow("https://host/p@x", "https://host/p@x")]
    [DataRow("https://host:443/p", "https://host:443/p")]
    [DataRow("user:pass@host", "user:xxxxx@host")]
    [DataRow("ftp://a:b@c", "ftp://a:xxxxx@c")]
    [DataRow("file:///tmp/proxy", "file:///tmp/proxy")]
    [DataRow("direct", "direct")]
    [DataRow("", "")]
    public void Redact_HidesThePassword(string url, string redacted)
    {
        Assert.AreEqual(redacted, UrlRedaction.Redact(url));
        Assert.AreEqual(url != redacted, UrlRedaction.HasPassword(url));
    }

    [TestMethod]
    public async Task Credentials_AreSentAsBasicAuth_NotInTheRequestLine()
    {
        using var dir = new TempDir("proxy");
        ProxyFixture.Add(dir.Path, Mod, "v1.0.0");
        var files = LoopbackServer.Directory(dir.Path);
        string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("me@corp:" + Secret + "@x"));
        await using var server = new LoopbackServer((r, c, ct) => r.Headers.TryGetValue("Authorization", out var auth) && auth == expected
            ? files(r, c, ct)
            : LoopbackServer.WriteTextAsync(c, 401, "Unauthorized", "who are you?\n", cancellationToken: ct));
        // A password with a raw '@' and an escaped user name, as people write them.
        var client = new ProxyClient($"http://me%40corp:{Secret}@x@127.0.0.1:{server.Port}", ProxyFixture.Fast);
        Assert.AreEqual("v1.0.0", (await client.StatAsync(Mod, "v1.0.0")).Version);
        Assert.IsFalse(server.Requests.Single().Target.Contains(Secret));
    }

    [TestMethod]
    public async Task Credentials_NeverInErrors()
    {
        await using var server = new LoopbackServer((_, c, ct) =>
            LoopbackServer.WriteTextAsync(c, 500, "Internal Server Error", "oops\n", cancellationToken: ct));
        var url = $"http://user:{Secret}@127.0.0.1:{server.Port}";
        var client = new ProxyClient(url, ProxyFixture.Fast);
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => client.VersionsAsync(Mod));
        Assert.AreEqual($"module {Mod}: reading http://user:xxxxx@127.0.0.1:{server.Port}/{Mod}/@v/list: 500 Internal Server Error\n\tserver response: oops",
            e.Message);
        AssertNoSecret(e);
        AssertNoSecret(client.ToString());
        AssertNoSecret(client.Url);
    }

    [TestMethod]
    public async Task Credentials_NeverInNetworkErrors()
    {
        int port = ServerProcess.FreePort();
        var client = new ProxyClient($"http://user:{Secret}@127.0.0.1:{port}", ProxyFixture.Fast with { Retry = RetryPolicy.None });
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => client.StatAsync(Mod, "v1.0.0"));
        StringAssert.Contains(e.Message, "user:xxxxx@");
        AssertNoSecret(e);
    }

    [TestMethod]
    public async Task Credentials_NeverInTimeouts()
    {
        await using var server = new LoopbackServer((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        var client = new ProxyClient($"http://user:{Secret}@127.0.0.1:{server.Port}",
            ProxyFixture.Fast with { ResponseTimeout = TimeSpan.FromMilliseconds(100), Retry = RetryPolicy.None });
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => client.LatestAsync(Mod));
        Assert.AreEqual(DiagnosticCodes.ProxyTimeout, e.Code);
        AssertNoSecret(e);
    }

    [TestMethod]
    [DataRow("ftp://user:{0}@host/p")]
    [DataRow("https://user:{0}@/p")]
    [DataRow("file://user:{0}@host/dir")]
    public void Credentials_NeverInUrlErrors(string format)
    {
        var url = string.Format(format, Secret);
        var e = Assert.ThrowsExactly<ModuleException>(() => new ProxyClient(url));
        AssertNoSecret(e);
        var l = Assert.ThrowsExactly<ModuleException>(() => ProxyList.Parse("https://ok.example.com," + url));
        Assert.AreEqual(DiagnosticCodes.InvalidProxyList, l.Code);
        AssertNoSecret(l);
    }

    [TestMethod]
    public async Task Credentials_NeverInListsOrRoutedErrors()
    {
        await using var server = new LoopbackServer((_, c, ct) => LoopbackServer.WriteTextAsync(c, 404, "Not Found", "nope\n", cancellationToken: ct));
        var list = ProxyList.Parse($"http://user:{Secret}@127.0.0.1:{server.Port}|https://other:{Secret}@example.invalid,off");
        AssertNoSecret(list.ToString());
        Assert.AreEqual($"http://user:xxxxx@127.0.0.1:{server.Port}|https://other:xxxxx@example.invalid,off", list.ToString());
        foreach (var entry in list.Entries) AssertNoSecret(entry.ToString() + entry.Url);
        var source = new RoutedSource(ProxyList.Parse($"http://user:{Secret}@127.0.0.1:{server.Port}"), options: ProxyFixture.Fast);
        AssertNoSecret(source.ToString());
        var e = await Assert.ThrowsExactlyAsync<ModuleNotFoundException>(() => source.VersionsAsync(Mod));
        AssertNoSecret(e);
    }

    private static void AssertNoSecret(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            AssertNoSecret(x.Message);
            AssertNoSecret(x.ToString());
        }
    }

    private static void AssertNoSecret(string text) => Assert.IsFalse(text.Contains(Secret), $"secret leaked: {text}");
}
