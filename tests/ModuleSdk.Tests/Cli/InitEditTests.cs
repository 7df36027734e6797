using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Cli;

/// <summary><c>dotnet mod init</c> and <c>dotnet mod edit</c>, end to end, with <c>go mod edit</c> as the oracle where the files agree.</summary>
[TestClass]
public sealed class InitEditTests
{
    private const string Start =
        "module example.com/main\n" +
        "\n" +
        "// a comment kept on rewrite\n" +
        "require (\n" +
        "\texample.com/a v1.0.0\n" +
        "\texample.com/b v1.2.0 // indirect\n" +
        ")\n" +
        "\n" +
        "exclude example.com/c v1.1.0\n" +
        "\n" +
        "replace example.com/d v1.0.0 => example.com/e v1.0.1\n" +
        "\n" +
        "retract v0.9.0 // broken\n";

    [TestMethod]
    public async Task Init_CreatesModuleLine()
    {
        using var f = new CliFixture();
        var r = await f.Ok("init", "example.com/hello");
        Assert.AreEqual("module example.com/hello\n", f.Mod);
        Assert.AreEqual("", r.Out);
        StringAssert.Contains(r.Error, "creating new module.mod: module example.com/hello");
        Assert.IsNull(f.Sum);
    }

    [TestMethod]
    public async Task Init_ExistingFile_Mod8001AndUntouched()
    {
        using var f = new CliFixture();
        f.WriteMod("module example.com/old\n\nrequire example.com/a v1.0.0\n");
        var r = await f.Fails(1, "init", "example.com/new");
        StringAssert.StartsWith(r.Error, "error MOD8001: ");
        StringAssert.Contains(r.Error, "module.mod already exists");
        Assert.AreEqual("module example.com/old\n\nrequire example.com/a v1.0.0\n", f.Mod);
    }

