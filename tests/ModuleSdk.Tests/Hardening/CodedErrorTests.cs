using ModuleSdk.Tests.Cli;

namespace ModuleSdk.Tests.Hardening;

/// <summary>Per-module errors carry their MODxxxx code like every other command's errors.</summary>
[TestClass]
public sealed class CodedErrorTests
{
    [TestMethod]
    public void OneLineMessage_JoinsLinesWithSemicolons_AndASpaceAfterAColon()
    {
        var e = new ModuleSdk.Diagnostics.ModuleException(ModuleSdk.Diagnostics.DiagnosticCodes.ChecksumMismatch,
            "verifying a@v1.0.0: checksum mismatch\n\n\tdownloaded: h1:x\nSECURITY ERROR\nto add it:\n\tdotnet mod get a");
        Assert.AreEqual("verifying a@v1.0.0: checksum mismatch; downloaded: h1:x; SECURITY ERROR; to add it: dotnet mod get a", e.OneLineMessage);
    }

    [TestMethod]
    public async Task Download_PerModuleErrors_CarryCodes_TextAndJson()
    {
        using var f = Universe.Create();
        var text = await f.Fails(1, "download", "example.com/b@v9.0.0", "example.com/d");
        var lines = text.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(2, lines.Length, text.ToString());
        StringAssert.Matches(lines[0], new System.Text.RegularExpressions.Regex(@"^error MOD6\d{3}: example\.com/b@v9\.0\.0: "), text.ToString());
        Assert.AreEqual("error MOD5106: module example.com/d: not a known dependency", lines[1]);

        var json = await f.Fails(1, "download", "-json", "example.com/b@v9.0.0", "example.com/d");
        var objects = CliFixture.JsonObjects(json.Out);
        StringAssert.Matches(objects[0].GetProperty("Error").GetString(), new System.Text.RegularExpressions.Regex(@"^MOD6\d{3}: example\.com/b@v9\.0\.0: "));
        Assert.AreEqual("MOD5106: module example.com/d: not a known dependency", objects[1].GetProperty("Error").GetString());
    }

    /// <summary>A writer that fails like a closed pipe (<c>dotnet mod list | head -0</c>).</summary>
    private sealed class BrokenPipe : StringWriter
    {
        public override void Write(char value) => throw new IOException("Broken pipe");
        public override void Write(string? value) => throw new IOException("Broken pipe");
        public override void WriteLine(string? value) => throw new IOException("Broken pipe");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task Cli_UnexpectedException_OneCodedLine_TraceOnlyWithX(bool x)
    {
        using var f = Universe.Create();
        var err = new StringWriter { NewLine = "\n" };
        string[] args = x ? ["list", "-x", "-m", "all"] : ["list", "-m", "all"];
        int code = await ModuleSdk.Cli.CliApp.RunAsync(new ModuleSdk.Cli.CliContext(f.Work, f.Env, new BrokenPipe(), err), args);
        Assert.AreEqual(1, code);
        var lines = err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual("error MOD8004: internal error in dotnet mod list: IOException: Broken pipe (run with -x for details, and please report it)", lines[0]);
        if (x) StringAssert.Contains(err.ToString(), "   at ");
        else Assert.AreEqual(1, lines.Length, err.ToString());
    }

    /// <summary>
    /// A checksum error carries its structure (module, both hashes, module.sum file and line), so
    /// callers never parse the message back; a source's failure names its module too.
    /// </summary>
    [TestMethod]
    public async Task ChecksumError_CarriesModuleHashesSumFileAndLine()
    {
        using var env = new ModuleSdk.Tests.Cache.CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0", ("a.cs", "a"));
        using var dir = new ModuleSdk.Tests.TestSupport.TempDir("structured");
        string sumFile = dir.Combine("module.sum");
        const string wrong = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        File.WriteAllText(sumFile, "example.com/aaa v1.0.0 h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n" + $"example.com/lib v1.0.0/module.mod {wrong}\n");
        var fetcher = new ModuleSdk.Cache.ModuleFetcher(env.Cache, env.Source, new ModuleSdk.Resolution.SumChecker(sumFile, lockedMode: false));
        var e = await Assert.ThrowsExactlyAsync<ModuleSdk.Diagnostics.ModuleException>(() => fetcher.GetModAsync(m));
        Assert.AreEqual(ModuleSdk.Diagnostics.DiagnosticCodes.ChecksumMismatch, e.Code);
        Assert.AreEqual(m, e.RelatedModule);
        var c = e.Checksum!;
        Assert.AreEqual(wrong, c.RecordedHash);
        Assert.AreEqual(ModuleSdk.Sums.Hash1.HashModFile(System.Text.Encoding.UTF8.GetBytes("module example.com/lib\n")), c.Hash);
        Assert.AreEqual(sumFile, c.SumFile);
        Assert.AreEqual(2, c.SumLine);
        Assert.IsFalse(e.OneLineMessage.Contains('\n'));

        var missing = new ModuleSdk.Modules.ModuleId("example.com/none", "v1.0.0");
        var notFound = await Assert.ThrowsExactlyAsync<ModuleSdk.Fetching.ModuleNotFoundException>(() => env.Fetcher.GetModAsync(missing));
        Assert.AreEqual(missing, notFound.RelatedModule);
    }

    [TestMethod]
    public async Task ListVersions_PerModuleErrors_CarryCodes_TextAndJson()
    {
        using var f = Universe.Create();
        var text = await f.Fails(1, "list", "-m", "-versions", "example.com/nosuch", "example.com/b");
        var lines = text.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Length, text.ToString());
        StringAssert.Matches(lines[0], new System.Text.RegularExpressions.Regex(@"^error MOD\d{4}: .*example\.com/nosuch"), text.ToString());
        StringAssert.StartsWith(text.Out, "example.com/b v1.0.0 v1.1.0 v1.2.0", text.ToString());

        var json = await f.Fails(1, "list", "-m", "-json", "-versions", "example.com/nosuch");
        var err = CliFixture.JsonObjects(json.Out).Single().GetProperty("Error").GetProperty("Err").GetString();
        StringAssert.Matches(err, new System.Text.RegularExpressions.Regex(@"^MOD\d{4}: .*example\.com/nosuch"), json.ToString());
    }
}
