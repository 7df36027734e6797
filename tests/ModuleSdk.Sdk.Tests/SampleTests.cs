namespace ModuleSdk.Sdk.Tests;

/// <summary>The README's main job, run as a user runs it.</summary>
[TestClass]
public class SampleTests
{
    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void Walkthrough_RunsEndToEnd()
    {
        // The sample writes under samples/.work of the checkout; one run at a time.
        var (code, output) = SdkFeed.Run(SdkFeed.RepoRoot, null, "run", "--project", Path.Combine("build", "ModuleSdk.Sample"));
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "selected logging module: v1.2.0");
        StringAssert.Contains(output, "selected logging module: v1.3.2");
        StringAssert.Contains(output, "Every module.sum line from git equals the proxy's");
        StringAssert.Contains(output, "all modules verified");
        StringAssert.Contains(output, "The app now calls example.com/p/v2 directly, with the same behaviour");
    }
}
