using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Fetching;

/// <summary>MODPROXY lists over real loopback proxies: fall-through, error ranking, off, direct, MODPRIVATE.</summary>
[TestClass]
public class RoutedSourceTests
{
    private const string Mod = "example.com/lib";

    private static LoopbackServer Status(int status, string reason) =>
        new((_, c, ct) => LoopbackServer.WriteTextAsync(c, status, reason, $"{status} from this proxy\n", cancellationToken: ct));

    private static RoutedSource Route(string list, string? @private = null, Func<IModuleSource>? direct = null) =>
        new(ProxyList.Parse(list), @private, direct, ProxyFixture.Fast with { Retry = RetryPolicy.None });

    [TestMethod]
    [DataRow(404, "Not Found", ",")]
    [DataRow(410, "Gone", ",")]
    [DataRow(404, "Not Found", "|")]
    [DataRow(500, "Internal Server Error", "|")]
    [DataRow(403, "Forbidden", "|")]
    public async Task FallsThrough(int status, string reason, string separator)
    {
        using var dir = new TempDir("proxy");
        ProxyFixture.Add(dir.Path, Mod, "v1.0.0");
        await using var a = Status(status, reason);
        await using var b = new LoopbackServer(LoopbackServer.Directory(dir.Path));
        var source = Route($"{a.BaseUrl}{separator}{b.BaseUrl}");
        CollectionAssert.AreEqual(new[] { "v1.0.0" }, (await source.VersionsAsync(Mod)).ToArray());
        Assert.AreEqual("v1.0.0", (await source.StatAsync(Mod, "v1.0.0")).Version);
        Assert.AreEqual(2, a.Requests.Count);
        Assert.AreEqual(2, b.Requests.Count);
    }

