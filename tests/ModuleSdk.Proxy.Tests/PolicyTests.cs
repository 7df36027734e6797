using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Proxy.Policy;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests;

/// <summary>The filter file, private modules and client tokens.</summary>
[TestClass]
public sealed class PolicyTests
{
    [TestMethod]
    public void FilterRules_LongestPathWins_VersionListsNarrowARule()
    {
        var rules = FilterRules.Parse("""
            # comments and blank lines are ignored

            -
            + example.com
            - example.com/bad
            D example.com/bad/but-direct
            - example.com/lib v1.0.0,v1.3
            """, "filter");
        Assert.AreEqual(FilterDecision.Exclude, rules.Decide("other.org/x", null), "the default");
        Assert.AreEqual(FilterDecision.Include, rules.Decide("example.com/good", "v1.0.0"));
        Assert.AreEqual(FilterDecision.Exclude, rules.Decide("example.com/bad", null));
        Assert.AreEqual(FilterDecision.Exclude, rules.Decide("example.com/bad/sub/v2", "v2.0.0"));
        Assert.AreEqual(FilterDecision.Direct, rules.Decide("example.com/bad/but-direct", null));
        Assert.AreEqual(FilterDecision.Include, rules.Decide("example.com/badger", null), "whole path elements only");
        Assert.AreEqual(FilterDecision.Exclude, rules.Decide("example.com/lib", "v1.0.0"));
        Assert.AreEqual(FilterDecision.Exclude, rules.Decide("example.com/lib", "v1.3.7"));
        Assert.AreEqual(FilterDecision.Include, rules.Decide("example.com/lib", "v1.30.0"), "v1.3 is not a prefix of v1.30");
        Assert.AreEqual(FilterDecision.Include, rules.Decide("example.com/lib", "v1.1.0"));
        Assert.AreEqual(FilterDecision.Include, rules.Decide("example.com/lib", null), "lists are judged without versions");
    }

