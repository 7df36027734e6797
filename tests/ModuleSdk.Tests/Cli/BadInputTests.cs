using ModuleSdk.Proxy.Tests;
using ModuleSdk.Sums;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Cli;

/// <summary>The bad-input sweep: every failure exits non-zero with a clear, coded message and leaves module.mod, module.sum and the cache as they
/// were.</summary>
[TestClass]
public sealed class BadInputTests
{
    private const string RequireA = "module example.com/main\n\nrequire example.com/a v1.0.0\n";

    /// <summary>
    /// Every verb that reads module.mod fails the same way and touches nothing. <paramref name="location"/>
    /// is the go command's (which leaves out a column of 1); ours always names the column, as
    /// SPEC §2 requires (<c>file:line:col</c>). With <paramref name="checkGo"/> the location and
    /// message are checked against Go 1.19 on the same text as go.mod. (Go resolves
    /// a non-canonical version such as v1.0 as a query, and knows the go directive, so those rows
    /// are ours alone.)
    /// </summary>
    private static async Task AssertModFileError(string modText, string code, string location, string message, bool checkGo, bool editToo = true)
    {
        using var f = Universe.Create(modText);
        foreach (var verb in new[] { new[] { "list", "-m", "all" }, ["graph"], ["tidy"], ["get", "example.com/d"], ["why", "-m", "example.com/a"], ["download"],
            ["verify"], ["edit", "-fmt"] })
        {
            if (!editToo && verb[0] == "edit") continue;
            var r = await f.Fails(1, verb);
            string ours = location.Contains(':') ? location : location + ":1";
            Assert.AreEqual($"error {code}: module.mod:{ours}: {message}\n", r.Error, string.Join(' ', verb));
            Assert.AreEqual("", r.Out);
            Assert.AreEqual(modText, f.Mod);
            Assert.IsNull(f.Sum);
        }
        Assert.IsFalse(Directory.Exists(f.Cache), "nothing may be fetched for a module file that does not parse");
        if (checkGo && GoTool.IsAvailable)
        {
            var go = f.Go(modText, "list", "-m");
            Assert.AreEqual(1, go.ExitCode);
            string goFile = Path.Combine(f.GoWork, "go.mod");
            StringAssert.Contains(go.Stderr, $"{goFile}:{location}: {message.Replace("module.mod:", goFile + ":")}\n");
        }
    }

    [TestMethod]
    public Task ModFile_UnknownDirective() =>
        AssertModFileError("module example.com/main\n\nfrobnicate example.com/a\n", "MOD2002", "3", "unknown directive: frobnicate", checkGo: true);

    [TestMethod]
    public Task ModFile_GoDirective_IsUnknownInMainModule() =>
        AssertModFileError("module example.com/main\n\ngo 1.16\n", "MOD2002", "3", "unknown directive: go", checkGo: false);

    [TestMethod]
    public Task ModFile_BadVersion() =>
        AssertModFileError("module example.com/main\n\nrequire example.com/a 1.0\n", "MOD2007", "3",
            "require example.com/a: version \"1.0\" invalid: must be of the form v1.2.3", checkGo: false);

    [TestMethod]
    public Task ModFile_NonCanonicalVersionInBlock() =>
        AssertModFileError("module example.com/main\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.0\n)\n", "MOD2008", "5:2",
            "require example.com/b: version \"v1.0\" invalid: should be v1.0.0", checkGo: false, editToo: false);

    [TestMethod]
    public Task ModFile_UnterminatedBlock() =>
        AssertModFileError("module example.com/main\n\nrequire (\n\texample.com/a v1.0.0\n", "MOD2001", "5",
            "syntax error (unterminated block started at module.mod:3:1)", checkGo: true);

    [TestMethod]
    public Task ModFile_UnterminatedString() =>
        AssertModFileError("module example.com/main\n\nrequire \"example.com/a v1.0.0\n", "MOD2001", "3:30", "unexpected newline in string", checkGo: true);

    [TestMethod]
    public Task ModFile_BadQuotedString() =>
        AssertModFileError("module \"example.com/main\\q\"\n", "MOD2004", "1", "invalid quoted string: invalid syntax", checkGo: true);

    [TestMethod]
    public Task ModFile_SlashStarComment() =>
        AssertModFileError("module example.com/main\n/* x */\n", "MOD2001", "2", "mod files must use // comments (not /* */ comments)", checkGo: true);

