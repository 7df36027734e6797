namespace ModuleSdk.Tests.Cli;

/// <summary><c>list -m</c>, <c>graph</c> and <c>why -m</c> on <see cref="Universe"/>, with the expected text spelled out.</summary>
[TestClass]
public sealed class ListGraphWhyTests
{
    [TestMethod]
    public async Task List_NoArguments_PrintsMainPath()
    {
        using var f = Universe.Create();
        var r = await f.Ok("list", "-m");
        Assert.AreEqual("example.com/main\n", r.Out);
        Assert.AreEqual("", r.Error);
        Assert.AreEqual(Universe.MainMod, f.Mod);
    }

    [TestMethod]
    public async Task List_All_MainThenSortedBuildList_AndRecordsModSums()
    {
        using var f = Universe.Create();
        var r = await f.Ok("list", "-m", "all");
        Assert.AreEqual("example.com/main\nexample.com/a v1.0.0\nexample.com/b v1.2.0\nexample.com/c v1.0.0\nexample.com/r v1.1.0\n", r.Out);
        Assert.AreEqual(Universe.MainMod, f.Mod);
        // The module files read to build the graph are hashed into module.sum; no zip was needed.
        var sum = f.Sum!;
        foreach (var m in new[] { "example.com/a v1.0.0/module.mod", "example.com/b v1.0.0/module.mod", "example.com/b v1.2.0/module.mod",
            "example.com/c v1.0.0/module.mod", "example.com/r v1.1.0/module.mod" })
            StringAssert.Contains(sum, m + " h1:");
        Assert.IsFalse(sum.Contains("v1.0.0 h1:"), sum);
        Assert.IsFalse(File.Exists(f.CacheFile("example.com/a", "v1.0.0", "zip")));
        Assert.IsTrue(File.Exists(f.CacheFile("example.com/a", "v1.0.0", "mod")));
    }

    [TestMethod]
    [DataRow("example.com/b", "example.com/b v1.2.0\n")]
    [DataRow("example.com/main", "example.com/main\n")]
    [DataRow("example.com/a@v1.1.0", "example.com/a v1.1.0\n")]
    [DataRow("example.com/a@latest", "example.com/a v1.2.0\n")]
    [DataRow("example.com/a@v1.0", "example.com/a v1.0.1\n")]
    [DataRow("example.com/a@<v1.2.0", "example.com/a v1.1.0\n")]
    [DataRow("example.com/a@patch", "example.com/a v1.0.1\n")]
    [DataRow("example.com/pre@latest", "example.com/pre v0.2.0-beta\n")]
    [DataRow("example.com/a@v1.2", "example.com/a v1.2.0\n")]
    [DataRow("example.com/a@v1", "example.com/a v1.2.0\n")]
    [DataRow("example.com/r@latest", "example.com/r v1.2.0\n")]
    [DataRow("example.com/r@v1.1.0", "example.com/r v1.1.0\n")]
    public async Task List_PathOrQuery(string arg, string expected)
    {
        using var f = Universe.Create();
        var r = await f.Ok("list", "-m", arg);
        Assert.AreEqual(expected, r.Out);
    }

    [TestMethod]
    public async Task List_UnknownDependency_Fails()
    {
        using var f = Universe.Create();
        var r = await f.Fails(1, "list", "-m", "example.com/d");
        StringAssert.Contains(r.Error, "module example.com/d: not a known dependency");
    }

    [TestMethod]
    public async Task List_PrefixQuery_NeverPicksItsOwnPrerelease()
    {
        // "v1.3" means v1.3.x at or above v1.3.0: v1.3.0-pre sorts below it (Go issue 31972).
        using var f = Universe.Create();
        var r = await f.Fails(1, "list", "-m", "example.com/a@v1.3");
        Assert.AreEqual("error MOD5104: module example.com/a: no matching versions for query \"v1.3\"\n", r.Error);
        Assert.AreEqual("", r.Out);
    }

    [TestMethod]
    public async Task List_VersionsOfNonDependency_Listed()
    {
        using var f = Universe.Create();
        var r = await f.Ok("list", "-m", "-versions", "example.com/d");
        Assert.AreEqual("example.com/d v1.0.0\n", r.Out);
    }

