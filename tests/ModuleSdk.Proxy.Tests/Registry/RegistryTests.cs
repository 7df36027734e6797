using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ModuleSdk.Diagnostics;
using ModuleSdk.Proxy.Registry;

namespace ModuleSdk.Proxy.Tests.Registry;

/// <summary>The registry's pages and their JSON twins over real HTTP, from versions the proxy really stored.</summary>
[TestClass]
public sealed class RegistryTests
{
    private static RegistryModules _m = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _m = await RegistryModules.StartAsync("Vanity:Rules=corp.example/*=https://git.corp.example/*.git");

    [ClassCleanup]
    public static async Task Stop() => await _m.DisposeAsync();

    private static async Task<JsonElement> JsonAsync(string url, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var res = await _m.Proxy.Http.SendAsync(req);
        Assert.AreEqual(status, res.StatusCode, url);
        Assert.AreEqual("application/json", res.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<(HttpResponseMessage Response, string Body)> HtmlAsync(string url)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        req.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        var res = await _m.Proxy.Http.SendAsync(req);
        return (res, await res.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task ModuleJson_VersionsLatestRetractionsUsedBy()
    {
        var j = await JsonAsync("example.com/lib");
        Assert.AreEqual("example.com/lib", j.GetProperty("path").GetString());
        // v1.3.0-beta.1 is a prerelease: latest is the highest release.
        Assert.AreEqual("v1.2.0", j.GetProperty("latest").GetString());
        Assert.AreEqual("Lib does useful things for <b>everyone</b>.", j.GetProperty("description").GetString());
        var versions = j.GetProperty("versions").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "v1.3.0-beta.1", "v1.2.0", "v1.1.0", "v1.0.0" },
            versions.Select(v => v.GetProperty("version").GetString()).ToArray());
        var v110 = versions.Single(v => v.GetProperty("version").GetString() == "v1.1.0");
        Assert.IsTrue(v110.GetProperty("retracted").GetBoolean());
        Assert.AreEqual("broken build: Info.Version was wrong", v110.GetProperty("rationale").GetString());
        Assert.AreEqual("2024-01-02T03:04:05+00:00", v110.GetProperty("time").GetString());
        StringAssert.Contains(versions[1].GetProperty("modFile").GetString(), "retract v1.1.0");
        Assert.IsTrue(versions[0].GetProperty("prerelease").GetBoolean());
        // Used by: app (v1.0.0 requires it) and tool, counted once each.
        Assert.AreEqual(2, j.GetProperty("usedByCount").GetInt32());
        CollectionAssert.AreEqual(new[] { "example.com/app", "example.com/tool" },
            j.GetProperty("usedBy").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.AreEqual("dotnet mod get example.com/lib@v1.2.0", j.GetProperty("install").GetProperty("dotnetModGet").GetString());
        Assert.AreEqual("<ModuleReference Include=\"example.com/lib\" />", j.GetProperty("install").GetProperty("moduleReference").GetString());
        Assert.AreEqual(6, j.GetProperty("scorecard").GetProperty("passed").GetInt32());
    }

    [TestMethod]
    public async Task ModuleJson_RequirementsAndIncompatible()
    {
        var tool = await JsonAsync("example.com/tool");
        var req = tool.GetProperty("requires").EnumerateArray().ToList();
        Assert.AreEqual(2, req.Count);
        Assert.AreEqual("/example.com/lib", req[0].GetProperty("url").GetString());
        Assert.AreEqual(0, tool.GetProperty("usedByCount").GetInt32());
        // No README, no licence: 4 of 6.
        Assert.AreEqual(4, tool.GetProperty("scorecard").GetProperty("passed").GetInt32());
        var old = await JsonAsync("example.com/old");
        Assert.IsTrue(old.GetProperty("versions")[0].GetProperty("incompatible").GetBoolean());
        Assert.AreEqual("v2.0.0+incompatible", old.GetProperty("latest").GetString());
    }

    [TestMethod]
    public async Task VersionJson_FilesHashesScorecard()
    {
        var j = await JsonAsync("example.com/lib@v1.1.0");
        var files = j.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToArray();
        CollectionAssert.AreEqual(new[] { "LICENSE", "README.md", "module.mod", "src/Lib.cs" }, files);
        string zipHash = j.GetProperty("zipHash").GetString()!;
        StringAssert.StartsWith(zipHash, "h1:");
        // The hash the protocol serves the zip under is the same.
        using var head = new HttpRequestMessage(HttpMethod.Head, "example.com/lib/@v/v1.1.0.zip");
        using var res = await _m.Proxy.Http.SendAsync(head);
        Assert.AreEqual("\"" + zipHash + "\"", res.Headers.ETag!.Tag);
        Assert.IsNotNull(j.GetProperty("retraction").GetProperty("rationale").GetString());
        var checks = j.GetProperty("scorecard").GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!,
            c => c.GetProperty("passed").GetBoolean());
        Assert.IsFalse(checks["not retracted"]);
        Assert.IsTrue(checks["licence"]);
        Assert.AreEqual($"example.com/lib v1.1.0 {zipHash}", j.GetProperty("install").GetProperty("moduleSum").GetString());
    }

    [TestMethod]
    public async Task SearchJson_PathsAndDescriptions()
    {
        var all = await JsonAsync("/");
        Assert.AreEqual(4, all.GetProperty("total").GetInt32());
        // The most used first.
        Assert.AreEqual("example.com/lib", all.GetProperty("results")[0].GetProperty("path").GetString());
        var byDescription = await JsonAsync("/?q=uses+lib");
        Assert.AreEqual("example.com/app", byDescription.GetProperty("results")[0].GetProperty("path").GetString());
        var byPath = await JsonAsync("/?q=tool");
        Assert.AreEqual(1, byPath.GetProperty("total").GetInt32());
        Assert.AreEqual(0, (await JsonAsync("/?q=nothing-matches-this")).GetProperty("total").GetInt32());
    }

    [TestMethod]
    public async Task ModulePage_ReadmeIsInert_AndPageIsEncoded()
    {
        var (res, html) = await HtmlAsync("example.com/lib");
        Assert.AreEqual(HttpStatusCode.OK, res.StatusCode);
        Assert.AreEqual("text/html", res.Content.Headers.ContentType!.MediaType);
        StringAssert.Contains(res.Headers.GetValues("Content-Security-Policy").Single(), "default-src 'none'");
        Assert.IsFalse(html.Contains("<script", StringComparison.OrdinalIgnoreCase), "a script element reached the page");
        Assert.IsFalse(html.Contains("javascript:alert", StringComparison.OrdinalIgnoreCase)
            && html.Contains("href=\"javascript", StringComparison.OrdinalIgnoreCase), "a javascript: link reached the page");
        Assert.IsFalse(html.Contains("href=\"data:", StringComparison.OrdinalIgnoreCase));
        Assert.IsFalse(html.Contains("<img src=x", StringComparison.OrdinalIgnoreCase));
        Assert.IsFalse(html.Contains("onerror=\"", StringComparison.OrdinalIgnoreCase));
        StringAssert.Contains(html, "&lt;script&gt;");
        StringAssert.Contains(html, "<a href=\"https://example.com/docs\"");
        // README headings sit under the page's h2.
        StringAssert.Contains(html, "<h3>Lib</h3>");
        StringAssert.Contains(html, "<h4>Usage</h4>");
        StringAssert.Contains(html, "broken build: Info.Version was wrong");
        StringAssert.Contains(html, "dotnet mod get example.com/lib@v1.2.0");
        StringAssert.Contains(html, "&lt;ModuleReference Include=&quot;example.com/lib&quot; /&gt;");
        Assert.AreEqual(1, html.Split("<h1>").Length - 1);
        StringAssert.Contains(html, "<main id=\"main\"");
        StringAssert.Contains(html, "<label for=\"q\">");
    }

    [TestMethod]
    public void Readme_UnsafeSchemesBecomeText()
    {
        var (html, description) = ReadmeRenderer.Render("README.md", RegistryModules.HostileReadme);
        Assert.AreEqual("Lib does useful things for <b>everyone</b>.", description);
        Assert.IsFalse(html.Contains("href=\"javascript", StringComparison.OrdinalIgnoreCase), html);
        Assert.IsFalse(html.Contains("href=\" javascript", StringComparison.OrdinalIgnoreCase), html);
        Assert.IsFalse(html.Contains("src=\"javascript", StringComparison.OrdinalIgnoreCase), html);
        Assert.IsFalse(html.Contains("<script", StringComparison.OrdinalIgnoreCase), html);
        // An unsafe link becomes its text, once.
        StringAssert.Contains(html, "click me and data and spaced");
        StringAssert.Contains(html, "<p>logo</p>");
        Assert.IsTrue(ReadmeRenderer.IsSafe("https://x.example/a", image: true));
        Assert.IsTrue(ReadmeRenderer.IsSafe("mailto:a@b.example", image: false));
        Assert.IsFalse(ReadmeRenderer.IsSafe("mailto:a@b.example", image: true));
        foreach (var bad in new[] { "javascript:alert(1)", "JAVASCRIPT:x", "java\tscript:x", " javascript:x", "data:text/html,x", "vbscript:x", "docs/x.md",
            "//evil.example/x", "#top" })
            Assert.IsFalse(ReadmeRenderer.IsSafe(bad, image: false), bad);
        var (plain, _) = ReadmeRenderer.Render("README", "<script>x</script>\n\nsecond");
        Assert.AreEqual("<pre class=\"readme-text\">&lt;script&gt;x&lt;/script&gt;\n\nsecond</pre>", plain);
    }

    [TestMethod]
    public async Task VersionPage_ListsFilesAndHash()
    {
        var (res, html) = await HtmlAsync("example.com/lib@v1.0.0");
        Assert.AreEqual(HttpStatusCode.OK, res.StatusCode);
        StringAssert.Contains(html, "<code>src/Lib.cs</code>");
        StringAssert.Contains(html, "h1:");
        StringAssert.Contains(html, "<h1>example.com/lib@v1.0.0</h1>");
    }

    [TestMethod]
    public async Task Unknown_Is404_HtmlAndJson()
    {
        var (res, html) = await HtmlAsync("example.com/nope");
        Assert.AreEqual(HttpStatusCode.NotFound, res.StatusCode);
        StringAssert.Contains(html, "stores no module example.com/nope");
        await JsonAsync("example.com/lib@v9.9.9", HttpStatusCode.NotFound);
        var (bad, _) = await HtmlAsync("example.com/lib@%3Cscript%3E");
        Assert.AreEqual(HttpStatusCode.NotFound, bad.StatusCode);
        // A client that asks for neither gets the protocol's plain-text 404, as without the registry.
        using var plain = await _m.Proxy.Http.GetAsync("example.com/nope");
        Assert.AreEqual(HttpStatusCode.NotFound, plain.StatusCode);
        Assert.AreEqual("text/plain", plain.Content.Headers.ContentType!.MediaType);
    }

    [TestMethod]
    public async Task ProtocolAndOperations_AreNotShadowed()
    {
        Assert.AreEqual("v1.0.0\nv1.1.0\nv1.2.0\nv1.3.0-beta.1\n", await _m.Proxy.Http.GetStringAsync("example.com/lib/@v/list"));
        using var latest = await _m.Proxy.Http.GetAsync("example.com/lib/@latest");
        Assert.AreEqual("application/json", latest.Content.Headers.ContentType!.MediaType);
        Assert.AreEqual("ok\n", await _m.Proxy.Http.GetStringAsync("healthz"));
        StringAssert.Contains(await _m.Proxy.Http.GetStringAsync("metrics"), "registry-module");
        using var mod = await _m.Proxy.Http.GetAsync("example.com/lib/@v/v1.2.0.mod");
        StringAssert.Contains(await mod.Content.ReadAsStringAsync(), "retract v1.1.0");
        // Not module paths: left to whoever serves them (here, nobody: the protocol's 404).
        using var sumdb = await _m.Proxy.Http.GetAsync("sumdb/sum.golang.org/latest");
        Assert.AreEqual(HttpStatusCode.NotFound, sumdb.StatusCode);
        Assert.AreEqual("text/plain", sumdb.Content.Headers.ContentType!.MediaType);
    }

    [TestMethod]
    public async Task Vanity_GoImportPage_ByHostAndByPath()
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, "tools/cmd/x?go-get=1");
        req.Headers.Host = "corp.example";
        using var res = await _m.Proxy.Http.SendAsync(req);
        Assert.AreEqual(HttpStatusCode.OK, res.StatusCode);
        string page = await res.Content.ReadAsStringAsync();
        StringAssert.Contains(page, "<meta name=\"go-import\" content=\"corp.example/tools git https://git.corp.example/tools.git\">");
        var imports = ModuleSdk.Direct.VanityImports.Parse(page);
        Assert.AreEqual(1, imports.Count);
        Assert.AreEqual("corp.example/tools", ModuleSdk.Direct.VanityImports.Pick("corp.example/tools/cmd/x", "page", imports).Root);
        string byPath = await _m.Proxy.Http.GetStringAsync("corp.example/tools?go-get=1");
        StringAssert.Contains(byPath, "content=\"corp.example/tools git https://git.corp.example/tools.git\"");
        // A path no rule covers is not answered specially.
        using var other = await _m.Proxy.Http.GetAsync("other.example/x?go-get=1");
        Assert.AreEqual(HttpStatusCode.NotFound, other.StatusCode);
    }

    [TestMethod]
    public async Task SecondInstance_IndexesSharedStorageAtStart_AndHidesPrivateModules()
    {
        // One instance stores the modules on disk; a second one on the same folder, with
        // example.com/tool private and no upstream, builds its registry from the start-up scan.
        using var dir = new ModuleSdk.Tests.TestSupport.TempDir("registry-shared");
        string data = dir.Combine("data");
        await using (var first = await RegistryModules.StartAsync("Storage:Kind=disk", "Storage:Path=" + data)) { }
        await using var second = await ProxyHost.StartAsync("Storage:Kind=disk", "Storage:Path=" + data, "Upstream=off", "Private=example.com/tool");
        async Task<JsonElement> Get(string url, HttpStatusCode status = HttpStatusCode.OK)
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, url);
            req.Headers.Accept.ParseAdd("application/json");
            using var res = await second.Http.SendAsync(req);
            Assert.AreEqual(status, res.StatusCode, url);
            return JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.Clone();
        }
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement search;
        while (!(search = await Get("/")).GetProperty("complete").GetBoolean() && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.IsTrue(search.GetProperty("complete").GetBoolean());
        // Private to authenticated clients, and this client is not: tool is nowhere, not even counted.
        Assert.AreEqual(3, search.GetProperty("total").GetInt32());
        await Get("example.com/tool", HttpStatusCode.NotFound);
        var lib = await Get("example.com/lib");
        Assert.AreEqual(1, lib.GetProperty("usedByCount").GetInt32());
        CollectionAssert.AreEqual(new[] { "example.com/app" }, lib.GetProperty("usedBy").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.AreEqual("v1.2.0", lib.GetProperty("latest").GetString());
        Assert.AreEqual(1, search.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("path").GetString() == "example.com/lib").GetProperty("usedBy").GetInt32());
    }

    [TestMethod]
    public async Task ANewlyStoredVersion_ReachesTheCachedModulePage()
    {
        await using var m = await RegistryModules.StartAsync();
        async Task<string?> Latest()
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, "example.com/lib");
            req.Headers.Accept.ParseAdd("application/json");
            using var res = await m.Proxy.Http.SendAsync(req);
            return JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("latest").GetString();
        }
        Assert.AreEqual("v1.2.0", await Latest());
        Assert.AreEqual("v1.2.0", await Latest()); // now from the page cache
        using (var zip = await m.Proxy.Http.GetAsync($"example.com/lib/@v/{RegistryModules.Unstored}.zip"))
            zip.EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? latest;
        while ((latest = await Latest()) != RegistryModules.Unstored && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.AreEqual(RegistryModules.Unstored, latest);
    }

    [TestMethod]
    public async Task Facts_OfAnUnreadableZip_ReportMOD6802_AndKeepTheRest()
    {
        var storage = new ModuleSdk.Proxy.Storage.MemoryStorage();
        byte[] notAZip = "this is not a zip"u8.ToArray();
        await storage.SaveAsync(new ModuleSdk.Proxy.Storage.VersionToStore("example.com/bad", "v1.0.0",
            "{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-02T03:04:05Z\"}"u8.ToArray(), "module example.com/bad\n\nrequire example.com/lib v1.0.0\n"u8.ToArray(),
            () => new MemoryStream(notAZip), "h1:AAAA"), default);
        var facts = await FactsReader.ReadAsync(storage, "example.com/bad", "v1.0.0", default);
        Assert.IsNotNull(facts);
        StringAssert.StartsWith(facts.Problem, DiagnosticCodes.RegistryVersionUnreadable);
        Assert.AreEqual("example.com/lib", facts.Requires.Single().Path);
        Assert.AreEqual(0, facts.Files.Count);
        Assert.IsFalse(Scorecard.For(facts, null).Checks.Single(c => c.Name == "README").Passed);
        Assert.IsNull(await FactsReader.ReadAsync(storage, "example.com/bad", "v9.0.0", default));
    }

    [TestMethod]
    public void VanityRules_RefuseLocalAndCredentials()
    {
        foreach (var bad in new[] { "corp.example/*=file:///srv/git/*.git", "corp.example/*=/srv/git/*.git",
            "corp.example/*=https://me:secret@git.corp.example/*.git", "corp.example/*", "corp.example/*=ext::sh -c x" })
        {
            var e = Assert.ThrowsExactly<ModuleException>(() => VanityRules.Parse(bad), bad);
            Assert.AreEqual(DiagnosticCodes.RegistryVanityRulesInvalid, e.Code);
            Assert.IsFalse(e.Message.Contains("secret", StringComparison.Ordinal), e.Message);
        }
        Assert.AreEqual("corp.example/a/b", VanityRules.ImportPathOf("Corp.Example:8443", "/a/b/"));
    }
}
