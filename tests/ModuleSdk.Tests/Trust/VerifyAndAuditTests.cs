using ModuleSdk.BuildInfo;
using ModuleSdk.Tests.Cli;
using ModuleSdk.Tests.Sboms;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Trust;

/// <summary><c>version -m --verify</c> on stamped assemblies and <c>sumdb audit</c> on whole logs, against real logs on disk.</summary>
[TestClass]
public sealed class VerifyAndAuditTests
{
    private const string LibSum = SbomTests.LibSum;
    private const string NewSum = SbomTests.NewSum;
    private const string Other = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private static Dictionary<string, string?> Env(TempDir temp, FileLog log, string? noSumDb = null) => new(StringComparer.Ordinal)
    {
        ["MODSUMDB"] = log.ModSumDb,
        ["MODNOSUMDB"] = noSumDb,
        ["MODCACHE"] = temp.Combine("cache"),
        ["MODPROXY"] = "off",
        ["HOME"] = temp.Path,
    };

    [TestMethod]
    public async Task Verify_SaysPerModuleWhetherTheLogVouches()
    {
        using var temp = new TempDir("verify");
        var log = new FileLog(temp.Combine("log"));
        log.Add("example.com/lib", "v1.2.0", LibSum, Other).Add("example.com/new", "v1.1.0", NewSum, Other)
            .Add("example.com/Upper", "v2.0.0+incompatible", LibSum, Other).Publish();
        StampedAssembly.Write(temp.Combine("out", "App.dll"), SbomTests.App);

        var ok = await CliFixture.RunIn(temp.Path, Env(temp, log), ["version", "-m", "--verify", "out"]);
        Assert.AreEqual(0, ok.ExitCode, ok.ToString());
        StringAssert.Contains(ok.Out, $"{Path.Combine("out", "App.dll")}: 3 module(s) vouched for by {log.Name} (tree 3), 0 not");
        StringAssert.Contains(ok.Out, $"\tok\texample.com/lib\tv1.2.0\t{LibSum}\n");
        StringAssert.Contains(ok.Out, $"\tok\texample.com/new\tv1.1.0\t{NewSum}\n");
        StringAssert.Contains(ok.Out, "\tno hash\t../local\t(devel)\n");

        // A binary built with other bytes for lib: the log does not vouch; an unknown module neither.
        var tampered = SbomTests.App with { Deps = [SbomTests.App.Deps[0] with { Sum = Other }, new BuildModule("example.com/unknown", "v1.0.0", LibSum),
            .. SbomTests.App.Deps.Skip(1)] };
        StampedAssembly.Write(temp.Combine("bad", "App.dll"), tampered);
        var bad = await CliFixture.RunIn(temp.Path, Env(temp, log), ["version", "-m", "--verify", Path.Combine("bad", "App.dll")]);
        Assert.AreEqual(1, bad.ExitCode, bad.ToString());
        StringAssert.Contains(bad.Out, $"\tMISMATCH\texample.com/lib\tv1.2.0\t{Other}\t{log.Name}: {LibSum}");
        StringAssert.Contains(bad.Out, "\tunverified\texample.com/unknown\tv1.0.0");
        StringAssert.Contains(bad.Error, "MOD6708");

        // MODNOSUMDB: not looked up, not a failure.
        var skipped = await CliFixture.RunIn(temp.Path, Env(temp, log, "example.com/unknown"), ["version", "-m", "--verify", Path.Combine("bad", "App.dll")]);
        StringAssert.Contains(skipped.Out, "\tskipped\texample.com/unknown\tv1.0.0");
        Assert.IsFalse(skipped.Error.Contains("example.com/unknown"), skipped.Error);

        var off = await CliFixture.RunIn(temp.Path, new Dictionary<string, string?> { ["HOME"] = temp.Path }, ["version", "-m", "--verify", "out"]);
        Assert.AreNotEqual(0, off.ExitCode);
        StringAssert.Contains(off.Error, "MOD6710");
    }

    [TestMethod]
    public async Task Audit_ChecksEveryTile_AndReportsAVersionWithTwoHashes()
    {
        using var temp = new TempDir("audit");
        var log = new FileLog(temp.Combine("log"));
        for (int i = 0; i < 300; i++) log.Add($"example.com/m{i}", "v1.0.0", LibSum, NewSum);
        log.Publish();
        var env = Env(temp, log);
        var ok = await CliFixture.RunIn(temp.Path, env, ["sumdb", "audit", log.Url.AbsoluteUri]);
        Assert.AreEqual(0, ok.ExitCode, ok.ToString());
        StringAssert.Contains(ok.Out, "tree 300");
        StringAssert.Contains(ok.Out, "300 record(s)");
        StringAssert.Contains(ok.Out, "the log is sound");

        // The log grows with a second, different hash for m7: an honest append-only log, dishonest content.
        log.Add("example.com/m7", "v1.0.0", Other, NewSum).Publish();
        var dup = await CliFixture.RunIn(temp.Path, env, ["sumdb", "audit", "-key", log.VerifierKey, log.Url.AbsoluteUri]);
        Assert.AreEqual(1, dup.ExitCode, dup.ToString());
        StringAssert.Contains(dup.Error, $"MOD6709: example.com/m7 v1.0.0: two hashes in the log: record 7: {LibSum} {NewSum}, record 300: {Other} {NewSum}");

        // A hash tile altered on the server: it no longer matches the tree the records give.
        string tile = Path.Combine(log.Directory, "tile", "8", "1", "000.p", "1");
        byte[] bytes = File.ReadAllBytes(tile);
        bytes[5] ^= 1;
        File.WriteAllBytes(tile, bytes);
        var broken = await CliFixture.RunIn(temp.Path, env, ["sumdb", "audit", log.Url.AbsoluteUri]);
        Assert.AreEqual(1, broken.ExitCode, broken.ToString());
        StringAssert.Contains(broken.Error, "MOD6711: tile/8/1/000.p/1: does not match");
    }
}
