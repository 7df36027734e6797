using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Cli;

/// <summary>
/// Which <c>module.sum</c> lines a verb writes, against the <c>go.sum</c> lines Go 1.19 writes for
/// the same verb on the same proxy (go.mod twin with <c>go 1.16</c>): the same module versions,
/// with <c>/go.mod</c> read as <c>/module.mod</c>. Versions a verb only looked at (to list them,
/// or to learn retractions) get no line.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public class GoSumLinesTests
{
    private const string Main = "module example.com/main\n\nrequire example.com/a v1.0.0\n";

    private static CliFixture Create()
    {
        var f = new CliFixture();
        f.Proxy.Add("example.com/a", "v1.0.0");
        f.Proxy.Add("example.com/a", "v1.5.0", ["example.com/b v1.0.0"]);
        f.Proxy.Add("example.com/a", "v1.12.0", ["example.com/b v1.0.0"]);
        f.Proxy.Add("example.com/a", "v1.13.0", ["example.com/b v1.1.0"]);
        f.Proxy.Add("example.com/a", "v7.0.0+incompatible");
        f.Proxy.Add("example.com/b", "v1.0.0");
        f.Proxy.Add("example.com/b", "v1.1.0");
        f.WriteMod(Main);
        return f;
    }

    // "path version[/go.mod]" keys of a sum file, /go.mod spelled /module.mod.
    private static List<string> Keys(string? sum) =>
        (sum ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).Select(p => p[0] + " " + p[1].Replace("/go.mod", "/module.mod")).Order(StringComparer.Ordinal).ToList();

    private static async Task AssertSameLinesAsGo(string[] args)
    {
        GoTool.RequireGo();
        using var f = Create();
        // Both start from the lines of the main module's own build list.
        await f.Ok("download");
        f.GoOk(Universe.GoTwin(Main), "mod", "download", "example.com/a");
        var goSum = Path.Combine(f.GoWork, "go.sum");
        CollectionAssert.AreEqual(Keys(File.ReadAllText(goSum)), Keys(f.Sum), $"before\ngo.sum:\n{File.ReadAllText(goSum)}\nmodule.sum:\n{f.Sum}");

        var r = await f.Run(args);
        var go = f.Go(Universe.GoTwin(Main), args);
        Assert.AreEqual(go.ExitCode == 0 ? 0 : 1, r.ExitCode, $"{r}\ngo:\n{go.Stderr}");
        string Show() => $"{string.Join(' ', args)}\ngo.sum:\n{File.ReadAllText(goSum)}\nmodule.sum:\n{f.Sum}";
        if (args[0] == "get")
        {
            // Go 1.19's get records the new graph's go.mod lines only on the next command that
            // loads the graph (go list -m all below); ModuleSdk records them at once, so that a
            // locked build right after get finds them (docs/conformance.md). Everything get itself
            // records, ModuleSdk records too.
            var afterGet = Keys(File.ReadAllText(goSum));
            CollectionAssert.IsSubsetOf(afterGet, Keys(f.Sum), Show());
            var goMod = File.ReadAllText(Path.Combine(f.GoWork, "go.mod"));
            GoTool.Run(f.GoWork, f.GoPath, f.Proxy.Url, "list", "-m", "all");
            Assert.AreEqual(goMod, File.ReadAllText(Path.Combine(f.GoWork, "go.mod")));
            Assert.IsTrue(Keys(File.ReadAllText(goSum)).Except(afterGet).All(k => k.EndsWith("/module.mod", StringComparison.Ordinal)), Show());
        }
        CollectionAssert.AreEqual(Keys(File.ReadAllText(goSum)), Keys(f.Sum), Show());
    }

    [TestMethod]
    public Task ListVersions_WritesNoLines() => AssertSameLinesAsGo(["list", "-m", "-versions", "example.com/a"]);

    [TestMethod]
    public Task ListVersionsJson_WritesNoLines() => AssertSameLinesAsGo(["list", "-m", "-versions", "-json", "example.com/a"]);

    [TestMethod]
    public Task GetVersion_WritesOnlyTheNewBuildListsLines() => AssertSameLinesAsGo(["get", "example.com/a@v1.12.0"]);

    [TestMethod]
    public Task GetLatest_WritesOnlyTheNewBuildListsLines() => AssertSameLinesAsGo(["get", "example.com/a@latest"]);

    /// <summary>
    /// download path@latest: no line for the versions the query only looked at (the latest
    /// version's module file, read for retractions). Go 1.19 records nothing at all for a module
    /// outside the build list; ModuleSdk records the lines of what it downloaded (docs/conformance.md).
    /// </summary>
    [TestMethod]
    public async Task DownloadQuery_NoLinesForVersionsOnlyLookedAt()
    {
        using var f = Create();
        await f.Ok("download");
        await f.Ok("download", "example.com/b@latest");
        var keys = Keys(f.Sum);
        CollectionAssert.Contains(keys, "example.com/b v1.1.0");
        Assert.IsFalse(keys.Any(k => k.Contains("v7.0.0", StringComparison.Ordinal) || k.Contains("v1.13.0", StringComparison.Ordinal)), f.Sum);
        // v1.12 means v1.12.*: the query reads the latest version's (v1.13.0) module file for
        // its retractions, and downloads v1.12.0.
        await f.Ok("download", "example.com/a@v1.12");
        keys = Keys(f.Sum);
        CollectionAssert.Contains(keys, "example.com/a v1.12.0");
        CollectionAssert.Contains(keys, "example.com/a v1.12.0/module.mod");
        Assert.IsFalse(keys.Any(k => k.Contains("v1.13.0", StringComparison.Ordinal) || k.Contains("v7.0.0", StringComparison.Ordinal)), f.Sum);
    }

    [TestMethod]
    public Task ListUpdates_WritesNoLines() => AssertSameLinesAsGo(["list", "-m", "-u", "all"]);
}