    [TestMethod]
    [DataRow("hello")]
    [DataRow("example.com/a/../b")]
    [DataRow("Example.com/x")]
    [DataRow("example.com/v1")]
    [DataRow("example.com/x@v1")]
    [DataRow("example.com/x/")]
    public async Task Init_InvalidPath_Mod1001AndNoFile(string path)
    {
        using var f = new CliFixture();
        var r = await f.Fails(1, "init", path);
        StringAssert.StartsWith(r.Error, "error MOD1001: ");
        Assert.IsNull(f.Mod);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("example.com/a example.com/b")]
    public async Task Init_WrongArgumentCount_Usage(string args)
    {
        using var f = new CliFixture();
        var r = await f.Fails(2, ["init", .. args.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        StringAssert.Contains(r.Error, "usage: dotnet mod init");
        Assert.IsNull(f.Mod);
    }

    [TestMethod]
    [DataRow("-module=example.com/other")]
    [DataRow("-require=example.com/z@v1.0.0")]
    [DataRow("-require=example.com/a@v1.1.0")]
    [DataRow("-require=example.com/b@v1.3.0")]
    [DataRow("-droprequire=example.com/a")]
    [DataRow("-droprequire=example.com/b")]
    [DataRow("-exclude=example.com/c@v1.2.0")]
    [DataRow("-exclude=example.com/c@v1.1.0")]
    [DataRow("-dropexclude=example.com/c@v1.1.0")]
    [DataRow("-replace=example.com/a=../a")]
    [DataRow("-replace=example.com/a@v1.0.0=./local/a")]
    [DataRow("-replace=example.com/a@v1.0.0=example.com/f@v1.0.0")]
    [DataRow("-replace=example.com/a=example.com/f@v1.0.0")]
    [DataRow("-replace=example.com/d@v1.0.0=example.com/e@v1.0.2")]
    [DataRow("-dropreplace=example.com/d@v1.0.0")]
    [DataRow("-dropreplace=example.com/d")]
    [DataRow("-retract=v1.0.0")]
    [DataRow("-retract=[v1.1.0,v1.2.0]")]
    [DataRow("-retract=v0.9.0")]
    [DataRow("-dropretract=v0.9.0")]
    [DataRow("-fmt")]
    [DataRow("-require=example.com/z@v1.0.0 -droprequire=example.com/z")]
    [DataRow("-droprequire=example.com/a -droprequire=example.com/b -dropexclude=example.com/c@v1.1.0 -dropreplace=example.com/d@v1.0.0 -dropretract=v0.9.0")]
    [DataRow("-require=example.com/y@v0.1.0 -exclude=example.com/y@v0.0.1 -replace=example.com/y=../y -retract=[v0.1.0,v0.2.0]")]
    public async Task Edit_SameFileAsGoModEdit(string flags)
    {
        GoTool.RequireGo();
        using var f = new CliFixture();
        f.WriteMod(Start);
        var args = flags.Split(' ');
        var r = await f.Ok(["edit", .. args]);
        Assert.AreEqual("", r.Out + r.Error);
        var go = f.Go(Start, ["mod", "edit", .. args]);
        Assert.AreEqual(0, go.ExitCode, go.Stderr);
        Assert.AreEqual(File.ReadAllText(Path.Combine(f.GoWork, "go.mod")), f.Mod, $"edit {flags}");
    }

    [TestMethod]
    [DataRow("-require=example.com/z@v1.0.0", "module example.com/main\n\nrequire example.com/z v1.0.0\n")]
    [DataRow("-exclude=example.com/z@v1.0.0", "module example.com/main\n\nexclude example.com/z v1.0.0\n")]
    [DataRow("-replace=example.com/z=../z", "module example.com/main\n\nreplace example.com/z => ../z\n")]
    [DataRow("-replace=example.com/z@v1.0.0=example.com/y@v1.0.1", "module example.com/main\n\nreplace example.com/z v1.0.0 => example.com/y v1.0.1\n")]
    [DataRow("-retract=v1.0.0", "module example.com/main\n\nretract v1.0.0\n")]
    [DataRow("-retract=[v1.0.0,v1.0.5]", "module example.com/main\n\nretract [v1.0.0, v1.0.5]\n")]
    [DataRow("--require=example.com/z@v1.0.0", "module example.com/main\n\nrequire example.com/z v1.0.0\n")]
    [DataRow("-module example.com/renamed", "module example.com/renamed\n")]
    public async Task Edit_OnMinimalFile_WritesCanonicalText(string flags, string expected)
    {
        using var f = new CliFixture();
        f.WriteMod("module example.com/main\n");
        await f.Ok(["edit", .. flags.Split(' ')]);
        Assert.AreEqual(expected, f.Mod);
    }

    [TestMethod]
    public async Task Edit_Fmt_Canonicalises()
    {
        using var f = new CliFixture();
        f.WriteMod("module   example.com/main\nrequire example.com/b v1.0.0\nrequire example.com/a v1.0.0 // indirect\n");
        await f.Ok("edit", "-fmt");
        Assert.AreEqual("module example.com/main\n\nrequire example.com/b v1.0.0\n\nrequire example.com/a v1.0.0 // indirect\n", f.Mod);
    }

    [TestMethod]
    public async Task Edit_Fmt_CanonicalisesShortVersionLikeGo()
    {
        // Loading refuses "v1.0" (MOD2008); edit -fmt, like go mod edit -fmt, writes it as v1.0.0.
        const string text = "module example.com/main\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.0\n)\n";
        using var f = new CliFixture();
        f.WriteMod(text);
        await f.Ok("edit", "-fmt");
        Assert.AreEqual("module example.com/main\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.0.0\n)\n", f.Mod);
        if (GoTool.IsAvailable)
        {
            f.GoOk(text, "mod", "edit", "-fmt");
            Assert.AreEqual(File.ReadAllText(Path.Combine(f.GoWork, "go.mod")), f.Mod);
        }
    }

    [TestMethod]
    public async Task Edit_Print_WritesStdoutNotFile()
    {
        using var f = new CliFixture();
        f.WriteMod(Start);
        var r = await f.Ok("edit", "-require=example.com/z@v1.0.0", "-print");
        Assert.AreEqual(Start, f.Mod);
        StringAssert.Contains(r.Out, "\texample.com/z v1.0.0\n");
        StringAssert.StartsWith(r.Out, "module example.com/main\n");
        Assert.AreEqual("", r.Error);
    }

    [TestMethod]
    public async Task Edit_Json_MatchesGo()
    {
        GoTool.RequireGo();
        using var f = new CliFixture();
        f.WriteMod(Start);
        var r = await f.Ok("edit", "-json");
        Assert.AreEqual(Start, f.Mod);
        Assert.AreEqual(f.GoOk(Start, "mod", "edit", "-json"), r.Out);
    }

    [TestMethod]
    public async Task Edit_JsonAfterEdits_MatchesGoAndLeavesFile()
    {
        GoTool.RequireGo();
        using var f = Universe.Create(Start);
        string[] args = ["-replace=example.com/a=../a", "-droprequire=example.com/b", "-exclude=example.com/c@v1.2.0", "-json"];
        var r = await f.Ok(["edit", .. args]);
        Assert.AreEqual(Start, f.Mod);
        Assert.AreEqual(f.GoOk(Start, ["mod", "edit", .. args]), r.Out);
    }

    [TestMethod]
    public async Task Edit_JsonAfterRetract_ShowsNewRetraction()
    {
        // Go 1.19's -json leaves out retractions added by -retract in the same run (its JSON is
        // built from a list AddRetract does not update); ours shows the file it would write.
        using var f = Universe.Create(Start);
        var r = await f.Ok("edit", "-retract=[v1.1.0,v1.2.0]", "-json");
        Assert.AreEqual(Start, f.Mod);
        StringAssert.Contains(r.Out, "\t\t{\n\t\t\t\"Low\": \"v1.1.0\",\n\t\t\t\"High\": \"v1.2.0\"\n\t\t}");
        StringAssert.Contains(r.Out, "\t\t{\n\t\t\t\"Low\": \"v0.9.0\",\n\t\t\t\"High\": \"v0.9.0\",\n\t\t\t\"Rationale\": \"broken\"\n\t\t}");
    }

    [TestMethod]
    [DataRow("-require=example.com/a", true)]
    [DataRow("-require=example.com/a@1.0.0", false)]
    [DataRow("-require=example.com/a@v1.0", false)]
    [DataRow("-require=example.com/a/../b@v1.0.0", true)]
    [DataRow("-require=example.com/z@v1.0.0 -require=bad", true)]
    [DataRow("-droprequire=example.com/a@v1.0.0", true)]
    [DataRow("-exclude=example.com/c", true)]
    [DataRow("-dropexclude=example.com/c", true)]
    [DataRow("-replace=example.com/a", true)]
    [DataRow("-replace=example.com/a=example.com/f", true)]
    [DataRow("-replace=example.com/a=example.com/f@latest", false)]
    [DataRow("-replace=example.com/a@v1=example.com/f@v1.0.0", false)]
    [DataRow("-dropreplace=example.com/a@bad", false)]
    [DataRow("-retract=bogus", true)]
    [DataRow("-retract=[v1.2.0,v1.0.0]", false)]
    [DataRow("-retract=[v1.0.0]", true)]
    [DataRow("-dropretract=v1", false)]
    [DataRow("-module=not/a/domain", false)]
    public async Task Edit_BadArgument_FailsAndFileByteIdentical(string flags, bool goRejectsToo)
    {
        using var f = new CliFixture();
        f.WriteMod(Start);
        var before = File.ReadAllBytes(f.ModFile);
        var args = flags.Split(' ');
        var r = await f.Fails(1, ["edit", .. args]);
        StringAssert.StartsWith(r.Error, "error MOD8002: -");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(f.ModFile));
        Assert.AreEqual("", r.Out);
        // go mod edit checks less (it writes non-canonical versions, inverted intervals and
        // non-domain module paths as given); where it does check, it must refuse too.
        if (goRejectsToo && GoTool.IsAvailable)
        {
            var go = f.Go(Start, ["mod", "edit", .. args]);
            Assert.AreNotEqual(0, go.ExitCode, $"go accepted edit {flags}");
            Assert.AreEqual(Start, File.ReadAllText(Path.Combine(f.GoWork, "go.mod")));
        }
    }

    [TestMethod]
    [DataRow("", "no flags specified")]
    [DataRow("-bogus", "flag provided but not defined: -bogus")]
    [DataRow("-require", "flag needs an argument: -require")]
    [DataRow("-fmt a.mod b.mod", "too many arguments")]
    public async Task Edit_BadUsage_Exit2(string flags, string message)
    {
        using var f = new CliFixture();
        f.WriteMod(Start);
        var r = await f.Fails(2, ["edit", .. flags.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        StringAssert.Contains(r.Error, message);
        StringAssert.Contains(r.Error, "usage: dotnet mod edit");
        Assert.AreEqual(Start, f.Mod);
    }

    [TestMethod]
    public async Task Edit_NamedFile_EditsThatFile()
    {
        using var f = new CliFixture();
        var other = Path.Combine(f.Root, "other.mod");
        File.WriteAllText(other, "module example.com/other\n");
        await f.Ok("edit", "-require=example.com/z@v1.0.0", other);
        Assert.AreEqual("module example.com/other\n\nrequire example.com/z v1.0.0\n", File.ReadAllText(other));
        Assert.IsNull(f.Mod);
    }

    [TestMethod]
    public async Task Edit_NoModuleFile_Mod5101()
    {
        using var f = new CliFixture();
        var r = await f.Fails(1, "edit", "-fmt");
        StringAssert.StartsWith(r.Error, "error MOD5101: ");
    }
}