    [TestMethod]
    public async Task List_Versions_HidesRetracted_RetractedShowsThem()
    {
        using var f = Universe.Create();
        Assert.AreEqual("example.com/r v1.0.0 v1.2.0\n", (await f.Ok("list", "-m", "-versions", "example.com/r")).Out);
        Assert.AreEqual("example.com/r v1.0.0 v1.1.0 v1.2.0\n", (await f.Ok("list", "-m", "-versions", "-retracted", "example.com/r")).Out);
        Assert.AreEqual("example.com/a v1.0.0 v1.0.1 v1.1.0 v1.2.0 v1.3.0-pre\n", (await f.Ok("list", "-m", "--versions", "example.com/a")).Out);
        Assert.AreEqual("example.com/main\n", (await f.Ok("list", "-m", "-versions")).Out);
    }

    [TestMethod]
    public async Task List_Update_MarksUpgradesRetractedAndDeprecated()
    {
        using var f = Universe.Create();
        var r = await f.Ok("list", "-m", "-u", "all");
        Assert.AreEqual(
            "example.com/main\n" +
            "example.com/a v1.0.0 [v1.2.0]\n" +
            "example.com/b v1.2.0\n" +
            "example.com/c v1.0.0 [v1.1.0] (deprecated)\n" +
            "example.com/r v1.1.0 (retracted) [v1.2.0]\n", r.Out);
        Assert.AreEqual("", r.Error);
    }

    [TestMethod]
    public async Task List_Retracted_MarksCurrentVersion()
    {
        using var f = Universe.Create();
        var r = await f.Ok("list", "-m", "-retracted", "example.com/r");
        Assert.AreEqual("example.com/r v1.1.0 (retracted)\n", r.Out);
    }

    [TestMethod]
    public async Task List_Json_GoFieldLayout()
    {
        using var f = Universe.Create();
        var r = await f.Ok("list", "-m", "-json", "-u", "example.com/main", "example.com/r", "example.com/c");
        string time = "2024-01-02T03:04:05Z";
        string Esc(string s) => s.Replace("\\", "\\\\");
        Assert.AreEqual(
            "{\n" +
            "\t\"Path\": \"example.com/main\",\n" +
            "\t\"Main\": true,\n" +
            $"\t\"Dir\": \"{Esc(f.Work)}\",\n" +
            $"\t\"Mod\": \"{Esc(f.ModFile)}\"\n" +
            "}\n" +
            "{\n" +
            "\t\"Path\": \"example.com/r\",\n" +
            "\t\"Version\": \"v1.1.0\",\n" +
            $"\t\"Time\": \"{time}\",\n" +
            "\t\"Update\": {\n" +
            "\t\t\"Path\": \"example.com/r\",\n" +
            "\t\t\"Version\": \"v1.2.0\",\n" +
            $"\t\t\"Time\": \"{time}\"\n" +
            "\t},\n" +
            $"\t\"Mod\": \"{Esc(f.CacheFile("example.com/r", "v1.1.0", "mod"))}\",\n" +
            "\t\"Retracted\": [\n" +
            "\t\t\"bad release\"\n" +
            "\t]\n" +
            "}\n" +
            "{\n" +
            "\t\"Path\": \"example.com/c\",\n" +
            "\t\"Version\": \"v1.0.0\",\n" +
            $"\t\"Time\": \"{time}\",\n" +
            "\t\"Update\": {\n" +
            "\t\t\"Path\": \"example.com/c\",\n" +
            "\t\t\"Version\": \"v1.1.0\",\n" +
            $"\t\t\"Time\": \"{time}\"\n" +
            "\t},\n" +
            $"\t\"Mod\": \"{Esc(f.CacheFile("example.com/c", "v1.0.0", "mod"))}\",\n" +
            "\t\"Deprecated\": \"use example.com/d\"\n" +
            "}\n", r.Out);
    }

