using System.Diagnostics;
using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Proxy.Tests;

namespace ModuleSdk.Tests.Fetching;

/// <summary>Proxies that lie, fail, hang or break off: each gets a clear error, bounded retries, and no partial output.</summary>
[TestClass]
public class LyingProxyTests
{
    private const string Mod = "example.com/lib";

    private static ProxyClientOptions Options(int attempts = 3, int timeoutMs = 5000) => ProxyFixture.Fast with
    {
        ResponseTimeout = TimeSpan.FromMilliseconds(timeoutMs),
        StallTimeout = TimeSpan.FromMilliseconds(timeoutMs),
        Retry = ProxyFixture.Fast.Retry with { MaxAttempts = attempts },
    };

    private static LoopbackServer Text(int status, string reason, string body, string contentType = "text/plain; charset=utf-8") =>
        new((_, c, ct) => LoopbackServer.WriteTextAsync(c, status, reason, body, contentType, ct));

    [TestMethod]
    public async Task Stat_WrongVersionInInfo_IsAnError()
    {
        await using var server = Text(200, "OK", "{\"Version\":\"v1.0.1\",\"Time\":\"2020-01-01T00:00:00Z\"}", "application/json");
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => new ProxyClient(server.BaseUrl, Options()).StatAsync(Mod, "v1.0.0"));
        Assert.AreEqual(DiagnosticCodes.InvalidProxyResponse, e.Code);
        StringAssert.StartsWith(e.Message, $"{Mod}@v1.0.0: proxy returned info for version v1.0.1 instead of requested version v1.0.0");
    }

    [TestMethod]
    [DataRow("{\"Version\":\"v1.0\"}", "version \"v1.0\" is not canonical (want \"v1.0.0\")")]
    [DataRow("{\"Version\":\"v1.0.0+build\"}", "version \"v1.0.0+build\" is not canonical (want \"v1.0.0\")")]
    [DataRow("{\"Version\":\"1.0.0\"}", "invalid version \"1.0.0\"")]
    [DataRow("{\"Version\":\"\"}", "no Version")]
    [DataRow("{\"Time\":\"2020-01-01T00:00:00Z\"}", "no Version")]
    [DataRow("{\"Version\":7}", "Version is not a string")]
    [DataRow("{\"Version\":\"v1.0.0\",\"Time\":\"yesterday\"}", "invalid Time \"yesterday\"")]
    [DataRow("{\"Version\":\"v1.0.0\",\"Origin\":[1]}", "Origin is not a JSON object")]
    [DataRow("[\"v1.0.0\"]", "not a JSON object")]
    [DataRow("v1.0.0", "not JSON (")]
    [DataRow("", "not JSON (")]
    public async Task Latest_BadInfo_IsAnError(string body, string why)
    {
        await using var server = Text(200, "OK", body, "application/json");
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => new ProxyClient(server.BaseUrl, Options()).LatestAsync(Mod));
        Assert.AreEqual(DiagnosticCodes.InvalidProxyResponse, e.Code);
        StringAssert.StartsWith(e.Message, $"module {Mod}: invalid response from proxy {server.BaseUrl}/{Mod}/@latest: {why}");
    }

    [TestMethod]
    [DataRow("info")]
    [DataRow("list")]
    [DataRow("mod")]
    [DataRow("zip")]
    public async Task HtmlPageWith200_IsAClearError(string what)
    {
        // A login wall or a web server's index page where the proxy should be.
        await using var server = Text(200, "OK", "\n  <!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please sign in</body></html>\n",
            "text/html");
        var client = new ProxyClient(server.BaseUrl, Options());
        using var dest = new MemoryStream();
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => what switch
        {
            "info" => client.StatAsync(Mod, "v1.0.0"),
            "list" => client.VersionsAsync(Mod),
            "mod" => client.GetModAsync(Mod, "v1.0.0"),
            _ => client.DownloadZipAsync(Mod, "v1.0.0", dest),
        });
        Assert.AreEqual(DiagnosticCodes.InvalidProxyResponse, e.Code);
        StringAssert.Contains(e.Message, "the server answered 200 OK with an HTML page");
        StringAssert.Contains(e.Message, "MODPROXY");
        Assert.AreEqual(0, dest.Length, "no HTML may reach the zip destination");
        Assert.AreEqual(1, server.Requests.Count, "a wrong answer is not retried");
    }

    [TestMethod]
    public async Task ZipThatIsNotAZip_ButNotHtml_IsLeftToTheZipChecker()
    {
        await using var server = Text(200, "OK", "garbage, not a zip", "application/zip");
        using var dest = new MemoryStream();
        await new ProxyClient(server.BaseUrl, Options()).DownloadZipAsync(Mod, "v1.0.0", dest);
        Assert.AreEqual("garbage, not a zip", Encoding.UTF8.GetString(dest.ToArray()));
    }

    [TestMethod]
    public async Task TruncatedZip_IsRetriedThenFails_LeavingNothing()
    {
        var zip = ProxyFixture.Zip(Mod, "v1.0.0");
        // Promise the whole zip, send half, close the connection.
        await using var server = new LoopbackServer((_, c, ct) =>
            LoopbackServer.WriteAsync(c, 200, "OK", "application/zip", zip[..(zip.Length / 2)], declaredLength: zip.Length, cancellationToken: ct));
        using var dest = new MemoryStream();
        dest.Write("keep"u8);
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() =>
            new ProxyClient(server.BaseUrl, Options(attempts: 3)).DownloadZipAsync(Mod, "v1.0.0", dest));
        Assert.AreEqual(DiagnosticCodes.ProxyRequestFailed, e.Code);
        Assert.AreEqual($"{Mod}@v1.0.0: reading {server.BaseUrl}/{Mod}/@v/v1.0.0.zip: unexpected EOF: the connection closed before the whole response " +
            "arrived (gave up after 3 attempts)", e.Message);
        Assert.AreEqual(3, server.Count(".zip"));
        CollectionAssert.AreEqual("keep"u8.ToArray(), dest.ToArray(), "the destination is left as it was");
    }

    [TestMethod]
    public async Task TruncatedZip_ThenComplete_Succeeds()
    {
        var zip = ProxyFixture.Zip(Mod, "v1.0.0");
        int calls = 0;
        await using var server = new LoopbackServer((_, c, ct) => Interlocked.Increment(ref calls) == 1
            ? LoopbackServer.WriteAsync(c, 200, "OK", "application/zip", zip[..100], declaredLength: zip.Length, cancellationToken: ct)
            : LoopbackServer.WriteAsync(c, 200, "OK", "application/zip", zip, cancellationToken: ct));
        using var dest = new MemoryStream();
        await new ProxyClient(server.BaseUrl, Options()).DownloadZipAsync(Mod, "v1.0.0", dest);
        CollectionAssert.AreEqual(zip, dest.ToArray(), "the partial first attempt is not left in front");
    }

    [TestMethod]
    public async Task TruncatedZip_UnseekableDestination_IsNotRetriedAfterWriting()
    {
        var zip = ProxyFixture.Zip(Mod, "v1.0.0");
        await using var server = new LoopbackServer((_, c, ct) =>
            LoopbackServer.WriteAsync(c, 200, "OK", "application/zip", zip[..100], declaredLength: zip.Length, cancellationToken: ct));
        using var inner = new MemoryStream();
        using var dest = new ForwardOnlyStream(inner);
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => new ProxyClient(server.BaseUrl, Options()).DownloadZipAsync(Mod, "v1.0.0", dest));
        StringAssert.Contains(e.Message, "unexpected EOF");
        Assert.AreEqual(1, server.Count(".zip"), "bytes already written to a stream that cannot rewind cannot be taken back");
    }

    [TestMethod]
    public async Task ServerError500_IsHard_NotRetried_WithDetail()
    {
        await using var server = Text(500, "Internal Server Error", "database on fire\nplease retry later\n");
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => new ProxyClient(server.BaseUrl, Options()).GetModAsync(Mod, "v1.0.0"));
        Assert.AreEqual(DiagnosticCodes.ProxyRequestFailed, e.Code);
        Assert.IsNotInstanceOfType<ModuleNotFoundException>(e);
        Assert.AreEqual($"{Mod}@v1.0.0: reading {server.BaseUrl}/{Mod}/@v/v1.0.0.mod: 500 Internal Server Error\n\tserver response:\n\tdatabase on fire\n" +
            "\tplease retry later", e.Message);
        Assert.AreEqual(1, server.Requests.Count);
    }

    [TestMethod]
    [DataRow(400, "Bad Request")]
    [DataRow(401, "Unauthorized")]
    [DataRow(403, "Forbidden")]
    [DataRow(418, "I'm a teapot")]
    [DataRow(501, "Not Implemented")]
    public async Task OtherStatuses_AreHard_NotRetried(int status, string reason)
    {
        await using var server = Text(status, reason, "no\n");
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => new ProxyClient(server.BaseUrl, Options()).VersionsAsync(Mod));
        Assert.AreEqual(DiagnosticCodes.ProxyRequestFailed, e.Code);
        StringAssert.Contains(e.Message, $": {status} {reason}\n\tserver response: no");
        Assert.AreEqual(1, server.Requests.Count);
    }

    [TestMethod]
    [DataRow(404, "Not Found")]
    [DataRow(410, "Gone")]
    public async Task NotFoundStatuses_AreNotRetried(int status, string reason)
    {
        await using var server = Text(status, reason, "gone for good\n");
        var e = await Assert.ThrowsExactlyAsync<ModuleNotFoundException>(() => new ProxyClient(server.BaseUrl, Options()).VersionsAsync(Mod));
        StringAssert.EndsWith(e.Message, $": {status} {reason}\n\tserver response: gone for good");
        Assert.AreEqual(1, server.Requests.Count);
    }

    [TestMethod]
    [DataRow(429, "Too Many Requests")]
    [DataRow(502, "Bad Gateway")]
    [DataRow(503, "Service Unavailable")]
    [DataRow(504, "Gateway Timeout")]
    public async Task TransientStatuses_AreRetried_ThenFail(int status, string reason)
    {
        await using var server = Text(status, reason, "busy\n");
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => new ProxyClient(server.BaseUrl, Options(attempts: 4)).VersionsAsync(Mod));
        Assert.AreEqual(DiagnosticCodes.ProxyRequestFailed, e.Code);
        Assert.AreEqual($"module {Mod}: reading {server.BaseUrl}/{Mod}/@v/list: {status} {reason} (gave up after 4 attempts)\n\tserver response: busy",
            e.Message);
        Assert.AreEqual(4, server.Requests.Count);
    }

    [TestMethod]
    public async Task Unavailable_ThenOk_Succeeds()
    {
        int calls = 0;
        await using var server = new LoopbackServer((_, c, ct) => Interlocked.Increment(ref calls) <= 2
            ? LoopbackServer.WriteTextAsync(c, 503, "Service Unavailable", "later\n", cancellationToken: ct)
            : LoopbackServer.WriteTextAsync(c, 200, "OK", "v1.0.0\nv1.1.0\n", cancellationToken: ct));
        var list = await new ProxyClient(server.BaseUrl, Options()).VersionsAsync(Mod);
        CollectionAssert.AreEqual(new[] { "v1.0.0", "v1.1.0" }, list.ToArray());
        Assert.AreEqual(3, server.Requests.Count);
    }

    [TestMethod]
    public async Task RetryAfter_IsHonouredUpToTheCap()
    {
        int calls = 0;
        // Asks for an hour; the policy's cap (20 ms here) wins, so the test stays fast.
        await using var server = new LoopbackServer((_, c, ct) => Interlocked.Increment(ref calls) == 1
            ? LoopbackServer.WriteAsync(c, 429, "Too Many Requests", "text/plain", [], headers: ["Retry-After: 3600"], cancellationToken: ct)
            : LoopbackServer.WriteTextAsync(c, 200, "OK", "v1.0.0\n", cancellationToken: ct));
        var sw = Stopwatch.StartNew();
        await new ProxyClient(server.BaseUrl, Options()).VersionsAsync(Mod);
        Assert.IsLessThan(5000, sw.ElapsedMilliseconds);
        Assert.AreEqual(2, server.Requests.Count);
    }

    [TestMethod]
    public async Task Hang_TimesOut_AndIsRetried()
    {
        await using var server = new LoopbackServer((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        var sw = Stopwatch.StartNew();
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() =>
            new ProxyClient(server.BaseUrl, Options(attempts: 2, timeoutMs: 150)).StatAsync(Mod, "v1.0.0"));
        Assert.AreEqual(DiagnosticCodes.ProxyTimeout, e.Code);
        Assert.AreEqual($"{Mod}@v1.0.0: reading {server.BaseUrl}/{Mod}/@v/v1.0.0.info: timed out: no response within 150ms (gave up after 2 attempts)",
            e.Message);
        Assert.AreEqual(2, server.Requests.Count);
        Assert.IsLessThan(5000, sw.ElapsedMilliseconds);
    }

    [TestMethod]
    public async Task BodyStall_TimesOut()
    {
        var zip = ProxyFixture.Zip(Mod, "v1.0.0");
        await using var server = new LoopbackServer(async (_, c, ct) =>
        {
            await LoopbackServer.WriteAsync(c, 200, "OK", "application/zip", zip[..100], declaredLength: zip.Length, cancellationToken: ct);
            await c.FlushAsync(ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var dest = new MemoryStream();
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() =>
            new ProxyClient(server.BaseUrl, Options(attempts: 2, timeoutMs: 150)).DownloadZipAsync(Mod, "v1.0.0", dest));
        Assert.AreEqual(DiagnosticCodes.ProxyTimeout, e.Code);
        StringAssert.EndsWith(e.Message, "v1.0.0.zip: timed out: the body stalled for 150ms (gave up after 2 attempts)");
        Assert.AreEqual(0, dest.Length);
    }

    [TestMethod]
    public async Task Cancellation_IsNotAnError_AndIsPrompt()
    {
        await using var server = new LoopbackServer((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        using var cts = new CancellationTokenSource(100);
        var sw = Stopwatch.StartNew();
        await Assert.ThrowsAsync<OperationCanceledException>(() => new ProxyClient(server.BaseUrl, ProxyFixture.Fast).VersionsAsync(Mod, "", cts.Token));
        Assert.IsLessThan(3000, sw.ElapsedMilliseconds);
        Assert.AreEqual(1, server.Requests.Count, "cancellation is not retried");
    }

    [TestMethod]
    public async Task ConnectionRefused_IsRetried_ThenAClearError()
    {
        int port = ServerProcess.FreePort();
        var sw = Stopwatch.StartNew();
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => new ProxyClient($"http://127.0.0.1:{port}", Options()).VersionsAsync(Mod));
        Assert.AreEqual(DiagnosticCodes.ProxyRequestFailed, e.Code);
        StringAssert.StartsWith(e.Message, $"module {Mod}: reading http://127.0.0.1:{port}/{Mod}/@v/list: ");
        StringAssert.Contains(e.Message, "refused");
        StringAssert.EndsWith(e.Message, "(gave up after 3 attempts)");
        Assert.IsLessThan(5000, sw.ElapsedMilliseconds);
    }

    [TestMethod]
    public async Task ZipTooLarge_IsAnError()
    {
        var body = new byte[2000];
        "PK"u8.CopyTo(body);
        await using var server = new LoopbackServer((_, c, ct) => LoopbackServer.WriteAsync(c, 200, "OK", "application/zip", body, cancellationToken: ct));
        using var dest = new MemoryStream();
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() =>
            new ProxyClient(server.BaseUrl, Options() with { MaxZipBytes = 1999 }).DownloadZipAsync(Mod, "v1.0.0", dest));
        Assert.AreEqual(DiagnosticCodes.ProxyResponseTooLarge, e.Code);
        Assert.AreEqual($"{Mod}@v1.0.0: downloaded zip file too large (more than 1999 bytes) from {server.BaseUrl}/{Mod}/@v/v1.0.0.zip", e.Message);
        Assert.AreEqual(1, server.Requests.Count);

        // Exactly at the limit is fine (Go reads limit + 1 bytes and fails only if it got them).
        dest.SetLength(0);
        await new ProxyClient(server.BaseUrl, Options() with { MaxZipBytes = 2000 }).DownloadZipAsync(Mod, "v1.0.0", dest);
        Assert.AreEqual(2000, dest.Length);
    }

    [TestMethod]
    public async Task ZipTooLarge_WithoutContentLength_IsCaughtWhileStreaming()
    {
        var body = new byte[5000];
        "PK"u8.CopyTo(body);
        await using var server = new LoopbackServer(async (_, c, ct) =>
        {
            // No Content-Length: the body ends when the connection closes.
            await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nConnection: close\r\n\r\n"u8.ToArray(), ct);
            await c.WriteAsync(body, ct);
        });
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() =>
            new ProxyClient(server.BaseUrl, Options() with { MaxZipBytes = 1000 }).DownloadZipAsync(Mod, "v1.0.0", new MemoryStream()));
        Assert.AreEqual(DiagnosticCodes.ProxyResponseTooLarge, e.Code);
    }

    [TestMethod]
    public async Task GzipEncodedResponses_AreDecompressed()
    {
        using var packed = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            gz.Write("v1.0.0\nv1.1.0\n"u8);
        await using var server = new LoopbackServer((_, c, ct) =>
            LoopbackServer.WriteAsync(c, 200, "OK", "text/plain", packed.ToArray(), headers: ["Content-Encoding: gzip"], cancellationToken: ct));
        var list = await new ProxyClient(server.BaseUrl, Options()).VersionsAsync(Mod);
        CollectionAssert.AreEqual(new[] { "v1.0.0", "v1.1.0" }, list.ToArray());
        StringAssert.Contains(server.Requests.Single().Headers["Accept-Encoding"], "gzip");
    }

    /// <summary>A write-only stream that cannot seek, like a network or pipe destination.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