    [TestMethod]
    public Task ModFile_ExtraArgument() =>
        AssertModFileError("module example.com/main\nrequire example.com/a v1.0.0 extra\n", "MOD2003", "2", "usage: require module/path v1.2.3", checkGo: true);

    [TestMethod]
    public Task ModFile_ReplacementWithoutVersion() =>
        AssertModFileError("module example.com/main\n\nreplace example.com/a => example.com/b\n", "MOD2011", "3",
            "replacement module without version must be directory path (rooted or starting with ./ or ../)", checkGo: true);

    [TestMethod]
    public async Task SumFile_Malformed_Mod3xxxWithLine()
    {
        using var f = Universe.Create(RequireA);
        const string sum = "example.com/a v1.0.0/module.mod h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=\nexample.com/b v1.0.0\n";
        f.WriteSum(sum);
        var r = await f.Fails(1, "list", "-m", "all");
        StringAssert.StartsWith(r.Error, "error MOD3001: ");
        StringAssert.Contains(r.Error, "module.sum:2");
        StringAssert.Contains(r.Error, "wrong number of fields");
        Assert.AreEqual(sum, f.Sum);
        Assert.AreEqual(RequireA, f.Mod);
    }

    [TestMethod]
    [DataRow("example.com/a v1.0.0 h2:abc\n", "MOD3002")]
    [DataRow("example.com/a 1.0.0 h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=\n", "MOD3003")]
    public async Task SumFile_BadFields_Mod3xxx(string sum, string code)
    {
        using var f = Universe.Create(RequireA);
        f.WriteSum(sum);
        var r = await f.Fails(1, "list", "-m", "all");
        StringAssert.StartsWith(r.Error, $"error {code}: ");
        StringAssert.Contains(r.Error, "module.sum:1");
        Assert.AreEqual(sum, f.Sum);
    }

    private const string WrongHash = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    [TestMethod]
    public async Task SumFile_WrongModHash_SecurityErrorNothingCached()
    {
        using var f = Universe.Create(RequireA);
        string sum = $"example.com/a v1.0.0/module.mod {WrongHash}\n";
        f.WriteSum(sum);
        var r = await f.Fails(1, "list", "-m", "all");
        string real = Hash1.HashModFile(File.ReadAllBytes(f.Proxy.FileOf("example.com/a", "v1.0.0", "mod")));
        StringAssert.StartsWith(r.Error, "error MOD7003: ");
        StringAssert.Contains(r.Error, "example.com/a@v1.0.0: verifying module.mod: checksum mismatch");
        StringAssert.Contains(r.Error, real);
        StringAssert.Contains(r.Error, WrongHash);
        StringAssert.Contains(r.Error, "SECURITY ERROR");
        Assert.AreEqual(sum, f.Sum);
        Assert.IsFalse(f.CacheHasAnything("example.com/a", "v1.0.0"));
    }

    [TestMethod]
    public async Task SumFile_WrongZipHash_SecurityErrorNothingCached()
    {
        using var f = Universe.Create(RequireA);
        await f.Ok("list", "-m", "all");
        string sum = f.Sum + $"example.com/a v1.0.0 {WrongHash}\n";
        f.WriteSum(sum);
        var r = await f.Fails(1, "download", "example.com/a@v1.0.0");
        string real;
        using (var zip = File.OpenRead(f.Proxy.FileOf("example.com/a", "v1.0.0", "zip"))) real = Hash1.HashZip(zip);
        StringAssert.Contains(r.Error, "verifying example.com/a@v1.0.0: checksum mismatch");
        StringAssert.Contains(r.Error, real);
        StringAssert.Contains(r.Error, WrongHash);
        StringAssert.Contains(r.Error, "SECURITY ERROR");
        Assert.AreEqual(sum, f.Sum);
        Assert.IsFalse(File.Exists(f.CacheFile("example.com/a", "v1.0.0", "zip")));
        Assert.IsFalse(File.Exists(f.CacheFile("example.com/a", "v1.0.0", "ziphash")));
        Assert.IsFalse(Directory.Exists(f.CacheDir("example.com/a", "v1.0.0")));
        Assert.AreEqual(0, Directory.GetFiles(f.CacheDownload("example.com/a"), "*.tmp").Length);
    }

