using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Cli;

/// <summary>
/// <c>dotnet mod</c> against the go command on the same proxy: the main module as module.mod and
/// as its go.mod twin (<c>go 1.16</c>, classic MVS), outputs compared byte for byte.
/// </summary>
internal static class GoScenarios
{
    private const string Head = "module example.com/main\n\n";

    /// <summary>Scenario main modules by name (see <see cref="Universe"/> for the modules).</summary>
    public static string MainOf(string scenario) => scenario switch
    {
        "basic" => Universe.MainMod,
        // Go drops a dependency's edge to an excluded version instead of raising it.
        "exclude-edge" => Head + "require example.com/a v1.1.0\n\nexclude example.com/b v1.1.0\n",
        // ...and the main module's own requirement on an excluded version.
        "exclude-main" => Head + "require (\n\texample.com/a v1.0.0\n\texample.com/b v1.1.0\n)\n\nexclude example.com/b v1.1.0\n",
        "exclude-selected" => Head + "require (\n\texample.com/a v1.1.0\n\texample.com/c v1.0.0\n)\n\nexclude example.com/b v1.2.0\n",
        "replace-version" => Head + "require example.com/a v1.0.0\n\nreplace example.com/b v1.0.0 => example.com/b v1.2.0\n",
        "replace-other-version" =>
            Head + "require (\n\texample.com/a v1.0.0\n\texample.com/c v1.0.0\n)\n\nreplace example.com/b v1.0.0 => example.com/d v1.0.0\n",
        "replace-whole" => Head + "require example.com/a v1.0.0\n\nreplace example.com/a => example.com/a v1.2.0\n",
        "replace-both" =>
            Head + "require example.com/a v1.0.0\n\nreplace (\n\texample.com/a => example.com/a v1.2.0\n\texample.com/a v1.0.0 => example.com/a v1.1.0\n)\n",
        "replace-fork" => Head + "require example.com/a v1.0.0\n\nreplace example.com/a v1.0.0 => example.com/fork v1.0.0\n",
        "replace-dir" => Head + "require example.com/a v1.0.0\n\nreplace example.com/a => ../local-a\n",
        "replace-unrequired" => Head + "require example.com/a v1.0.0\n\nreplace example.com/d v1.0.0 => example.com/d v1.0.0\n",
        "retract" => Head + "require example.com/r v1.1.0\n",
        "prerelease" => Head + "require example.com/pre v0.1.0-alpha\n",
        "incompatible" => Head + "require example.com/inc v1.0.0\n",
        "require-a" => Head + "require example.com/a v1.0.0\n",
        "diamond" => Head + "require (\n\texample.com/x v1.0.0\n\texample.com/y v1.0.0\n)\n",
        _ => throw new ArgumentException(scenario),
    };

    public static CliFixture Create(string scenario)
    {
        var f = Universe.Create(MainOf(scenario));
        f.Proxy.Add("example.com/fork", "v1.0.0", ["example.com/b v1.2.0"]);
        f.Proxy.Add("example.com/inc", "v1.0.0");
        f.Proxy.Add("example.com/inc", "v2.0.0+incompatible");
        f.Proxy.Add("example.com/x", "v1.0.0", ["example.com/a v1.1.0", "example.com/r v1.0.0"]);
        f.Proxy.Add("example.com/y", "v1.0.0", ["example.com/a v1.0.1", "example.com/r v1.2.0", "example.com/x v1.0.0"]);
        var local = Path.Combine(f.Root, "local-a");
        Directory.CreateDirectory(local);
        const string localMod = "module example.com/a\n\nrequire example.com/b v1.1.0\n";
        File.WriteAllText(Path.Combine(local, "module.mod"), localMod);
        File.WriteAllText(Path.Combine(local, "go.mod"), localMod);
        return f;
    }

