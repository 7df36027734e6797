using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;

namespace ModuleSdk.Tests.Fetching;

[TestClass]
public class RevInfoJsonTests
{
    [TestMethod]
    public void Format_WritesGoJson_AndParseReadsItBack()
    {
        var info = new RevInfo("v1.2.0+incompatible", new DateTimeOffset(2019, 1, 2, 3, 4, 5, TimeSpan.Zero),
            new RevOrigin { VCS = "git", URL = "https://example.com/r.git", Hash = "abc", Ref = "refs/tags/v1.2.0" });
        byte[] json = RevInfoJson.Format(info);
        Assert.AreEqual(
            "{\"Version\":\"v1.2.0+incompatible\",\"Time\":\"2019-01-02T03:04:05Z\",\"Origin\":{\"VCS\":\"git\",\"URL\":\"https://example.com/r.git\"," +
            "\"Hash\":\"abc\",\"Ref\":\"refs/tags/v1.2.0\"}}",
            Encoding.UTF8.GetString(json));
        var back = RevInfoJson.Parse(json, "example.com/m@v1.2.0+incompatible", "test");
        Assert.AreEqual(info.Version, back.Version);
        Assert.AreEqual(info.Time, back.Time);
        Assert.AreEqual(info.Origin, back.Origin);
    }

    [TestMethod]
    public void Parse_RejectsNonCanonicalVersion()
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => RevInfoJson.Parse("{\"Version\":\"v1.2\"}"u8.ToArray(), "example.com/m@v1.2", "upstream"));
        Assert.AreEqual(DiagnosticCodes.InvalidProxyResponse, e.Code);
        StringAssert.Contains(e.Message, "upstream");
    }
}
