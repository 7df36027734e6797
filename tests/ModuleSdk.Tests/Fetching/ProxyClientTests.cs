using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Fetching;

/// <summary>The protocol against well-behaved proxies, over real loopback HTTP and over file://.</summary>
[TestClass]
public class ProxyClientTests
{
    private const string Mod = "example.com/lib";

    private static async Task<T> WithProxy<T>(string kind, Action<string> fill, Func<ProxyClient, LoopbackServer?, Task<T>> test)
    {
        using var dir = new TempDir("proxy");
        fill(dir.Path);
        if (kind == "file") return await test(new ProxyClient(ProxyFixture.FileUrl(dir.Path), ProxyFixture.Fast), null);
        await using var server = new LoopbackServer(LoopbackServer.Directory(dir.Path));
        return await test(new ProxyClient(server.BaseUrl + "/", ProxyFixture.Fast), server);
    }

    [TestMethod]
    [DataRow("http")]
    [DataRow("file")]
    public async Task VersionsAsync_FiltersAndSorts(string kind)
    {
        var list = await WithProxy(kind, root => ProxyFixture.Write(root, Mod + "/@v/list",
            "v1.10.0 2023-01-01T00:00:00Z\nv1.2.0\n\n  v1.9.0-rc.1\t extra\nnot-a-version\nv1.3\nv0.0.0-20191109021931-daa7c04131f5\n" +
            "v1.2.4-0.20191109021931-daa7c04131f5\r\nv2.0.0+incompatible\nv1.2.0-beta\n"),
            (client, _) => client.VersionsAsync(Mod));
        // First field only; invalid semver and pseudo-versions dropped; semver order, not text order.
        // "v1.3" is valid semver shorthand, kept as written, as Go's list parsing keeps it.
        CollectionAssert.AreEqual(new[] { "v1.2.0-beta", "v1.2.0", "v1.3", "v1.9.0-rc.1", "v1.10.0", "v2.0.0+incompatible" }, list.ToArray());
    }

    [TestMethod]
    [DataRow("http")]
    [DataRow("file")]
    public async Task VersionsAsync_Prefix(string kind)
    {
        var list = await WithProxy(kind, root => ProxyFixture.Write(root, Mod + "/@v/list", "v1.2.0\nv1.10.0\nv1.1.0\n"),
            (client, _) => client.VersionsAsync(Mod, "v1.1"));
        CollectionAssert.AreEqual(new[] { "v1.1.0", "v1.10.0" }, list.ToArray());
    }

    [TestMethod]
    [DataRow("http")]
    [DataRow("file")]
    public async Task VersionsAsync_EmptyList(string kind)
    {
        var list = await WithProxy(kind, root => ProxyFixture.Write(root, Mod + "/@v/list", ""), (client, _) => client.VersionsAsync(Mod));
        Assert.IsEmpty(list);
    }

    [TestMethod]
    [DataRow("http")]
    [DataRow("file")]
    public async Task StatModZip_RoundTrip(string kind)
    {
        await WithProxy(kind, root => ProxyFixture.Add(root, Mod, "v1.2.0"), async (client, _) =>
        {
            var info = await client.StatAsync(Mod, "v1.2.0");
            Assert.AreEqual("v1.2.0", info.Version);
            Assert.AreEqual(ProxyFixture.Time, info.Time);
            Assert.IsNull(info.Origin);
            CollectionAssert.AreEqual(Encoding.UTF8.GetBytes(ProxyFixture.ModText(Mod)), await client.GetModAsync(Mod, "v1.2.0"));
            using var zip = new MemoryStream();
            await client.DownloadZipAsync(Mod, "v1.2.0", zip);
            CollectionAssert.AreEqual(ProxyFixture.Zip(Mod, "v1.2.0"), zip.ToArray());
            return 0;
        });
    }

    [TestMethod]
    [DataRow("http")]
    [DataRow("file")]
    public async Task PathsAndVersions_AreEscaped(string kind)
    {
        const string upper = "github.com/Azure/Lib";
        var info = await WithProxy(kind, root => ProxyFixture.Add(root, upper, "v1.0.0-RC"), async (client, server) =>
        {
            var i = await client.StatAsync(upper, "v1.0.0-RC");
            if (server is not null) Assert.AreEqual("/github.com/!azure/!lib/@v/v1.0.0-!r!c.info", server.Requests.Single().Target);
            return i;
        });
        Assert.AreEqual("v1.0.0-RC", info.Version);
    }

