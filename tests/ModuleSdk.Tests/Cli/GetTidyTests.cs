namespace ModuleSdk.Tests.Cli;

/// <summary><c>get</c> and <c>tidy</c> on <see cref="Universe"/>: module.mod, module.sum and the messages afterwards.</summary>
[TestClass]
public sealed class GetTidyTests
{
    private const string RequireA = "module example.com/main\n\nrequire example.com/a v1.0.0\n";

    [TestMethod]
    [DataRow("example.com/a@v1.1.0", "require example.com/a v1.1.0\n", "upgraded example.com/a v1.0.0 => v1.1.0|upgraded example.com/b v1.0.0 => v1.1.0")]
    [DataRow("example.com/a@latest", "require example.com/a v1.2.0\n", "upgraded example.com/a v1.0.0 => v1.2.0|upgraded example.com/b v1.0.0 => v1.1.0")]
    [DataRow("example.com/a", "require example.com/a v1.2.0\n", "upgraded example.com/a v1.0.0 => v1.2.0|upgraded example.com/b v1.0.0 => v1.1.0")]
    [DataRow("example.com/a@upgrade", "require example.com/a v1.2.0\n", "upgraded example.com/a v1.0.0 => v1.2.0|upgraded example.com/b v1.0.0 => v1.1.0")]
    [DataRow("example.com/a@patch", "require example.com/a v1.0.1\n", "upgraded example.com/a v1.0.0 => v1.0.1")]
    [DataRow("example.com/a@v1.1", "require example.com/a v1.1.0\n", "upgraded example.com/a v1.0.0 => v1.1.0|upgraded example.com/b v1.0.0 => v1.1.0")]
    [DataRow("example.com/a@v1.3.0-pre", "require example.com/a v1.3.0-pre\n",
        "upgraded example.com/a v1.0.0 => v1.3.0-pre|upgraded example.com/b v1.0.0 => v1.1.0")]
    [DataRow("example.com/d", "require (\n\texample.com/a v1.0.0\n\texample.com/d v1.0.0\n)\n", "added example.com/d v1.0.0")]
    [DataRow("example.com/b@v1.2.0", "require (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0\n)\n", "upgraded example.com/b v1.0.0 => v1.2.0")]
    // As Go's Downgrade: the rest of the build list stays where it was, so b remains (indirect).
    [DataRow("example.com/a@none", "require example.com/b v1.0.0 // indirect\n", "removed example.com/a v1.0.0")]
    [DataRow("example.com/a@v1.0.0", "require example.com/a v1.0.0\n", "")]
    public async Task Get_FromRequireA(string arg, string requireText, string messages)
    {
        using var f = Universe.Create(RequireA);
        var r = await f.Ok("get", arg);
        Assert.AreEqual("module example.com/main\n" + (requireText.Length > 0 ? "\n" + requireText : ""), f.Mod);
        var expected = messages.Length == 0 ? "" : string.Concat(messages.Split('|').Select(m => "dotnet mod: " + m + "\n"));
        Assert.AreEqual(expected, r.Error);
        Assert.AreEqual("", r.Out);
    }

    [TestMethod]
    public async Task Get_Downgrade_LowersDependents()
    {
        using var f = Universe.Create("module example.com/main\n\nrequire (\n\texample.com/a v1.2.0\n\texample.com/b v1.1.0\n)\n");
        var r = await f.Ok("get", "example.com/b@v1.0.0");
        Assert.AreEqual("module example.com/main\n\nrequire (\n\texample.com/a v1.0.1\n\texample.com/b v1.0.0\n)\n", f.Mod);
        Assert.AreEqual("dotnet mod: downgraded example.com/a v1.2.0 => v1.0.1\ndotnet mod: downgraded example.com/b v1.1.0 => v1.0.0\n", r.Error);
    }

    [TestMethod]
    public async Task Get_NoneOfDependencyOwner_DowngradesShared()
    {
        using var f = Universe.Create();
        var r = await f.Ok("get", "example.com/c@none");
        // As go get: removing c leaves b at the version c had raised it to, now an indirect requirement.
        Assert.AreEqual("module example.com/main\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/r v1.1.0\n)\n\nrequire example.com/b v1.2.0 // indirect\n",
            f.Mod);
        Assert.AreEqual("dotnet mod: removed example.com/c v1.0.0\n", r.Error);
    }

    [TestMethod]
    public async Task Get_U_UpgradesDependenciesToo()
    {
        using var f = Universe.Create(RequireA);
        var r = await f.Ok("get", "-u", "example.com/a");
        Assert.AreEqual("module example.com/main\n\nrequire example.com/a v1.2.0\n\nrequire example.com/b v1.2.0 // indirect\n", f.Mod);
        Assert.AreEqual("dotnet mod: upgraded example.com/a v1.0.0 => v1.2.0\ndotnet mod: upgraded example.com/b v1.0.0 => v1.2.0\n", r.Error);
    }

