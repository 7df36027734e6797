using ModuleSdk.Tests.Cli;

namespace ModuleSdk.Tests.Hardening;

/// <summary>Per-module errors carry their MODxxxx code like every other command's errors.</summary>
[TestClass]
public sealed class CodedErrorTests
{
    [TestMethod]
    public async Task Download_PerModuleErrors_CarryCodes_TextAndJson()
    {
        using var f = Universe.Create();
        var text = await f.Fails(1, "download", "example.com/b@v9.0.0", "example.com/d");
        var lines = text.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(2, lines.Length, text.ToString());
        StringAssert.Matches(lines[0], new System.Text.RegularExpressions.Regex(@"^error MOD6\d{3}: example\.com/b@v9\.0\.0: "), text.ToString());
        Assert.AreEqual("error MOD8003: module example.com/d: not a known dependency", lines[1]);

        var json = await f.Fails(1, "download", "-json", "example.com/b@v9.0.0", "example.com/d");
        var objects = CliFixture.JsonObjects(json.Out);
        StringAssert.Matches(objects[0].GetProperty("Error").GetString(), new System.Text.RegularExpressions.Regex(@"^MOD6\d{3}: example\.com/b@v9\.0\.0: "));
        Assert.AreEqual("MOD8003: module example.com/d: not a known dependency", objects[1].GetProperty("Error").GetString());
    }
}