    [TestMethod]
    [DataRow("http")]
    [DataRow("file")]
    public async Task LatestAsync_ReadsInfo(string kind)
    {
        var info = await WithProxy(kind, root => ProxyFixture.Write(root, Mod + "/@latest", "{\"Version\":\"v0.3.1\",\"Time\":\"2020-01-02T03:04:05Z\"}"),
            (client, _) => client.LatestAsync(Mod));
        Assert.AreEqual("v0.3.1", info.Version);
        Assert.AreEqual(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero), info.Time);
    }

    [TestMethod]
    [DataRow("http")]
    [DataRow("file")]
    public async Task StatAsync_ReadsOrigin(string kind)
    {
        var info = await WithProxy(kind, root => ProxyFixture.Write(root, Mod + "/@v/v1.0.0.info",
            "{\"Version\":\"v1.0.0\",\"Time\":\"2020-01-02T03:04:05Z\",\"Origin\":{\"VCS\":\"git\",\"URL\":\"https://u:pw@git.example.com/lib\"," +
            "\"Hash\":\"abc\",\"Ref\":\"refs/tags/v1.0.0\"}}"),
            (client, _) => client.StatAsync(Mod, "v1.0.0"));
        Assert.AreEqual("git", info.Origin!.VCS);
        Assert.AreEqual("abc", info.Origin.Hash);
        Assert.AreEqual("refs/tags/v1.0.0", info.Origin.Ref);
        Assert.AreEqual("https://u:xxxxx@git.example.com/lib", info.Origin.URL);
    }

    [TestMethod]
    [DataRow("http")]
    [DataRow("file")]
    public async Task StatAsync_QueryRevisionMayResolveToAnotherVersion(string kind)
    {
        // "master" is no canonical version: the proxy names the version it resolves to.
        var info = await WithProxy(kind,
            root => ProxyFixture.Write(root, Mod + "/@v/master.info", "{\"Version\":\"v0.0.0-20200102030405-abcdefabcdef\",\"Time\":\"2020-01-02T03:04:05Z\"}"),
            (client, _) => client.StatAsync(Mod, "master"));
        Assert.AreEqual("v0.0.0-20200102030405-abcdefabcdef", info.Version);
    }

    [TestMethod]
    [DataRow("http", "list")]
    [DataRow("http", "info")]
    [DataRow("http", "mod")]
    [DataRow("http", "zip")]
    [DataRow("http", "latest")]
    [DataRow("file", "list")]
    [DataRow("file", "info")]
    [DataRow("file", "mod")]
    [DataRow("file", "zip")]
    [DataRow("file", "latest")]
    public async Task Missing_IsNotFound(string kind, string what)
    {
        string suffix = what switch { "list" => "/@v/list", "latest" => "/@latest", _ => "/@v/v1.0.0." + what };
        string prefix = what is "list" or "latest" ? $"module {Mod}: reading " : $"{Mod}@v1.0.0: reading ";
        await WithProxy(kind, root => ProxyFixture.Add(root, "example.com/other", "v1.0.0"), async (client, server) =>
        {
            var e = await Assert.ThrowsExactlyAsync<ModuleNotFoundException>(() => what switch
            {
                "list" => client.VersionsAsync(Mod),
                "info" => client.StatAsync(Mod, "v1.0.0"),
                "mod" => client.GetModAsync(Mod, "v1.0.0"),
                "zip" => client.DownloadZipAsync(Mod, "v1.0.0", new MemoryStream()),
                _ => client.LatestAsync(Mod),
            });
            Assert.AreEqual(DiagnosticCodes.ModuleNotFound, e.Code);
            if (server is not null)
                Assert.AreEqual($"{prefix}{server.BaseUrl}/{Mod}{suffix}: 404 Not Found\n\tserver response: not found: {Mod}{suffix}", e.Message);
            else
                Assert.AreEqual($"{prefix}{client.Url}/{Mod}{suffix}: no such file or directory", e.Message);
            return 0;
        });
    }

    [TestMethod]
    [DataRow("v1.2")]
    [DataRow("v1.2.0+meta")]
    [DataRow("master")]
    public async Task ModAndZip_RequireCanonicalVersions(string version)
    {
        var client = new ProxyClient("file:///nonexistent-proxy", ProxyFixture.Fast);
        var e1 = await Assert.ThrowsExactlyAsync<ModuleException>(() => client.GetModAsync(Mod, version));
        var e2 = await Assert.ThrowsExactlyAsync<ModuleException>(() => client.DownloadZipAsync(Mod, version, new MemoryStream()));
        Assert.AreEqual(DiagnosticCodes.NonCanonicalVersion, e1.Code);
        Assert.AreEqual(DiagnosticCodes.NonCanonicalVersion, e2.Code);
    }

    [TestMethod]
    public async Task InvalidModulePath_IsRejectedBeforeAnyRequest()
    {
        await using var server = new LoopbackServer((_, c, ct) => LoopbackServer.WriteTextAsync(c, 200, "OK", "v1.0.0\n", cancellationToken: ct));
        var client = new ProxyClient(server.BaseUrl, ProxyFixture.Fast);
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => client.VersionsAsync("example.com/../etc"));
        Assert.AreEqual(DiagnosticCodes.InvalidModulePath, e.Code);
        var v = await Assert.ThrowsExactlyAsync<ModuleException>(() => client.StatAsync(Mod, "../../x"));
        Assert.AreEqual(DiagnosticCodes.InvalidVersion, v.Code);
        Assert.IsEmpty(server.Requests);
    }

    [TestMethod]
    public async Task BasePath_IsKept()
    {
        using var dir = new TempDir("proxy");
        ProxyFixture.Add(Path.Combine(dir.Path, "sub", "proxy"), Mod, "v1.0.0");
        await using var server = new LoopbackServer(LoopbackServer.Directory(dir.Path));
        foreach (var url in new[] { server.BaseUrl + "/sub/proxy", server.BaseUrl + "/sub/proxy/" })
        {
            var client = new ProxyClient(url, ProxyFixture.Fast);
            Assert.AreEqual("v1.0.0", (await client.StatAsync(Mod, "v1.0.0")).Version);
        }
        Assert.IsTrue(server.Requests.All(r => r.Target == $"/sub/proxy/{Mod}/@v/v1.0.0.info"));
    }

    [TestMethod]
    public async Task Redirects_AreFollowed()
    {
        using var dir = new TempDir("proxy");
        ProxyFixture.Add(dir.Path, Mod, "v1.0.0");
        var files = LoopbackServer.Directory(dir.Path);
        await using var server = new LoopbackServer((r, c, ct) => r.Target.StartsWith("/old/")
            ? LoopbackServer.WriteAsync(c, 302, "Found", null, [], headers: [$"Location: /{r.Target["/old/".Length..]}"], cancellationToken: ct)
            : files(r, c, ct));
        var client = new ProxyClient(server.BaseUrl + "/old", ProxyFixture.Fast);
        using var zip = new MemoryStream();
        await client.DownloadZipAsync(Mod, "v1.0.0", zip);
        CollectionAssert.AreEqual(ProxyFixture.Zip(Mod, "v1.0.0"), zip.ToArray());
    }

    [TestMethod]
    public async Task ZipDestination_KeepsWhatWasBefore()
    {
        using var dir = new TempDir("proxy");
        ProxyFixture.Add(dir.Path, Mod, "v1.0.0");
        await using var server = new LoopbackServer(LoopbackServer.Directory(dir.Path));
        var client = new ProxyClient(server.BaseUrl, ProxyFixture.Fast);
        using var dest = new MemoryStream();
        dest.Write("head"u8);
        await client.DownloadZipAsync(Mod, "v1.0.0", dest);
        CollectionAssert.AreEqual("head"u8.ToArray().Concat(ProxyFixture.Zip(Mod, "v1.0.0")).ToArray(), dest.ToArray());
    }

    [TestMethod]
    [DataRow("ftp://example.com/proxy", "invalid proxy URL scheme (must be https, http, file): ftp://example.com/proxy")]
    [DataRow("example.com", "invalid proxy URL missing scheme: example.com")]
    [DataRow("file://host/dir", "invalid proxy URL with non-path elements (want file:///absolute/dir): file://host/dir")]
    [DataRow("https://example.com/p?x=1", "invalid proxy URL with a query or fragment: https://example.com/p?x=1")]
    [DataRow("https://user:hunter2@/p", "invalid proxy URL (cannot parse): https://user:xxxxx@/p")]
    public void Constructor_RejectsBadUrls(string url, string message)
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => new ProxyClient(url));
        Assert.AreEqual(DiagnosticCodes.InvalidProxyList, e.Code);
        Assert.AreEqual(message, e.Message);
    }
}