    [TestMethod]
    public async Task LockedMode_MissingSumLine_ErrorNothingAdded()
    {
        using var f = Universe.Create(RequireA);
        var r = await f.RunWith("MODLOCKED", "1", "list", "-m", "all");
        Assert.AreEqual(1, r.ExitCode, r.ToString());
        StringAssert.StartsWith(r.Error, "error MOD7004: ");
        StringAssert.Contains(r.Error, "example.com/a@v1.0.0");
        Assert.IsNull(f.Sum);
        Assert.AreEqual(RequireA, f.Mod);
        Assert.IsFalse(File.Exists(f.CacheFile("example.com/a", "v1.0.0", "mod")));
    }

    [TestMethod]
    public async Task LockedMode_MissingZipLine_DownloadFailsNothingAdded()
    {
        using var f = Universe.Create(RequireA);
        await f.Ok("list", "-m", "all");
        string sum = f.Sum!;
        var r = await f.RunWith("MODLOCKED", "true", "download");
        Assert.AreEqual(1, r.ExitCode, r.ToString());
        StringAssert.Contains(r.Error, "missing module.sum entry");
        Assert.AreEqual(sum, f.Sum);
        Assert.IsFalse(Directory.Exists(f.CacheDir("example.com/a", "v1.0.0")));
    }

    [TestMethod]
    public async Task DeadProxy_MissingDirectory_NotFound()
    {
        using var f = Universe.Create(RequireA);
        var r = await f.RunWith("MODPROXY", new Uri(Path.Combine(f.Root, "no-such-proxy") + "/").AbsoluteUri, "list", "-m", "all");
        Assert.AreEqual(1, r.ExitCode, r.ToString());
        StringAssert.StartsWith(r.Error, "error MOD");
        StringAssert.Contains(r.Error, "example.com/a");
        Assert.IsNull(f.Sum);
        Assert.AreEqual(RequireA, f.Mod);
    }

    [TestMethod]
    public async Task DeadProxy_ClosedPort_FailsFast()
    {
        using var f = Universe.Create(RequireA);
        int port = ServerProcess.FreePort();
        var started = DateTime.UtcNow;
        var r = await f.RunWith("MODPROXY", $"http://127.0.0.1:{port}", "list", "-m", "all");
        Assert.AreEqual(1, r.ExitCode, r.ToString());
        StringAssert.StartsWith(r.Error, "error MOD6002: ");
        StringAssert.Contains(r.Error, $"127.0.0.1:{port}");
        Assert.IsTrue(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "a refused connection must not be retried for long");
        Assert.IsNull(f.Sum);
    }

    [TestMethod]
    public async Task ProxyOff_ModuleLookupDisabled()
    {
        using var f = Universe.Create(RequireA);
        var r = await f.RunWith("MODPROXY", "off", "list", "-m", "all");
        Assert.AreEqual(1, r.ExitCode, r.ToString());
        StringAssert.StartsWith(r.Error, "error MOD6007: ");
        StringAssert.Contains(r.Error, "module lookup disabled");
        Assert.IsNull(f.Sum);
    }

    [TestMethod]
    public async Task ProxyOff_MainModuleOnly_StillWorks()
    {
        using var f = Universe.Create("module example.com/main\n");
        var r = await f.RunWith("MODPROXY", "off", "list", "-m", "all");
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        Assert.AreEqual("example.com/main\n", r.Out);
    }

    [TestMethod]
    public async Task Proxy_InfoNamesAnotherVersion_Error()
    {
        using var f = Universe.Create(RequireA);
        File.WriteAllText(f.Proxy.FileOf("example.com/a", "v1.1.0", "info"), "{\"Version\":\"v1.2.0\",\"Time\":\"2024-01-02T03:04:05Z\"}");
        var r = await f.Fails(1, "download", "example.com/a@v1.1.0");
        StringAssert.Contains(r.Error, "v1.2.0");
        StringAssert.Contains(r.Error, "instead of requested version");
        Assert.IsFalse(f.CacheHasAnything("example.com/a", "v1.1.0"));
        Assert.IsFalse(File.Exists(f.CacheFile("example.com/a", "v1.1.0", "info")));
    }

