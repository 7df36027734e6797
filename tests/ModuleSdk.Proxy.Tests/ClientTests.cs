using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests;

/// <summary>
/// Both clients through a running proxy: <c>dotnet mod download</c> and <c>go mod download</c>
/// get the same <c>Sum</c> (and module file sum) through the proxy as in direct mode; Go
/// modules pass through a chain of two proxies; every storage backend serves them.
/// </summary>
[TestClass]
public sealed class ClientTests
{
    [TestMethod]
    [DataRow("memory")]
    [DataRow("disk")]
    [DataRow("azureblob")]
    public async Task DotnetMod_And_Go_GetTheDirectModeSum_ThroughTheProxy(string storage)
    {
        using var azurite = storage == "azureblob" ? ServerProcess.StartAzurite() : null;
        string[] storageSettings = azurite is null
            ? ["Storage:Kind=" + storage]
            : ["Storage:Kind=azureblob", "Storage:ConnectionString=" + azurite.AzuriteConnectionString, "Storage:Container=clients"];
        using var repos = new ModuleRepos();
        using var work = new TempDir("clients");
        var direct = await Clients.DotnetModDownload(work.Combine("direct"),
            new Dictionary<string, string?> { ["MODPROXY"] = "direct", ["MODREPOS"] = repos.Rules }, "example.com/lib@v1.1.0");
        string sum = direct.GetProperty("Sum").GetString()!;
        string modSum = direct.GetProperty("ModSum").GetString()!;

        await using var proxy = await ProxyHost.StartAsync([.. storageSettings, "Upstream=direct", "Repos=" + repos.Rules]);
        var viaProxy = await Clients.DotnetModDownload(work.Combine("proxied"), new Dictionary<string, string?> { ["MODPROXY"] = proxy.Url },
            "example.com/lib@v1.1.0");
        Assert.AreEqual(sum, viaProxy.GetProperty("Sum").GetString());
        Assert.AreEqual(modSum, viaProxy.GetProperty("ModSum").GetString());

        if (!GoTool.IsAvailable) return;
        var go = Clients.GoModDownload(work.Combine("go"), proxy.Url, "example.com/lib@v1.1.0");
        Assert.AreEqual(sum, go.GetProperty("Sum").GetString(), "the go command hashes the proxy's zip alike");
        // A version the go command is the first to ask for, with an escaped path.
        var goUpper = Clients.GoModDownload(work.Combine("go2"), proxy.Url, "example.com/Upper@v1.0.0");
        var dotnetUpper = await Clients.DotnetModDownload(work.Combine("direct2"),
            new Dictionary<string, string?> { ["MODPROXY"] = "direct", ["MODREPOS"] = repos.Rules }, "example.com/Upper@v1.0.0");
        Assert.AreEqual(dotnetUpper.GetProperty("Sum").GetString(), goUpper.GetProperty("Sum").GetString());
        Assert.AreEqual(2, proxy.Metrics.UpstreamFetches, "each version fetched once from the upstream");
    }

    [TestMethod]
    public async Task GoModules_PassThroughAChainOfProxies_AndStayCached()
    {
        GoTool.RequireGo();
        using var work = new TempDir("gochain");
        string origin = work.Combine("origin");
        Clients.AddGoModule(origin, "example.org/Hello", "v1.0.0");
        Clients.AddGoModule(origin, "example.org/Hello", "v1.1.0");
        string originUrl = new Uri(origin + "/").AbsoluteUri.TrimEnd('/');
        var expected = Clients.GoModDownload(work.Combine("plain"), originUrl, "example.org/Hello@v1.1.0");

        var inner = await ProxyHost.StartAsync("Storage:Kind=disk", "Upstream=" + originUrl);
        await using var outer = await ProxyHost.StartAsync("Storage:Kind=memory", "Upstream=" + inner.Url);
        try
        {
            var viaChain = Clients.GoModDownload(work.Combine("chain"), outer.Url, "example.org/Hello@v1.1.0");
            Assert.AreEqual(expected.GetProperty("Sum").GetString(), viaChain.GetProperty("Sum").GetString());
            Assert.AreEqual(expected.GetProperty("GoModSum").GetString(), viaChain.GetProperty("GoModSum").GetString());
            Assert.AreEqual("v1.0.0\nv1.1.0\n", await outer.Http.GetStringAsync("example.org/!hello/@v/list"));
        }
        finally
        {
            await inner.DisposeAsync();
        }
        // The inner proxy is gone: the outer one serves what it stored.
        var cached = Clients.GoModDownload(work.Combine("cached"), outer.Url, "example.org/Hello@v1.1.0");
        Assert.AreEqual(expected.GetProperty("Sum").GetString(), cached.GetProperty("Sum").GetString());
        Assert.AreEqual(1, outer.Metrics.UpstreamFetches);
    }
}