    /// <summary>Runs one command both ways and compares stdout and success.</summary>
    public static async Task AssertSameAsGo(string scenario, string command)
    {
        GoTool.RequireGo();
        using var f = Create(scenario);
        var args = command.Split(' ');
        string[] ours = args[0] == "mod" ? args[1..] : args;
        var r = await f.Run(ours);
        var go = f.Go(Universe.GoTwin(MainOf(scenario)), args);
        Assert.AreEqual(go.Stdout, r.Out, $"{scenario}: {command}\ngo stderr:\n{go.Stderr}\nour stderr:\n{r.Error}");
        Assert.AreEqual(go.ExitCode == 0 ? 0 : 1, r.ExitCode, $"{scenario}: {command}\ngo stderr:\n{go.Stderr}\nour stderr:\n{r.Error}");
        Assert.AreEqual(MainOf(scenario), f.Mod, "read-only verbs never edit module.mod");
    }

    public static readonly string[] All = ["basic", "exclude-edge", "exclude-main", "exclude-selected", "replace-version", "replace-other-version",
        "replace-whole", "replace-both", "replace-fork", "replace-dir", "replace-unrequired", "retract", "prerelease", "incompatible", "diamond"];
}

/// <summary><c>list -m all</c> and <c>graph</c> against the go command, scenario by scenario (<see cref="GoScenarios"/>).</summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class GoBuildListConformanceTests
{
    public static IEnumerable<object[]> Cases() => GoScenarios.All.SelectMany(s => new[] { new object[] { s, "list -m all" }, [s, "mod graph"] });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public Task Output_SameAsGo(string scenario, string command) => GoScenarios.AssertSameAsGo(scenario, command);
}

/// <summary><c>list -m -u</c>, <c>-versions</c>, <c>-retracted</c> and version queries against the go command.</summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class GoQueryConformanceTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (var s in GoScenarios.All) yield return [s, "list -m -u all"];
        // No "mod why" rows: Go's why -m follows package imports, and these modules have no Go
        // packages, so Go answers "main module does not need" for all of them; ours is the
        // requirement chain (SPEC §8), tested in ListGraphWhyTests.
        yield return ["basic", "list -m example.com/d"];
        yield return ["basic", "list -m -versions example.com/nonexistent"];
        yield return ["basic", "list -m -versions example.com/a example.com/r example.com/pre example.com/b"];
        yield return ["basic", "list -m -versions -retracted example.com/r"];
        yield return ["retract", "list -m -retracted example.com/r"];
        yield return ["retract", "list -m -u -retracted all"];
        yield return ["retract", "list -m example.com/r@latest example.com/r@v1.1.0 example.com/r@v1.1 example.com/r@upgrade"];
        yield return ["exclude-selected", "list -m -versions example.com/b"];
        yield return ["exclude-selected", "list -m example.com/b@latest example.com/b@v1"];
        yield return ["prerelease", "list -m example.com/pre@latest example.com/pre@upgrade example.com/a@latest example.com/a@v1.3"];
        yield return ["prerelease", "list -m -versions example.com/pre"];
        yield return ["basic", "list -m example.com/a@v1.3 example.com/a@v1.2 example.com/a@v1"];
        yield return ["incompatible", "list -m -versions example.com/inc"];
        yield return ["incompatible", "list -m example.com/inc@latest example.com/inc@v2.0.0+incompatible"];
        yield return ["replace-whole", "list -m -versions example.com/a"];
        yield return ["basic", "list -m example.com/a@<v1.1.0 example.com/a@>v1.0.0 example.com/a@<=v1.1.0 example.com/a@>=v1.2.0 example.com/a@patch"];
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public Task Output_SameAsGo(string scenario, string command) => GoScenarios.AssertSameAsGo(scenario, command);
}