    [TestMethod]
    public async Task List_Json_ReplacementIndirectDirAndVersions()
    {
        using var f = Universe.Create(
            "module example.com/main\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0 // indirect\n)\n\n" +
            "replace example.com/a => example.com/d v1.0.0\n");
        await f.Ok("download", "example.com/b@v1.2.0");
        var objs = CliFixture.JsonObjects((await f.Ok("list", "-m", "-json", "-versions", "all")).Out);
        Assert.AreEqual(3, objs.Count);
        var a = objs[1];
        Assert.AreEqual("example.com/a", a.GetProperty("Path").GetString());
        // Replaced: no Time of its own (Go does not look the original up); Mod is the replacement's.
        CollectionAssert.AreEqual(new[] { "Path", "Version", "Versions", "Replace", "Mod" }, a.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual(f.CacheFile("example.com/d", "v1.0.0", "mod"), a.GetProperty("Mod").GetString());
        Assert.AreEqual("example.com/d", a.GetProperty("Replace").GetProperty("Path").GetString());
        Assert.AreEqual("v1.0.0", a.GetProperty("Replace").GetProperty("Version").GetString());
        var b = objs[2];
        CollectionAssert.AreEqual(new[] { "Path", "Version", "Versions", "Time", "Indirect", "Dir", "Mod" }, b.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.IsTrue(b.GetProperty("Indirect").GetBoolean());
        Assert.AreEqual(f.CacheDir("example.com/b", "v1.2.0"), b.GetProperty("Dir").GetString());
        Assert.AreEqual(3, b.GetProperty("Versions").GetArrayLength());
    }

    [TestMethod]
    public async Task List_All_ShowsReplacementArrow()
    {
        using var f = Universe.Create(
            "module example.com/main\n\nrequire example.com/a v1.0.0\n\nreplace example.com/a v1.0.0 => example.com/a v1.1.0\n");
        var r = await f.Ok("list", "-m", "all");
        Assert.AreEqual("example.com/main\nexample.com/a v1.0.0 => example.com/a v1.1.0\nexample.com/b v1.1.0\n", r.Out);
    }

    [TestMethod]
    public async Task Graph_Text_GoOrder()
    {
        using var f = Universe.Create();
        var r = await f.Ok("graph");
        Assert.AreEqual(
            "example.com/main example.com/a@v1.0.0\n" +
            "example.com/main example.com/c@v1.0.0\n" +
            "example.com/main example.com/r@v1.1.0\n" +
            "example.com/a@v1.0.0 example.com/b@v1.0.0\n" +
            "example.com/c@v1.0.0 example.com/b@v1.2.0\n", r.Out);
        Assert.AreEqual("", r.Error);
    }

    [TestMethod]
    public async Task Graph_Dot_MarksSelected()
    {
        using var f = Universe.Create();
        var r = await f.Ok("graph", "--format", "dot");
        StringAssert.StartsWith(r.Out, "digraph modules {\n");
        StringAssert.Contains(r.Out, "\t\"example.com/main\" -> \"example.com/a@v1.0.0\";\n");
        StringAssert.Contains(r.Out, "\t\"example.com/b@v1.2.0\" [style=bold];\n");
        StringAssert.Contains(r.Out, "\t\"example.com/b@v1.0.0\" [style=dashed, color=gray];\n");
        Assert.IsTrue(r.Out.EndsWith("}\n", StringComparison.Ordinal));
        Assert.AreEqual(5, r.Out.Split('\n').Count(l => l.Contains(" -> ")));
    }

    [TestMethod]
    public async Task Graph_Mermaid_MarksSelected()
    {
        using var f = Universe.Create();
        var r = await f.Ok("graph", "-format=mermaid");
        StringAssert.StartsWith(r.Out, "graph LR\n    m0[\"example.com/main\"]:::selected\n");
        StringAssert.Contains(r.Out, "[\"example.com/b@v1.0.0\"]\n");
        StringAssert.Contains(r.Out, "[\"example.com/b@v1.2.0\"]:::selected\n");
        Assert.AreEqual(5, r.Out.Split('\n').Count(l => l.Contains(" --> ")));
        StringAssert.Contains(r.Out, "classDef selected");
    }

    [TestMethod]
    [DataRow("--format svg", "unknown format \"svg\"")]
    [DataRow("--format", "flag needs an argument: -format")]
    [DataRow("extra", "graph takes no arguments")]
    public async Task Graph_BadUsage_Exit2(string args, string message)
    {
        using var f = Universe.Create();
        var r = await f.Fails(2, ["graph", .. args.Split(' ')]);
        StringAssert.Contains(r.Error, message);
        StringAssert.Contains(r.Error, "usage: dotnet mod graph");
        Assert.AreEqual("", r.Out);
    }

    [TestMethod]
    public async Task Why_ChainNotNeededAndSeveral()
    {
        using var f = Universe.Create();
        var r = await f.Ok("why", "-m", "example.com/b", "example.com/d", "example.com/r");
        Assert.AreEqual(
            "# example.com/b\nexample.com/main\nexample.com/a\nexample.com/b\n" +
            "\n" +
            "# example.com/d\n(main module does not need module example.com/d)\n" +
            "\n" +
            "# example.com/r\nexample.com/main\nexample.com/r\n", r.Out);
    }

    [TestMethod]
    public async Task Why_NoArguments_Usage()
    {
        using var f = Universe.Create();
        var r = await f.Fails(2, "why", "-m");
        StringAssert.Contains(r.Error, "usage: dotnet mod why");
    }
}
