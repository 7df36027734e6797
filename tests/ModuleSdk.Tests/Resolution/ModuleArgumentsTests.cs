using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Resolution;

namespace ModuleSdk.Tests.Resolution;

/// <summary>
/// The one argument resolution of <c>list -m</c> and <c>download</c> (Go's modload.ListModules),
/// the one <see cref="ModulePublic"/> text both <c>list -m</c> and the ListModules task print,
/// the one "cached modules of the build list" and the one why-printing.
/// </summary>
[TestClass]
public sealed class ModuleArgumentsTests
{
    private static LoaderFixture Replaced()
    {
        var f = new LoaderFixture().WithWalkthrough();
        f.Proxy.Add("example.com/fork", "v1.5.0", ["example.com/d v1.4.2"], modulePath: "example.com/b");
        Directory.CreateDirectory(Path.Combine(f.MainDir, "local", "c"));
        File.WriteAllText(Path.Combine(f.MainDir, "local", "c", "module.mod"), "module example.com/c\n");
        f.WriteMain("module example.com/app\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0\n\texample.com/c v1.0.0\n)\n\n" +
            "replace example.com/b v1.2.0 => example.com/fork v1.5.0\n\nreplace example.com/c => ./local/c\n");
        return f;
    }

    private static string Text(IEnumerable<ModuleArgument> modules) =>
        string.Join("\n", modules.Select(m => (m.IsMain ? "main " : "") + m.Module + (m.Error is { } e ? " " + e.Code : "")));

    [TestMethod]
    public async Task List_NoArgumentIsTheMainModule_AllIsTheBuildListAsItNamesModules()
    {
        using var f = Replaced();
        var loader = f.Loader();
        Assert.AreEqual("main example.com/app", Text((await ModuleArguments.ResolveAsync(loader, [""], new())).Modules));
        var all = await ModuleArguments.ResolveAsync(loader, ["all"], new());
        Assert.AreEqual("main example.com/app\nexample.com/a@v1.0.0\nexample.com/b@v1.2.0\nexample.com/c@v1.0.0\nexample.com/d@v1.4.2", Text(all.Modules));
        Assert.IsNotNull(all.Graph, "all loads the graph, whose module files module.sum keeps");
        Assert.AreEqual("main example.com/app\nexample.com/d@v1.4.2",
            Text((await ModuleArguments.ResolveAsync(loader, ["example.com/app", "example.com/d"], new())).Modules));
    }

    [TestMethod]
    public async Task Download_AllIsTheCachedModules_ThroughReplacements_WithoutMainOrDirectories()
    {
        using var f = Replaced();
        var loader = f.Loader();
        var all = await ModuleArguments.ResolveAsync(loader, ["all"], new(Download: true));
        Assert.AreEqual("example.com/a@v1.0.0\nexample.com/fork@v1.5.0\nexample.com/d@v1.4.2", Text(all.Modules));
        var graph = await loader.LoadGraphAsync();
        CollectionAssert.AreEqual(all.Modules.Select(m => m.Module).ToList(), BuildListModules.Cached(loader, graph).ToList());
        Assert.AreEqual("example.com/fork@v1.5.0",
            Text((await ModuleArguments.ResolveAsync(loader, ["example.com/b", "example.com/c"], new(Download: true))).Modules),
            "a path is downloaded through its replacement; a directory replacement has nothing to download");
    }