/// <summary><c>get</c> and <c>list -m -json</c> against the go command.</summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class GoGetConformanceTests
{
    private static CliFixture Create(string scenario) => GoScenarios.Create(scenario);

    private static string MainOf(string scenario) => GoScenarios.MainOf(scenario);

    [TestMethod]
    [DataRow("basic")]
    [DataRow("replace-version")]
    [DataRow("replace-fork")]
    [DataRow("replace-dir")]
    [DataRow("retract")]
    public async Task ListJson_SameFieldsAsGo(string scenario)
    {
        GoTool.RequireGo();
        using var f = Create(scenario);
        await f.Ok("download");
        f.GoOk(Universe.GoTwin(MainOf(scenario)), "mod", "download");
        var ours = CliFixture.JsonObjects((await f.Ok("list", "-m", "-json", "-u", "all")).Out);
        var go = CliFixture.JsonObjects(f.GoOk(Universe.GoTwin(MainOf(scenario)), "list", "-m", "-json", "-u", "all"));
        Assert.AreEqual(go.Count, ours.Count);
        static string Fields(System.Text.Json.JsonElement e) => string.Join(",", e.EnumerateObject()
            .Where(p => p.Name is not ("GoVersion"))
            .Select(p => (p.Name == "GoMod" ? "Mod" : p.Name) + (p.Value.ValueKind == System.Text.Json.JsonValueKind.Object
                ? "{" + Fields(p.Value) + "}" : "")));
        for (int i = 0; i < go.Count; i++)
            Assert.AreEqual(Fields(go[i]), Fields(ours[i]), $"{scenario}: {go[i]}\n---ours:\n{ours[i]}");
    }

    /// <summary>
    /// The "path version" requirement lines, without <c>// indirect</c>: Go marks a module
    /// indirect when no package of the main module imports it, which for these package-less
    /// modules is every module, while ModuleSdk keeps modules asked for by name direct.
    /// </summary>
    private static HashSet<string> Requirements(string modText) =>
        modText.Split('\n').Select(l => l.Trim())
            .Where(l => l.StartsWith("example.com/", StringComparison.Ordinal) || l.StartsWith("require example.com/", StringComparison.Ordinal))
            .Select(l => l.StartsWith("require ", StringComparison.Ordinal) ? l["require ".Length..] : l)
            .Select(l => l.Replace(" // indirect", "")).ToHashSet();

    [TestMethod]
    [DataRow("example.com/a@v1.1.0")]
    [DataRow("example.com/a@latest")]
    [DataRow("example.com/a@patch")]
    [DataRow("example.com/a@v1.1")]
    [DataRow("example.com/a@none")]
    [DataRow("example.com/c@none")]
    [DataRow("example.com/b@v1.0.0")]
    [DataRow("example.com/b@v1.1.0")]
    [DataRow("-u example.com/a")]
    [DataRow("example.com/d")]
    [DataRow("example.com/r@v1.2.0")]
    [DataRow("example.com/a@none", "require-a")]
    [DataRow("example.com/a@v1.2.0", "require-a")]
    [DataRow("example.com/r@v1.0.0 example.com/a@v1.1.0", "basic")]
    [DataRow("example.com/x", "require-a")]
    [DataRow("example.com/b@none", "diamond")]
    [DataRow("example.com/a@v1.0.0", "diamond")]
    public async Task Get_SameRequirementsAsGo(string args, string scenario = "basic")
    {
        GoTool.RequireGo();
        using var f = Create(scenario);
        var split = args.Split(' ');
        var r = await f.Run(["get", .. split]);
        var go = f.Go(Universe.GoTwin(MainOf(scenario)), ["get", .. split]);
        Assert.AreEqual(go.ExitCode == 0 ? 0 : 1, r.ExitCode, $"{args}\n{r}\ngo:\n{go.Stderr}");
        var goMod = File.ReadAllText(Path.Combine(f.GoWork, "go.mod"));
        CollectionAssert.AreEquivalent(Requirements(goMod).ToList(), Requirements(f.Mod!).ToList(),
            $"{args}\ngo.mod:\n{goMod}\nmodule.mod:\n{f.Mod}\ngo stderr:\n{go.Stderr}");
    }
}
