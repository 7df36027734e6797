using ModuleSdk.Configuration;
using ModuleSdk.Modules;

namespace ModuleSdk.Tests.Configuration;

[TestClass]
public class ModuleSettingsTests
{
    // Go reads GOPRIVATE as it is and module.MatchPrefixPatterns trims no spaces, so a value with
    // spaces around a pattern matches nothing there; MODPRIVATE keeps the value as Go would.
    [TestMethod]
    public void Private_KeptAsGiven_NoSpacesTrimmed()
    {
        var s = ModuleSettings.FromEnvironment(new Dictionary<string, string?> { ["MODPRIVATE"] = " corp.example.com" });
        Assert.AreEqual(" corp.example.com", s.Private);
        Assert.IsFalse(PathPatterns.MatchPrefixPatterns(s.Private, "corp.example.com/team/lib"));
    }

    [TestMethod]
    public void Private_TrailingSlash_MatchesBelow()
    {
        var s = ModuleSettings.FromEnvironment(new Dictionary<string, string?> { ["MODPRIVATE"] = "corp.example.com/" });
        Assert.IsTrue(PathPatterns.MatchPrefixPatterns(s.Private, "corp.example.com/team/lib"));
    }

    [TestMethod]
    public void Private_Unset_Empty()
    {
        Assert.AreEqual("", ModuleSettings.FromEnvironment(new Dictionary<string, string?>()).Private);
    }
}