    [TestMethod]
    public async Task NotInTheBuildList_OneCode_ThrownForList_ReportedPerModuleForDownload()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire example.com/a v1.0.0\n");
        var loader = f.Loader();
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => ModuleArguments.ResolveAsync(loader, ["example.com/c"], new()));
        Assert.AreEqual(DiagnosticCodes.NotInBuildList, e.Code);
        Assert.AreEqual("module example.com/c: not a known dependency", e.Message);

        var download = await ModuleArguments.ResolveAsync(loader, ["example.com/c", "example.com/a"], new(Download: true));
        Assert.AreEqual("example.com/c " + DiagnosticCodes.NotInBuildList + "\nexample.com/a@v1.0.0", Text(download.Modules));
        Assert.AreEqual(e.Message, download.Modules[0].Error!.Message);

        var versions = await ModuleArguments.ResolveAsync(loader, ["example.com/c"], new(Versions: true));
        Assert.AreEqual(new ModuleId("example.com/c", ""), versions.Modules.Single().Module, "-versions needs no dependency on the module");
    }

    [TestMethod]
    public async Task Query_ResolvesOutsideTheBuildList_KeepingTheQueryOnlyWhenItSaysMore()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire example.com/a v1.0.0\n");
        var loader = f.Loader();
        foreach (bool download in new[] { false, true })
        {
            var r = await ModuleArguments.ResolveAsync(loader, ["example.com/d@latest", "example.com/d@v1.2.0"], new(Download: download));
            Assert.AreEqual(new ModuleId("example.com/d", "v1.4.2"), r.Modules[0].Module);
            Assert.AreEqual("latest", r.Modules[0].Query);
            Assert.IsTrue(r.Modules[0].OutsideBuildList);
            Assert.IsNull(r.Modules[1].Query, "v1.2.0 says nothing the version does not");
        }
        var bad = await ModuleArguments.ResolveAsync(loader, ["example.com/d@v9.0.0"], new(Download: true));
        Assert.IsNotNull(bad.Modules.Single().Error, "download reports a failed query per module");
        await Assert.ThrowsAsync<ModuleException>(() => ModuleArguments.ResolveAsync(loader, ["example.com/d@v9.0.0"], new()));
    }

    [TestMethod]
    public async Task ModulePublic_ToText_IsGosModulePublicString()
    {
        using var f = Replaced();
        var loader = f.Loader();
        var all = await ModuleArguments.ResolveAsync(loader, ["all"], new());
        var lines = new List<string>();
        foreach (var m in all.Modules) lines.Add((await ModulePublic.DescribeAsync(loader, m, new(), default)).ToText(versions: false));
        Assert.AreEqual("example.com/app\nexample.com/a v1.0.0\nexample.com/b v1.2.0 => example.com/fork v1.5.0\nexample.com/c v1.0.0 => ./local/c\n" +
            "example.com/d v1.4.2",
            string.Join("\n", lines));

        var retracted = new ModulePublic { Path = "example.com/d", Version = "v1.2.0", Retracted = ["oops"],
            Update = new ModulePublic { Path = "example.com/d", Version = "v1.4.2" }, Deprecated = "use e" };
        Assert.AreEqual("example.com/d v1.2.0 (retracted) [v1.4.2] (deprecated)", retracted.ToText(versions: false));
        Assert.AreEqual("example.com/d v1.0.6 v1.2.0", new ModulePublic { Path = "example.com/d", Versions = ["v1.0.6", "v1.2.0"] }.ToText(versions: true));
        Assert.AreEqual("example.com/d", new ModulePublic { Path = "example.com/d", Versions = [] }.ToText(versions: true));
    }

    [TestMethod]
    public async Task ModulePublic_UpdateAndErrors_AreDescribedNotThrown()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire example.com/d v1.2.0\n");
        var loader = f.Loader();
        var d = await ModulePublic.DescribeAsync(loader, new ModuleArgument(new ModuleId("example.com/d", "v1.2.0")), new(Update: true), default);
        Assert.AreEqual("example.com/d v1.2.0 [v1.4.2]", d.ToText(versions: false));
        Assert.IsFalse(d.Indirect, "required directly");
        var missing = await ModulePublic.DescribeAsync(loader, new ModuleArgument(new ModuleId("example.com/nope", "v1.0.0")), new(Local: true), default);
        StringAssert.StartsWith(missing.Error, "MOD");
    }

    [TestMethod]
    public async Task Why_Describe_HeadingsChainsAndBlankLinesBetween()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire example.com/a v1.0.0\n");
        var graph = await f.Loader().LoadGraphAsync();
        Assert.AreEqual("# example.com/d\nexample.com/app\nexample.com/a\nexample.com/d\n\n# example.com/c\n(main module does not need module example.com/c)",
            string.Join("\n", ModuleWhy.Describe(graph, ["example.com/d", "example.com/c"])));
    }

    [TestMethod]
    public async Task Verify_RehashesTheCachedModulesOfTheBuildList()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain("module example.com/app\n\nrequire example.com/a v1.0.0\n");
        var loader = f.Loader();
        var graph = await loader.LoadGraphAsync();
        foreach (var m in BuildListModules.Cached(loader, graph)) await loader.Fetcher.DownloadAsync(m);
        var result = await BuildListModules.VerifyAsync(loader);
        Assert.AreEqual(2, result.Modules.Count);
        Assert.IsTrue(result.Modules.All(m => m.Verified && m.Checked));
    }
}
