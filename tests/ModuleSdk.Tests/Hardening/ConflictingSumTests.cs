using ModuleSdk.Tests.Cli;

namespace ModuleSdk.Tests.Hardening;

/// <summary>
/// Two different <c>h1:</c> lines for one module version in module.sum: one of them is wrong, so
/// every verb that checks the hash fails with the checksum SECURITY ERROR, whichever line comes
/// first (Go 1.19 only notices when the wrong line is first).
/// </summary>
[TestClass]
public sealed class ConflictingSumTests
{
    private const string RequireA = "module example.com/main\n\nrequire example.com/a v1.0.0\n";
    private const string WrongHash = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public async Task ConflictingModLines_SecurityError(bool wrongFirst)
    {
        using var f = Universe.Create(RequireA);
        await f.Ok("list", "-m", "all");
        var lines = f.Sum!.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        int i = lines.FindIndex(l => l.StartsWith("example.com/a v1.0.0/module.mod ", StringComparison.Ordinal));
        string wrong = "example.com/a v1.0.0/module.mod " + WrongHash;
        lines.Insert(wrongFirst ? i : i + 1, wrong);
        string sum = string.Join('\n', lines) + "\n";
        f.WriteSum(sum);
        foreach (var verb in new[] { new[] { "list", "-m", "all" }, ["get", "example.com/a@v1.0.0"], ["vendor"], ["download"] })
        {
            var r = await f.Fails(1, verb);
            StringAssert.StartsWith(r.Error, "error MOD7003: ", string.Join(' ', verb) + "\n" + r);
            StringAssert.Contains(r.Error, "SECURITY ERROR");
            StringAssert.Contains(r.Error, WrongHash);
            Assert.AreEqual(sum, f.Sum, string.Join(' ', verb));
        }
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public async Task ConflictingZipLines_SecurityErrorAndVerifyFails(bool wrongFirst)
    {
        using var f = Universe.Create(RequireA);
        await f.Ok("download");
        var lines = f.Sum!.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        int i = lines.FindIndex(l => l.StartsWith("example.com/a v1.0.0 ", StringComparison.Ordinal));
        lines.Insert(wrongFirst ? i : i + 1, "example.com/a v1.0.0 " + WrongHash);
        string sum = string.Join('\n', lines) + "\n";
        f.WriteSum(sum);
        var verify = await f.Fails(1, "verify");
        StringAssert.Contains(verify.Out + verify.Error, WrongHash);
        await f.Ok("clean", "-modcache");
        foreach (var verb in new[] { new[] { "download" }, ["vendor"] })
        {
            var r = await f.Fails(1, verb);
            StringAssert.StartsWith(r.Error, "error MOD7003: ", string.Join(' ', verb) + "\n" + r);
            StringAssert.Contains(r.Error, "SECURITY ERROR");
            Assert.AreEqual(sum, f.Sum);
        }
    }
}
