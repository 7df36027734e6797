using ModuleSdk.Tests.Cli;

namespace ModuleSdk.Tests.Usage;

/// <summary>
/// <c>dotnet mod tidy</c> with usage records, on the CLI tests' <see cref="Universe"/>
/// (main requires a v1.0.0, c v1.0.0, r v1.1.0; a requires b v1.0.0, c requires b v1.2.0).
/// </summary>
[TestClass]
public sealed class TidyUsageTests
{
    [TestMethod]
    // Only a used: c and r go; b stays at the version c raised it to (a needs b, and a build
    // must not run a against an older b than it was compiled with), marked indirect.
    [DataRow("example.com/a", "require example.com/a v1.0.0\n\nrequire example.com/b v1.2.0 // indirect\n", "")]
    // a and b used: b becomes direct, and tidy says so.
    [DataRow("example.com/a example.com/b", "require (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0\n)\n",
        "dotnet mod: example.com/b v1.2.0 is used by App/App.csproj: now required directly\n")]
    [DataRow("example.com/c example.com/r", "require (\n\texample.com/c v1.0.0\n\texample.com/r v1.1.0\n)\n", "")]
    [DataRow("", "", "")]
    public async Task Tidy_FreshRecords_UsedDirectUnusedDropped(string used, string requireText, string messages)
    {
        using var f = Universe.Create();
        var app = UsageWorld.Project(f.Work, "App");
        UsageWorld.Record(app, "net10.0", used.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        var r = await f.Ok("tidy");
        Assert.AreEqual("module example.com/main\n" + (requireText.Length > 0 ? "\n" + requireText : ""), f.Mod);
        Assert.AreEqual(messages, r.Error);
        // module.sum keeps exactly what the tidied build list needs.
        Assert.AreEqual(used.Contains("example.com/c"), (f.Sum ?? "").Contains("example.com/c v1.0.0 h1:"), f.Sum);
        // Idempotent, and a build after tidy (records unchanged) leaves it alone.
        string mod = f.Mod!, sum = f.Sum ?? "";
        Assert.AreEqual("", (await f.Ok("tidy")).Error);
        Assert.AreEqual(mod, f.Mod);
        Assert.AreEqual(sum, f.Sum ?? "");
    }

    [TestMethod]
    public async Task Tidy_Verbose_NamesRecordsAndUnused()
    {
        using var f = Universe.Create();
        var app = UsageWorld.Project(f.Work, "App");
        UsageWorld.Record(app, "net10.0", ["example.com/a"]);
        var r = await f.Ok("tidy", "-v");
        Assert.AreEqual(
            "dotnet mod: usage of App/App.csproj: App/obj/modulesdk/usage/net10.0.txt\nunused example.com/c\nunused example.com/r\n",
            r.Error.Replace('\\', '/'));
    }

    [TestMethod]
    public async Task Tidy_UsedModuleNotInBuildList_Warns()
    {
        using var f = Universe.Create();
        var app = UsageWorld.Project(f.Work, "App");
        UsageWorld.Record(app, "net10.0", ["example.com/a", "example.com/d"]);
        var r = await f.Ok("tidy");
        Assert.AreEqual("dotnet mod: warning: MOD5304: example.com/d is used by App/App.csproj but is not in the build list; add it with: dotnet mod get " +
            "example.com/d\n", r.Error.Replace('\\', '/'));
        StringAssert.StartsWith(f.Mod!, "module example.com/main\n\nrequire example.com/a v1.0.0\n");
    }

    [TestMethod]
    public async Task Tidy_StaleRecord_WarnsAndTidiesRequirementsOnly()
    {
        using var f = Universe.Create(Universe.MainMod.Replace("example.com/c v1.0.0\n", "example.com/c v1.0.0\n\texample.com/b v1.0.0 // indirect\n"));
        var app = UsageWorld.Project(f.Work, "App");
        var other = UsageWorld.Project(f.Work, "Other");
        UsageWorld.Record(app, "net10.0", ["example.com/a"]);
        UsageWorld.Record(other, "net10.0", []);
        File.AppendAllText(Path.Combine(f.Work, "Other", "Program.cs"), "// edited\n");

        var r = await f.Ok("tidy");
        StringAssert.Contains(r.Error, "dotnet mod: warning: MOD5302: ");
        StringAssert.Contains(r.Error, "Other.csproj: usage record ");
        StringAssert.Contains(r.Error, "build it first (dotnet build Other.csproj), then run tidy again\n");
        StringAssert.EndsWith(r.Error, "dotnet mod: warning: tidying requirements only: no requirement is removed for lack of use\n");
        // As requirement-only tidy: nothing dropped for lack of use; the implied b line goes.
        Assert.AreEqual(Universe.MainMod, f.Mod);
    }

    [TestMethod]
    public async Task Tidy_NoRecord_Warns_UsageFlagFailsAndWritesNothing()
    {
        using var f = Universe.Create();
        UsageWorld.Project(f.Work, "App");
        await f.Ok("list", "-m", "all");
        string sum = f.Sum!;

        var r = await f.Fails(1, "tidy", "-usage");
        StringAssert.StartsWith(r.Error, $"error MOD5305: {f.ModFile}: tidy -usage: usage analysis needs a fresh usage record of every project:\n\t");
        StringAssert.Contains(r.Error, "App.csproj: no usage record: build it first");
        Assert.AreEqual(Universe.MainMod, f.Mod);
        Assert.AreEqual(sum, f.Sum);

        var warned = await f.Ok("tidy");
        StringAssert.StartsWith(warned.Error, "dotnet mod: warning: MOD5301: ");
        Assert.AreEqual(Universe.MainMod, f.Mod);
    }

    [TestMethod]
    public async Task Tidy_NoProjects_RequirementOnly_UsageFlagFails()
    {
        using var f = Universe.Create();
        Assert.AreEqual("", (await f.Ok("tidy")).Error);
        Assert.AreEqual(Universe.MainMod, f.Mod);
        var r = await f.Fails(1, "tidy", "--usage");
        StringAssert.Contains(r.Error, "error MOD5305: ");
        StringAssert.Contains(r.Error, "the main module has no ModuleSdk projects");
    }

    [TestMethod]
    public async Task Tidy_MalformedRecord_UsageFlagFails_ModFileUntouched()
    {
        using var f = Universe.Create();
        var app = UsageWorld.Project(f.Work, "App");
        string file = UsageWorld.Record(app, "net10.0", ["example.com/a"]);
        File.WriteAllText(file, "modulesdk-usage 1\nuse ../escape\n");
        var r = await f.Fails(1, "tidy", "-usage");
        StringAssert.Contains(r.Error, "malformed usage record");
        Assert.AreEqual(Universe.MainMod, f.Mod);
    }

    [TestMethod]
    public async Task Tidy_DependencyRaisedByUnusedModule_KeepsSelectedVersion()
    {
        // Where ours differs from Go on purpose: a requires g v1.0.0, the unused h raised g to
        // v1.1.0. Go lowers g to v1.0.0 when no package of g is imported; a compilation does not
        // show what a's assembly uses, so ours keeps the version a ran against (// indirect).
        using var f = new CliFixture();
        f.Proxy.Add("example.com/a", "v1.0.0", ["example.com/g v1.0.0"])
            .Add("example.com/g", "v1.0.0").Add("example.com/g", "v1.1.0")
            .Add("example.com/h", "v1.0.0", ["example.com/g v1.1.0"]);
        f.WriteMod("module example.com/main\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/h v1.0.0\n)\n");
        UsageWorld.Record(UsageWorld.Project(f.Work, "App"), "net10.0", ["example.com/a"]);
        await f.Ok("tidy");
        Assert.AreEqual("module example.com/main\n\nrequire example.com/a v1.0.0\n\nrequire example.com/g v1.1.0 // indirect\n", f.Mod);
    }
}