    [TestMethod]
    public async Task Get_UWithoutPaths_UpgradesEverything()
    {
        // go get -u without arguments means the package in the current directory; with no
        // packages, ours upgrades every module of the build list.
        using var f = Universe.Create();
        var r = await f.Ok("get", "-u");
        Assert.AreEqual("module example.com/main\n\nrequire (\n\texample.com/a v1.2.0\n\texample.com/c v1.1.0\n\texample.com/r v1.2.0\n)\n", f.Mod);
        StringAssert.Contains(r.Error, "dotnet mod: upgraded example.com/a v1.0.0 => v1.2.0\n");
        StringAssert.Contains(r.Error, "dotnet mod: upgraded example.com/r v1.1.0 => v1.2.0\n");
    }

    [TestMethod]
    public async Task Get_RecordsSumsOfNewVersions()
    {
        using var f = Universe.Create(RequireA);
        await f.Ok("get", "example.com/a@v1.1.0");
        StringAssert.Contains(f.Sum, "example.com/a v1.1.0/module.mod h1:");
        StringAssert.Contains(f.Sum, "example.com/b v1.1.0/module.mod h1:");
    }

    [TestMethod]
    [DataRow("example.com/a@v1.2.0 example.com/b@v1.0.0", "example.com/b")]
    [DataRow("example.com/a@v1.1.0 example.com/a@v1.2.0", "conflicting requests for example.com/a")]
    [DataRow("example.com/a@v9.9.9", "example.com/a@v9.9.9")]
    [DataRow("example.com/a@v1.9", "no matching versions for query \"v1.9\"")]
    [DataRow("example.com/main@v1.0.0", "cannot get the main module")]
    [DataRow("Bad..Path@v1.0.0", "")]
    public async Task Get_Failure_ModFileUntouched(string args, string message)
    {
        using var f = Universe.Create(RequireA);
        await f.Ok("list", "-m", "all");
        string sum = f.Sum!;
        var r = await f.Fails(1, ["get", .. args.Split(' ')]);
        StringAssert.StartsWith(r.Error, "error MOD");
        StringAssert.Contains(r.Error, message);
        Assert.AreEqual(RequireA, f.Mod);
        Assert.AreEqual(sum, f.Sum);
    }

    [TestMethod]
    public async Task Get_NoArguments_Usage()
    {
        using var f = Universe.Create(RequireA);
        var r = await f.Fails(2, "get");
        StringAssert.Contains(r.Error, "usage: dotnet mod get");
    }

    [TestMethod]
    public async Task Tidy_DropsImpliedIndirect_KeepsNeeded_SeparatesBlocks_PrunesSum()
    {
        using var f = Universe.Create(
            "module example.com/main\n\nrequire (\n\texample.com/b v1.0.0 // indirect\n\texample.com/a v1.1.0\n\texample.com/r v1.0.0 // indirect\n" +
            "\texample.com/d v1.0.0\n)\n");
        const string stale = "example.com/zzz v1.0.0 h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n";
        await f.Ok("list", "-m", "all");
        f.WriteSum(f.Sum + stale);
        var r = await f.Ok("tidy");
        Assert.AreEqual("", r.Out + r.Error);
        Assert.AreEqual(
            "module example.com/main\n\nrequire (\n\texample.com/a v1.1.0\n\texample.com/d v1.0.0\n)\n\nrequire example.com/r v1.0.0 // indirect\n", f.Mod);
        var sum = f.Sum!;
        Assert.IsFalse(sum.Contains("example.com/zzz"), sum);
        foreach (var m in new[] { "example.com/a v1.1.0", "example.com/b v1.1.0", "example.com/d v1.0.0", "example.com/r v1.0.0" })
        {
            StringAssert.Contains(sum, m + " h1:");
            StringAssert.Contains(sum, m + "/module.mod h1:");
        }
        // Sorted and deduplicated, as Go writes go.sum.
        var lines = sum.TrimEnd('\n').Split('\n');
        CollectionAssert.AreEqual(lines.Distinct().ToArray(), lines);
        // Idempotent.
        string mod = f.Mod!;
        await f.Ok("tidy");
        Assert.AreEqual(mod, f.Mod);
        Assert.AreEqual(sum, f.Sum);
    }

    [TestMethod]
    public async Task Tidy_Arguments_Usage()
    {
        using var f = Universe.Create();
        var r = await f.Fails(2, "tidy", "extra");
        StringAssert.Contains(r.Error, "usage: dotnet mod tidy");
        Assert.AreEqual(Universe.MainMod, f.Mod);
    }

    [TestMethod]
    public async Task Get_RetractedVersion_WarnsLikeGoGet()
    {
        using var f = Universe.Create(RequireA);
        var r = await f.Ok("get", "example.com/r@v1.1.0");
        Assert.AreEqual(
            "dotnet mod: added example.com/r v1.1.0\n" +
            "dotnet mod: warning: example.com/r@v1.1.0: retracted by module author: bad release\n" +
            "dotnet mod: to switch to the latest unretracted version, run:\n\tdotnet mod get example.com/r@latest\n",
            r.Error);
        // A version nobody retracted gets no warning.
        Assert.AreEqual("dotnet mod: upgraded example.com/r v1.1.0 => v1.2.0\n", (await f.Ok("get", "example.com/r@latest")).Error);
    }
}
