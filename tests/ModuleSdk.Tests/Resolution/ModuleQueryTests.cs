using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;

namespace ModuleSdk.Tests.Resolution;

[TestClass]
public class ModuleQueryTests
{
    private static LoaderFixture Universe(string mainExtra = "")
    {
        var f = new LoaderFixture();
        foreach (var v in new[] { "v1.0.0", "v1.1.0", "v1.1.1", "v1.2.0", "v1.3.0-rc.1", "v1.4.0-alpha" })
            f.Proxy.Add("example.com/q", v);
        f.Proxy.Add("example.com/q", "v1.2.1", extra: "retract (\n\tv1.2.0 // broken build\n\t[v1.1.1, v1.1.1]\n)");
        f.Proxy.Add("example.com/pre", "v0.1.0-beta").Add("example.com/pre", "v0.1.0-RC.2");
        f.Proxy.Add("example.com/q", "v0.0.0-20240101000000-abcdefabcdef", listed: false);
        f.WriteMain("module example.com/app\n" + mainExtra);
        return f;
    }

    [TestMethod]
    [DataRow("latest", "", "v1.2.1")]
    [DataRow("upgrade", "v1.0.0", "v1.2.1")]
    [DataRow("upgrade", "v1.3.0-rc.1", "v1.3.0-rc.1")]
    [DataRow("patch", "v1.1.0", "v1.1.0")]
    [DataRow("patch", "v1.0.0", "v1.0.0")]
    [DataRow("patch", "", "v1.2.1")]
    [DataRow("v1.1", "", "v1.1.0")]
    [DataRow("v1", "", "v1.2.1")]
    [DataRow("<v1.2.1", "", "v1.1.0")]
    [DataRow("<=v1.1.0", "", "v1.1.0")]
    [DataRow(">v1.0.0", "", "v1.1.0")]
    [DataRow(">=v1.2.1", "", "v1.2.1")]
    [DataRow("v1.2.0", "", "v1.2.0")]
    [DataRow("v0.0.0-20240101000000-abcdefabcdef", "", "v0.0.0-20240101000000-abcdefabcdef")]
    public async Task Query_FollowsGoRules(string query, string current, string expected)
    {
        using var f = Universe();
        var info = await f.Loader().Query.QueryAsync("example.com/q", query, current, CancellationToken.None);
        Assert.AreEqual(expected, info.Version);
    }

    [TestMethod]
    public async Task Latest_PrereleaseOnly_UsesAsciiOrder()
    {
        using var f = Universe();
        // "-beta" > "-RC.2" in ASCII order.
        Assert.AreEqual("v0.1.0-beta", (await f.Loader().Query.QueryAsync("example.com/pre", "latest", "", CancellationToken.None)).Version);
    }

    [TestMethod]
    public async Task Query_SkipsExcludedVersions()
    {
        using var f = Universe("\nexclude example.com/q v1.2.1\n");
        var loader = f.Loader();
        Assert.AreEqual("v1.1.0", (await loader.Query.QueryAsync("example.com/q", "latest", "", CancellationToken.None)).Version);
        var e = await Assert.ThrowsExactlyAsync<ModuleSdk.Diagnostics.ModuleException>(() =>
            loader.Query.QueryAsync("example.com/q", "v1.2.1", "", CancellationToken.None));
        Assert.AreEqual(DiagnosticCodes.NoMatchingVersion, e.Code);
    }

    [TestMethod]
    public async Task AllowedVersions_HideRetracted()
    {
        using var f = Universe();
        var versions = await f.Loader().Query.AllowedVersionsAsync("example.com/q", CancellationToken.None);
        CollectionAssert.AreEqual(new[] { "v1.0.0", "v1.1.0", "v1.2.1", "v1.3.0-rc.1", "v1.4.0-alpha" }, versions.ToArray());
        var r = await f.Loader().Query.RetractionAsync("example.com/q", "v1.2.0", CancellationToken.None);
        Assert.AreEqual("broken build", r?.Rationale);
    }

    [TestMethod]
    [DataRow("v9")]
    [DataRow("<v0.0.1")]
    [DataRow("v1.4")]
    public async Task Query_NoMatch_IsClear(string query)
    {
        using var f = Universe();
        var e = await Assert.ThrowsExactlyAsync<ModuleSdk.Diagnostics.ModuleException>(() =>
            f.Loader().Query.QueryAsync("example.com/q", query, "", CancellationToken.None));
        Assert.AreEqual($"module example.com/q: no matching versions for query \"{query}\"", e.Message);
    }

    [TestMethod]
    public async Task Query_UnknownModule_IsNotFound()
    {
        using var f = Universe();
        await Assert.ThrowsExactlyAsync<ModuleSdk.Fetching.ModuleNotFoundException>(() =>
            f.Loader().Query.QueryAsync("example.com/none", "v1.0.0", "", CancellationToken.None));
    }
}

[TestClass]
public class RetractionWarningTests
{
    [TestMethod]
    public async Task Retracted_ListsRetractedModulesWithRationale()
    {
        using var f = new LoaderFixture();
        f.Proxy.Add("example.com/r", "v1.0.0").Add("example.com/r", "v1.1.0", extra: "retract (\n\tv1.0.0 // data loss\n\tv0.9.0\n)");
        f.WriteMain("module example.com/app\n");
        var found = await f.Loader().Query.RetractedAsync(
            [new ModuleSdk.Modules.ModuleId("example.com/r", "v1.0.0"), new ModuleSdk.Modules.ModuleId("example.com/r", "v1.1.0"),
                new ModuleSdk.Modules.ModuleId("example.com/app", "")],
            CancellationToken.None);
        Assert.AreEqual(1, found.Count);
        Assert.AreEqual("example.com/r@v1.0.0", found[0].Module.ToString());
        Assert.AreEqual("data loss", found[0].Rationale);
    }
}
