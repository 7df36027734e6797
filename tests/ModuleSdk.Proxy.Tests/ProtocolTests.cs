using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ModuleSdk.Sums;

namespace ModuleSdk.Proxy.Tests;

/// <summary>The GOPROXY protocol as served from the direct (git) upstream: status codes, headers, bodies.</summary>
[TestClass]
public sealed class ProtocolTests
{
    private static ModuleRepos _repos = null!;
    private static ProxyHost _proxy = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        _repos = new ModuleRepos();
        _proxy = await ProxyHost.StartAsync("Upstream=direct", "Repos=" + _repos.Rules + ",missing.example/*=file:///nonexistent/*.git",
            "Cache:ListTtlSeconds=60");
    }

    [ClassCleanup]
    public static async Task Stop()
    {
        await _proxy.DisposeAsync();
        _repos.Dispose();
    }

    [TestMethod]
    public async Task List_IsTextWithShortCaching()
    {
        using var res = await _proxy.Http.GetAsync("example.com/lib/@v/list");
        Assert.AreEqual(HttpStatusCode.OK, res.StatusCode);
        Assert.AreEqual("text/plain; charset=utf-8", res.Content.Headers.ContentType!.ToString());
        Assert.AreEqual("v1.0.0\nv1.1.0\n", await res.Content.ReadAsStringAsync());
        Assert.AreEqual(14, res.Content.Headers.ContentLength);
        Assert.AreEqual("public, max-age=60", res.Headers.CacheControl!.ToString());
        Assert.IsNotNull(res.Headers.ETag);
    }

    [TestMethod]
    public async Task Info_Mod_Zip_AreImmutableWithContentLengthAndETag()
    {
        using var info = await _proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.info");
        Assert.AreEqual(HttpStatusCode.OK, info.StatusCode, await info.Content.ReadAsStringAsync());
        Assert.AreEqual("application/json", info.Content.Headers.ContentType!.MediaType);
        StringAssert.StartsWith(await info.Content.ReadAsStringAsync(), "{\"Version\":\"v1.0.0\",\"Time\":\"2021-03-04T05:06:07Z\"");
        Assert.AreEqual("public, max-age=31536000, immutable", info.Headers.CacheControl!.ToString());

        using var mod = await _proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.mod");
        Assert.AreEqual("module example.com/lib\n", await mod.Content.ReadAsStringAsync());
        Assert.AreEqual("text/plain; charset=utf-8", mod.Content.Headers.ContentType!.ToString());
        Assert.AreEqual("\"" + Hash1.HashModFile("module example.com/lib\n"u8) + "\"", mod.Headers.ETag!.Tag);
        Assert.AreEqual("public, max-age=31536000, immutable", mod.Headers.CacheControl!.ToString());

        using var zip = await _proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.zip");
        Assert.AreEqual(HttpStatusCode.OK, zip.StatusCode);
        Assert.AreEqual("application/zip", zip.Content.Headers.ContentType!.MediaType);
        byte[] bytes = await zip.Content.ReadAsByteArrayAsync();
        Assert.AreEqual(bytes.Length, zip.Content.Headers.ContentLength);
        string h1 = Hash1.HashZip(new MemoryStream(bytes));
        Assert.AreEqual("\"" + h1 + "\"", zip.Headers.ETag!.Tag);
        Assert.AreEqual("public, max-age=31536000, immutable", zip.Headers.CacheControl!.ToString());
        using var archive = new ZipArchive(new MemoryStream(bytes));
        CollectionAssert.AreEquivalent(new[] { "example.com/lib@v1.0.0/LICENSE", "example.com/lib@v1.0.0/module.mod", "example.com/lib@v1.0.0/src/Lib.cs" },
            archive.Entries.Select(e => e.FullName).ToArray());
    }

    [TestMethod]
    public async Task HotInfoAndMod_AnswerTheSameBytesAndETags()
    {
        foreach (var url in new[] { "example.com/lib/@v/v1.0.0.info", "example.com/lib/@v/v1.0.0.mod", "example.com/lib/@v/v1.0.0.zip" })
        {
            // The first answer may come from storage, the second from memory: clients see no difference.
            using var first = await _proxy.Http.GetAsync(url);
            using var second = await _proxy.Http.GetAsync(url);
            Assert.AreEqual(HttpStatusCode.OK, second.StatusCode, url);
            CollectionAssert.AreEqual(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync(), url);
            Assert.AreEqual(first.Headers.ETag, second.Headers.ETag, url);
            Assert.AreEqual(first.Headers.CacheControl?.ToString(), second.Headers.CacheControl?.ToString(), url);
            Assert.AreEqual(first.Content.Headers.ContentType?.ToString(), second.Content.Headers.ContentType?.ToString(), url);
        }
    }

    [TestMethod]
    public async Task IfNoneMatch_Gives304()
    {
        foreach (var url in new[] { "example.com/lib/@v/v1.1.0.zip", "example.com/lib/@v/v1.1.0.mod", "example.com/lib/@v/v1.1.0.info",
            "example.com/lib/@v/list" })
        {
            using var first = await _proxy.Http.GetAsync(url);
            Assert.AreEqual(HttpStatusCode.OK, first.StatusCode, url);
            var etag = first.Headers.ETag!;
            using var req = new HttpRequestMessage(HttpMethod.Get, url);
            req.Headers.IfNoneMatch.Add(etag);
            using var again = await _proxy.Http.SendAsync(req);
            Assert.AreEqual(HttpStatusCode.NotModified, again.StatusCode, url);
            Assert.AreEqual(0, (await again.Content.ReadAsByteArrayAsync()).Length, url);
            using var other = new HttpRequestMessage(HttpMethod.Get, url);
            other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
            using var changed = await _proxy.Http.SendAsync(other);
            Assert.AreEqual(HttpStatusCode.OK, changed.StatusCode, url);
        }
    }

    [TestMethod]
    public async Task Head_GivesHeadersWithoutBody()
    {
        using var req = new HttpRequestMessage(HttpMethod.Head, "example.com/lib/@v/v1.1.0.zip");
        using var res = await _proxy.Http.SendAsync(req);
        Assert.AreEqual(HttpStatusCode.OK, res.StatusCode);
        Assert.IsTrue(res.Content.Headers.ContentLength > 100);
    }

    [TestMethod]
    public async Task Latest_IsShortCachedJson()
    {
        using var res = await _proxy.Http.GetAsync("example.com/lib/@latest");
        Assert.AreEqual(HttpStatusCode.OK, res.StatusCode, await res.Content.ReadAsStringAsync());
        Assert.AreEqual("application/json", res.Content.Headers.ContentType!.MediaType);
        // As Go's direct mode: the latest commit of the default branch, as a pseudo-version
        // (clients ask @latest only when the list is empty).
        StringAssert.Contains(await res.Content.ReadAsStringAsync(), "\"Version\":\"v1.1.1-0.");
        Assert.AreEqual("public, max-age=60", res.Headers.CacheControl!.ToString());
    }

    [TestMethod]
    public async Task EscapedPaths_MajorSuffix_Incompatible_PseudoVersions()
    {
        Assert.AreEqual("v1.0.0\n", await Ok("example.com/!upper/@v/list"));
        StringAssert.Contains(await Ok("example.com/!upper/@v/v1.0.0.info"), "v1.0.0");
        Assert.AreEqual("module example.com/Upper\n", await Ok("example.com/!upper/@v/v1.0.0.mod"));
        Assert.AreEqual("v2.0.0\n", await Ok("example.com/lib/v2/@v/list"));
        Assert.AreEqual("module example.com/lib/v2\n", await Ok("example.com/lib/v2/@v/v2.0.0.mod"));
        StringAssert.Contains(await Ok("example.com/old/@v/v2.0.0+incompatible.info"), "\"Version\":\"v2.0.0+incompatible\"");
        Assert.AreEqual("module example.com/old\n", await Ok("example.com/old/@v/v2.0.0+incompatible.mod"));

        // A branch name resolves to the pseudo-version of its tip, which is then served by name.
        string info = await Ok("example.com/lib/@v/main.info");
        string pseudo = "v1.1.1-0." + _repos.Head.Committer.When.UtcDateTime.ToString("yyyyMMddHHmmss") + "-" + _repos.Head.Sha[..12];
        StringAssert.Contains(info, "\"Version\":\"" + pseudo + "\"");
        using var res = await _proxy.Http.GetAsync("example.com/lib/@v/main.info");
        Assert.AreEqual("public, max-age=60", res.Headers.CacheControl!.ToString(), "a query's answer can change");
        Assert.AreEqual(HttpStatusCode.OK, (await _proxy.Http.GetAsync($"example.com/lib/@v/{pseudo}.zip")).StatusCode);
        // Pseudo-versions are not listed.
        Assert.AreEqual("v1.0.0\nv1.1.0\n", await Ok("example.com/lib/@v/list"));
    }

    [TestMethod]
    public async Task NotFound_Is404_NeverServerError()
    {
        string[] missing =
        [
            "example.com/lib/@v/v9.9.9.info", "example.com/lib/@v/v9.9.9.mod", "example.com/lib/@v/v9.9.9.zip",
            "missing.example/nope/@v/list", "missing.example/nope/@latest", "missing.example/nope/@v/v1.0.0.zip",
            "example.com/lib/@v/v2.0.0.zip",          // v2 without /v2 or +incompatible
            "example.com/lib/@v/v1.0.zip",            // not canonical
            "example.com/Bad/@v/list",                // unescaped capital
            "example.com/lib/@v/v1.0.0.tar",          // not a protocol file
            "favicon.ico",
        ];
        foreach (var url in missing)
        {
            using var res = await _proxy.Http.GetAsync(url);
            Assert.AreEqual(HttpStatusCode.NotFound, res.StatusCode, url + ": " + await res.Content.ReadAsStringAsync());
            Assert.AreEqual("text/plain; charset=utf-8", res.Content.Headers.ContentType!.ToString(), url);
            StringAssert.StartsWith(await res.Content.ReadAsStringAsync(), "not found", url);
        }
    }

    private static async Task<string> Ok(string url)
    {
        using var res = await _proxy.Http.GetAsync(url);
        string body = await res.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, res.StatusCode, url + ": " + body);
        return body;
    }
}
