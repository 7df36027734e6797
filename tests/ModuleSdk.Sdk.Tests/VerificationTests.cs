namespace ModuleSdk.Sdk.Tests;

/// <summary>Checksums in the build: a module.sum mismatch fails restore at its line; VerifyModules re-hashes the cache.</summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class VerificationTests
{
    [TestMethod]
    [DataRow("example.com/alpha v1.0.0", "verifying example.com/alpha@v1.0.0: checksum mismatch")]
    [DataRow("example.com/alpha v1.0.0/module.mod", "example.com/alpha@v1.0.0: verifying module.mod: checksum mismatch")]
    public void Restore_SumMismatch_FailsAtModuleSumLine(string key, string message)
    {
        using var s = new Scenario("mismatch");
        const string bad = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        string sum = $"example.com/aaa v9.9.9 h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n{key} {bad}\n";
        File.WriteAllText(s.SumFile, sum);
        string output = s.Fail("restore");
        StringAssert.Contains(output, $"{s.SumFile}(2,1): error MOD7003: ");
        StringAssert.Contains(output, message);
        StringAssert.Contains(output, bad);
        StringAssert.Contains(output, "SECURITY ERROR");
        // The bad bytes never entered the cache, and module.sum is as it was.
        Assert.IsFalse(Directory.Exists(Path.Combine(s.Cache, "example.com", "alpha@v1.0.0")));
        Assert.AreEqual(sum, File.ReadAllText(s.SumFile));
    }

    [TestMethod]
    public void VerifyModules_TamperedCache_ReportsAndFails()
    {
        using var s = new Scenario("verify");
        s.Succeed("restore");
        StringAssert.Contains(s.Succeed("msbuild", "-t:VerifyModules"), "all modules verified");

        string dir = s.TamperCachedFile("example.com/beta", "v1.2.0", "Beta.cs");

        string output = s.Fail("msbuild", "-t:VerifyModules");
        StringAssert.Contains(output, $"example.com/beta v1.2.0: dir has been modified ({dir})");
        Assert.IsFalse(output.Contains("all modules verified"), output);
    }

    [TestMethod]
    public void Restore_LockedModeMissingSum_Fails()
    {
        using var s = new Scenario("locked");
        string output = s.Fail("restore", "-p:ModuleLockedMode=true");
        StringAssert.Contains(output,
            $"{s.SumFile} : error MOD7004: example.com/alpha@v1.0.0: verifying module.mod: missing module.sum entry, and locked mode forbids adding it");
        Assert.IsFalse(File.Exists(s.SumFile));
    }
}