    [TestMethod]
    public void FilterRules_BadLine_NamesFileAndLine()
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => FilterRules.Parse("+ a.com\n? b.com\n", "/etc/filter"));
        Assert.AreEqual(DiagnosticCodes.ProxyFilterFileInvalid, e.Code);
        StringAssert.StartsWith(e.Message, "/etc/filter:2:");
    }

    [TestMethod]
    public async Task FilterFile_IsEnforced_AndReloadedOnChange()
    {
        using var repos = new ModuleRepos();
        using var dir = new TempDir("filter");
        string file = dir.Combine("filter.conf");
        File.WriteAllText(file, "- example.com/lib v1.0.0,v1.1.1-0\nD example.com/Upper\n");
        await using var proxy = await ProxyHost.StartAsync("Repos=" + repos.Rules, "Filter:File=" + file);
        Assert.AreEqual(HttpStatusCode.Forbidden, (await proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.zip")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await proxy.Http.GetAsync("example.com/lib/@v/v1.1.0.zip")).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await proxy.Http.GetAsync("example.com/!upper/@v/list")).StatusCode, "D: the client goes direct");
        Assert.IsFalse(await proxy.Storage.ExistsAsync("example.com/lib", "v1.0.0", default), "an excluded version is never fetched");
        // A query (a branch) resolving to an excluded version (main's pseudo-version v1.1.1-0.…) is
        // refused too, before anything is stored.
        Assert.AreEqual(HttpStatusCode.Forbidden, (await proxy.Http.GetAsync("example.com/lib/@v/main.info")).StatusCode);
        Assert.IsFalse((await proxy.Storage.ListVersionsAsync("example.com/lib", default)).Any(v => v.StartsWith("v1.1.1-0.", StringComparison.Ordinal)));

        File.WriteAllText(file, "# everything allowed again\n+\n");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));
        HttpStatusCode status = 0;
        for (int i = 0; i < 40 && status != HttpStatusCode.OK; i++)
        {
            await Task.Delay(100);
            status = (await proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.zip")).StatusCode;
        }
        Assert.AreEqual(HttpStatusCode.OK, status, "the edited filter takes effect without a restart");

        File.WriteAllText(file, "nonsense line\n");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(10));
        await Task.Delay(1200);
        Assert.AreEqual(HttpStatusCode.OK, (await proxy.Http.GetAsync("example.com/!upper/@v/list")).StatusCode, "an invalid edit keeps the previous rules");
    }

    [TestMethod]
    public async Task Tokens_AreRequired_BearerOrBasic_AndNeverEchoed()
    {
        using var repos = new ModuleRepos();
        using var dir = new TempDir("tokens");
        string tokens = dir.Combine("tokens");
        File.WriteAllText(tokens, "# client tokens\ns3cret-token-1\nother-token\n");
        await using var proxy = await ProxyHost.StartAsync("Repos=" + repos.Rules, "Auth:Tokens=" + tokens, "Private=example.com/Upper");

        using (var res = await proxy.Http.GetAsync("example.com/lib/@v/list"))
        {
            Assert.AreEqual(HttpStatusCode.Unauthorized, res.StatusCode);
            Assert.IsTrue(res.Headers.WwwAuthenticate.Any(h => h.Scheme == "Basic"));
        }
        Assert.AreEqual(HttpStatusCode.OK, (await proxy.Http.GetAsync("healthz")).StatusCode, "probes stay open");

        async Task<HttpResponseMessage> With(AuthenticationHeaderValue auth, string url)
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, url);
            req.Headers.Authorization = auth;
            return await proxy.Http.SendAsync(req);
        }
        var bearer = new AuthenticationHeaderValue("Bearer", "s3cret-token-1");
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("anyone:other-token")));
        var wrong = new AuthenticationHeaderValue("Bearer", "s3cret-token-2");
        Assert.AreEqual(HttpStatusCode.OK, (await With(bearer, "example.com/lib/@v/list")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await With(basic, "example.com/lib/@v/v1.0.0.mod")).StatusCode);
        var refused = await With(wrong, "example.com/lib/@v/list");
        Assert.AreEqual(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.IsFalse((await refused.Content.ReadAsStringAsync()).Contains("s3cret"));
        Assert.AreEqual(HttpStatusCode.OK, (await With(bearer, "example.com/!upper/@v/v1.0.0.zip")).StatusCode, "private modules for authenticated clients");

        // The dotnet mod client sends the token as Basic authentication from MODPROXY's user information.
        var url = new Uri(proxy.Url);
        var r = await Clients.DotnetModDownload(dir.Combine("client"),
            new Dictionary<string, string?> { ["MODPROXY"] = $"http://me:s3cret-token-1@{url.Authority}" }, "example.com/lib@v1.1.0");
        Assert.AreEqual("v1.1.0", r.GetProperty("Version").GetString());

        string metrics = await (await With(bearer, "metrics")).Content.ReadAsStringAsync();
        Assert.IsFalse(metrics.Contains("s3cret"));
    }

    [TestMethod]
    public async Task PrivateModules_AreNotServedToUnauthenticatedClients_NorFetchedFromAPublicUpstream()
    {
        using var repos = new ModuleRepos();
        using var dir = new TempDir("private");
        // A public upstream that has everything: it must never be asked for the private path.
        var pub = new ModuleProxyBuilder(dir.Combine("public")).Add("example.com/Upper", "v1.0.0").Add("example.com/lib", "v1.0.0");
        await using var proxy = await ProxyHost.StartAsync("Upstream=" + pub.Url, "Private=example.com/Upper", "Repos=" + repos.Rules);
        using var res = await proxy.Http.GetAsync("example.com/!upper/@v/v1.0.0.zip");
        Assert.AreEqual(HttpStatusCode.Forbidden, res.StatusCode);
        Assert.IsFalse(await proxy.Storage.ExistsAsync("example.com/Upper", "v1.0.0", default));
        Assert.AreEqual(HttpStatusCode.OK, (await proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.zip")).StatusCode);

        // Authenticated, the private module comes from its git repository (direct), not the public proxy.
        string tokens = dir.Combine("tokens");
        File.WriteAllText(tokens, "t0ken\n");
        await using var authed = await ProxyHost.StartAsync("Upstream=" + pub.Url, "Private=example.com/Upper", "Repos=" + repos.Rules,
            "Auth:Tokens=" + tokens);
        using var req = new HttpRequestMessage(HttpMethod.Get, "example.com/!upper/@v/v1.0.0.mod");
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t0ken");
        using var ok = await authed.Http.SendAsync(req);
        Assert.AreEqual(HttpStatusCode.OK, ok.StatusCode);
        Assert.AreEqual("module example.com/Upper\n", await ok.Content.ReadAsStringAsync());
        using var info = new HttpRequestMessage(HttpMethod.Get, "example.com/!upper/@v/v1.0.0.info");
        info.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t0ken");
        StringAssert.Contains(await (await authed.Http.SendAsync(info)).Content.ReadAsStringAsync(), "\"VCS\":\"git\"",
            "the info's Origin shows it came from git");
    }
}