    [TestMethod]
    [DataRow("truncated")]
    [DataRow("html")]
    public async Task Proxy_BadZip_ErrorNothingCached(string kind)
    {
        using var f = Universe.Create(RequireA);
        string zip = f.Proxy.FileOf("example.com/a", "v1.0.0", "zip");
        if (kind == "truncated") File.WriteAllBytes(zip, File.ReadAllBytes(zip)[..^40]);
        else File.WriteAllText(zip, "<!DOCTYPE html><html><body>Sign in to continue</body></html>\n");
        var r = await f.Fails(1, "download", "example.com/a@v1.0.0");
        StringAssert.Contains(r.Error, "example.com/a");
        Assert.IsFalse(File.Exists(f.CacheFile("example.com/a", "v1.0.0", "zip")));
        Assert.IsFalse(File.Exists(f.CacheFile("example.com/a", "v1.0.0", "ziphash")));
        Assert.IsFalse(Directory.Exists(f.CacheDir("example.com/a", "v1.0.0")));
        Assert.IsFalse((f.Sum ?? "").Contains("example.com/a v1.0.0 h1:"), f.Sum);
    }

    [TestMethod]
    [DataRow("frobnicate", "dotnet mod frobnicate: unknown command\nRun 'dotnet mod help' for usage.\n")]
    [DataRow("", "")]
    public async Task UnknownCommandOrNone_Exit2(string command, string expected)
    {
        using var f = Universe.Create();
        var r = await f.Fails(2, command.Length == 0 ? [] : [command]);
        if (expected.Length > 0) Assert.AreEqual(expected, r.Error);
        else StringAssert.Contains(r.Error, "Usage:");
        Assert.AreEqual("", r.Out);
    }

    [TestMethod]
    [DataRow("list -m -bogus", "dotnet mod list: flag provided but not defined: -bogus\nusage: dotnet mod list")]
    [DataRow("verify --json", "dotnet mod verify: flag provided but not defined: -json\nusage: dotnet mod verify")]
    [DataRow("list -json=maybe", "dotnet mod list: invalid boolean value \"maybe\" for -json")]
    [DataRow("verify extra", "dotnet mod verify: verify takes no arguments\nusage: dotnet mod verify")]
    [DataRow("list all", "dotnet mod list: list lists modules: use list -m")]
    [DataRow("why example.com/a", "dotnet mod why: why explains modules: use why -m")]
    public async Task UnknownFlagOrArgument_Exit2WithUsage(string args, string expected)
    {
        using var f = Universe.Create();
        var r = await f.Fails(2, args.Split(' '));
        StringAssert.StartsWith(r.Error, expected);
        Assert.AreEqual("", r.Out);
    }

    [TestMethod]
    public async Task Help_Exit0()
    {
        using var f = Universe.Create();
        var r = await f.Ok("help");
        StringAssert.Contains(r.Out, "\tinit ");
        StringAssert.Contains(r.Out, "\tverify ");
        var h = await f.Ok("list", "-h");
        StringAssert.StartsWith(h.Out, "dotnet mod list -m");
    }

    [TestMethod]
    public async Task NoModuleFile_Mod5101()
    {
        using var f = new CliFixture();
        foreach (var verb in new[] { new[] { "list", "-m" }, ["graph"], ["why", "-m", "example.com/a"], ["tidy"], ["get", "example.com/a"], ["download"],
            ["verify"] })
        {
            var r = await f.Fails(1, verb);
            StringAssert.StartsWith(r.Error, "error MOD5101: module.mod file not found", string.Join(' ', verb));
        }
        Assert.IsNull(f.Mod);
    }

    [TestMethod]
    public async Task RequiredModuleDeclaresOtherPath_GoStyleChain()
    {
        using var f = Universe.Create("module example.com/main\n\nrequire example.com/w v1.0.0\n");
        f.Proxy.Add("example.com/w", "v1.0.0", ["example.com/x v1.0.0"]);
        f.Proxy.Add("example.com/x", "v1.0.0", modulePath: "example.com/y");
        const string expected =
            "example.com/w@v1.0.0 requires\n" +
            "\texample.com/x@v1.0.0: parsing module.mod:\n" +
            "\tmodule declares its path as: example.com/y\n" +
            "\t        but was required as: example.com/x\n";
        var r = await f.Fails(1, "list", "-m", "all");
        StringAssert.StartsWith(r.Error, "error MOD5102: ");
        StringAssert.EndsWith(r.Error, expected);
        Assert.AreEqual("module example.com/main\n\nrequire example.com/w v1.0.0\n", f.Mod);
        if (GoTool.IsAvailable)
        {
            var go = f.Go(Universe.GoTwin("module example.com/main\n\nrequire example.com/w v1.0.0\n"), "list", "-m", "all");
            Assert.AreEqual(1, go.ExitCode);
            Assert.AreEqual("go: " + expected.Replace("module.mod", "go.mod"), go.Stderr);
        }
    }
}