    [TestMethod]
    [DataRow(500, "Internal Server Error")]
    [DataRow(403, "Forbidden")]
    [DataRow(503, "Service Unavailable")]
    public async Task Comma_StopsOnRealErrors(int status, string reason)
    {
        await using var a = Status(status, reason);
        await using var b = Status(200, "OK");
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => Route($"{a.BaseUrl},{b.BaseUrl}").VersionsAsync(Mod));
        Assert.AreEqual(DiagnosticCodes.ProxyRequestFailed, e.Code);
        StringAssert.Contains(e.Message, $"reading {a.BaseUrl}/{Mod}/@v/list: {status} {reason}");
        Assert.AreEqual(0, b.Requests.Count);
    }

    [TestMethod]
    public async Task AllNotFound_ReportsTheLast()
    {
        await using var a = Status(404, "Not Found");
        await using var b = Status(410, "Gone");
        var e = await Assert.ThrowsExactlyAsync<ModuleNotFoundException>(() => Route($"{a.BaseUrl},{b.BaseUrl}").StatAsync(Mod, "v1.0.0"));
        StringAssert.Contains(e.Message, $"reading {b.BaseUrl}/{Mod}/@v/v1.0.0.info: 410 Gone");
    }

    [TestMethod]
    public async Task ProxyError_BeatsLaterNotFound()
    {
        await using var a = Status(500, "Internal Server Error");
        await using var b = Status(404, "Not Found");
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => Route($"{a.BaseUrl}|{b.BaseUrl}").GetModAsync(Mod, "v1.0.0"));
        Assert.IsNotInstanceOfType<ModuleNotFoundException>(e);
        StringAssert.Contains(e.Message, $"reading {a.BaseUrl}/{Mod}/@v/v1.0.0.mod: 500 Internal Server Error");
        Assert.AreEqual(1, b.Requests.Count);
    }

    [TestMethod]
    public async Task Off_DisablesLookups()
    {
        var e = await Assert.ThrowsExactlyAsync<ModuleLookupDisabledException>(() => Route("off").VersionsAsync(Mod));
        Assert.AreEqual(DiagnosticCodes.ModuleLookupDisabled, e.Code);
        Assert.AreEqual($"module {Mod}: module lookup disabled by MODPROXY=off", e.Message);
        Assert.IsInstanceOfType<ModuleNotFoundException>(e, "off counts as not found, as Go's errProxyOff");
    }

    [TestMethod]
    public async Task NotFoundThenOff_ReportsOff()
    {
        await using var a = Status(404, "Not Found");
        var e = await Assert.ThrowsExactlyAsync<ModuleLookupDisabledException>(() => Route($"{a.BaseUrl},off").StatAsync(Mod, "v1.0.0"));
        Assert.AreEqual($"{Mod}@v1.0.0: module lookup disabled by MODPROXY=off", e.Message);
        Assert.AreEqual(1, a.Requests.Count);
    }

    [TestMethod]
    public async Task Direct_WithoutFactory_IsAClearError()
    {
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => Route("direct").VersionsAsync(Mod));
        Assert.AreEqual(DiagnosticCodes.DirectUnavailable, e.Code);
        StringAssert.Contains(e.Message, "MODPROXY");
        StringAssert.Contains(e.Message, "direct");
    }

    [TestMethod]
    public async Task Direct_IsUsedAfterNotFound()
    {
        await using var a = Status(404, "Not Found");
        var direct = new FakeDirect();
        var source = Route($"{a.BaseUrl},direct", direct: () => direct);
        Assert.AreEqual("v9.9.9", (await source.LatestAsync(Mod)).Version);
        Assert.AreEqual(1, direct.Calls);
    }

    [TestMethod]
    public async Task DirectError_WinsOverProxyError()
    {
        await using var a = Status(500, "Internal Server Error");
        var direct = new FakeDirect { Fail = new ModuleNotFoundException("direct: no such repository") };
        var e = await Assert.ThrowsExactlyAsync<ModuleNotFoundException>(() => Route($"{a.BaseUrl}|direct", direct: () => direct).LatestAsync(Mod));
        Assert.AreEqual("direct: no such repository", e.Message);
    }

    [TestMethod]
    public async Task Private_GoesStraightToDirect()
    {
        await using var a = Status(200, "OK");
        var direct = new FakeDirect();
        var source = Route(a.BaseUrl, "*.corp.example,example.com/lib", () => direct);
        Assert.AreEqual("v9.9.9", (await source.StatAsync(Mod + "/sub", "v1.0.0")).Version);
        Assert.AreEqual("v9.9.9", (await source.StatAsync("git.corp.example/x", "v1.0.0")).Version);
        Assert.AreEqual(2, direct.Calls);
        Assert.AreEqual(0, a.Requests.Count);
        // Even MODPROXY=off does not stop private modules, as GOPRIVATE in Go.
        Assert.AreEqual("v9.9.9", (await Route("off", "example.com", () => direct).LatestAsync(Mod)).Version);
    }

    [TestMethod]
    public async Task Private_WithoutDirect_IsAClearError()
    {
        await using var a = Status(200, "OK");
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => Route(a.BaseUrl, "example.com").VersionsAsync(Mod));
        Assert.AreEqual(DiagnosticCodes.DirectUnavailable, e.Code);
        StringAssert.Contains(e.Message, "MODPRIVATE");
        Assert.AreEqual(0, a.Requests.Count);
    }

    [TestMethod]
    public async Task Zip_FallThrough_StartsClean()
    {
        using var dir = new TempDir("proxy");
        ProxyFixture.Add(dir.Path, Mod, "v1.0.0");
        var zip = ProxyFixture.Zip(Mod, "v1.0.0");
        // The first proxy sends part of a zip and breaks off; '|' moves on to the second.
        await using var a = new LoopbackServer((_, c, ct) =>
            LoopbackServer.WriteAsync(c, 200, "OK", "application/zip", zip[..50], declaredLength: zip.Length, cancellationToken: ct));
        await using var b = new LoopbackServer(LoopbackServer.Directory(dir.Path));
        using var dest = new MemoryStream();
        await Route($"{a.BaseUrl}|{b.BaseUrl}").DownloadZipAsync(Mod, "v1.0.0", dest);
        CollectionAssert.AreEqual(zip, dest.ToArray());
    }

    [TestMethod]
    public async Task FileProxy_InAList()
    {
        using var dir = new TempDir("proxy");
        ProxyFixture.Add(dir.Path, Mod, "v1.0.0");
        await using var a = Status(404, "Not Found");
        var source = Route($"{a.BaseUrl},{ProxyFixture.FileUrl(dir.Path)}");
        CollectionAssert.AreEqual(System.Text.Encoding.UTF8.GetBytes(ProxyFixture.ModText(Mod)), await source.GetModAsync(Mod, "v1.0.0"));
        var e = await Assert.ThrowsExactlyAsync<ModuleNotFoundException>(() => source.GetModAsync(Mod, "v2.0.0"));
        StringAssert.EndsWith(e.Message, "v2.0.0.mod: no such file or directory");
    }

    [TestMethod]
    public async Task Cancellation_StopsTheList()
    {
        await using var a = new LoopbackServer((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        await using var b = Status(200, "OK");
        using var cts = new CancellationTokenSource(100);
        await Assert.ThrowsAsync<OperationCanceledException>(() => Route($"{a.BaseUrl}|{b.BaseUrl}").VersionsAsync(Mod, "", cts.Token));
        Assert.AreEqual(0, b.Requests.Count);
    }

    private sealed class FakeDirect : IModuleSource
    {
        public int Calls;
        public ModuleException? Fail { get; init; }
        private Task<T> Answer<T>(T value)
        {
            Interlocked.Increment(ref Calls);
            return Fail is null ? Task.FromResult(value) : Task.FromException<T>(Fail);
        }
        public Task<IReadOnlyList<string>> VersionsAsync(string path, string prefix = "", CancellationToken cancellationToken = default) =>
            Answer<IReadOnlyList<string>>(["v9.9.9"]);
        public Task<RevInfo> StatAsync(string path, string revision, CancellationToken cancellationToken = default) => Answer(new RevInfo("v9.9.9", default));
        public Task<RevInfo> LatestAsync(string path, CancellationToken cancellationToken = default) => Answer(new RevInfo("v9.9.9", default));
        public Task<byte[]> GetModAsync(string path, string version, CancellationToken cancellationToken = default) => Answer(Array.Empty<byte>());
        public Task DownloadZipAsync(string path, string version, Stream destination, CancellationToken cancellationToken = default) => Answer(true);
    }
}
