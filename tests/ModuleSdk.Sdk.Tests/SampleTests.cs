namespace ModuleSdk.Sdk.Tests;

/// <summary>The README's main job, run as a user runs it.</summary>
[TestClass]
[TestCategory("EndToEnd")]
public class SampleTests
{
    [TestMethod]
    public void ScenarioProxy_ListsTheFirstVersionToo()
    {
        // The tests' own file:// proxy is written as the sample's is; a BOM in @v/list hid v1.0.6.
        using var s = new Scenario("list-versions");
        Assert.AreEqual((byte)'v', File.ReadAllBytes(Path.Combine(s.Proxy, "example.com", "logging", "@v", "list"))[0]);
        var (code, stdout, error) = s.Mod("list", "-m", "-versions", "example.com/logging");
        Assert.AreEqual(0, code, error);
        Assert.AreEqual("example.com/logging v1.0.6 v1.2.0 v1.3.2 v1.4.2\n", stdout);
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void Walkthrough_RunsEndToEnd()
    {
        // The sample writes under samples/.work of the checkout; one run at a time.
        var (code, output) = SdkFeed.Run(SdkFeed.RepoRoot, null, "run", "--project", Path.Combine("build", "ModuleSdk.Sample"));
        Assert.AreEqual(0, code, output);
        // The proxy's @v/list starts without a byte order mark, so its first version, v1.0.6, is listed (issue 8).
        StringAssert.Contains(output,
            "$ dotnet mod list -m -versions example.com/logging\n#   -m: list modules, not packages (as go list -m)\n" +
            "#   -versions: every version the proxy lists for the module\nexample.com/logging v1.0.6 v1.2.0 v1.3.2 v1.4.2\n");
        StringAssert.Contains(output, "selected logging module: v1.2.0");
        StringAssert.Contains(output, "selected logging module: v1.3.2");
        StringAssert.Contains(output, "Every module.sum line from git equals the proxy's");
        StringAssert.Contains(output, "all modules verified");
        // The SDK step also builds from the git tags alone (direct mode inside MSBuild).
        StringAssert.Contains(output, "The build from git tags selected logging v1.2.0 and wrote the same module.sum as the proxy build.");
        StringAssert.Contains(output, "The app now calls example.com/p/v2 directly, with the same behaviour");
    }
}
