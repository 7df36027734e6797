using ModuleSdk.SumDb;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests.SumDb;

/// <summary><c>modproxy keygen</c> and the database's configuration errors as users meet them: the real process.</summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class KeygenProcessTests
{
    private static (int Code, string Out, string Err) Modproxy(params string[] args)
    {
        var r = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "modproxy.dll"), .. args], timeout: TimeSpan.FromSeconds(60));
        return (r.ExitCode, r.Stdout, r.Stderr);
    }

    [TestMethod]
    public void Keygen_ThenABadConfiguration_ExitWithTheirCodes()
    {
        using var dir = new TempDir("keygen-process");
        string key = dir.Combine("sum.key");
        var (code, stdout, stderr) = Modproxy("keygen", "sum.process.test", key);
        Assert.AreEqual(0, code, stderr);
        string vkey = stdout.Trim();
        Assert.AreEqual(vkey, NoteVerifier.Parse(vkey).Key);
        StringAssert.StartsWith(vkey, "sum.process.test+");
        StringAssert.Contains(stderr, "--SumDb:SignerKey=" + key);
        Assert.IsFalse((stdout + stderr).Contains("PRIVATE+KEY", StringComparison.Ordinal), "the signer key is never printed");

        var again = Modproxy("keygen", "sum.process.test", key);
        Assert.AreEqual(2, again.Code);
        StringAssert.Contains(again.Err, "error MOD6610");

        var wrongName = Modproxy("--urls", "http://127.0.0.1:0", "--Storage:Kind=memory", "--SumDb:Name=other.test", "--SumDb:SignerKey=" + key);
        Assert.AreEqual(2, wrongName.Code, wrongName.Out + wrongName.Err);
        StringAssert.Contains(wrongName.Err, "error MOD6610");
        Assert.IsFalse((wrongName.Out + wrongName.Err).Contains("PRIVATE+KEY", StringComparison.Ordinal));
    }
}
