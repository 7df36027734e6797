using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Tests.Modules;

[TestClass]
public class PathEscapingTests
{
    [TestMethod]
    [DataRow("ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789", "ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789")]
    [DataRow("github.com/GoogleCloudPlatform/omega", "github.com/!google!cloud!platform/omega")]
    [DataRow("example.com/X/Y/Z", "example.com/!x/!y/!z")]
    public void EscapePath_RoundTrips(string path, string escaped)
    {
        Assert.AreEqual(escaped, PathEscaping.EscapePath(path));
        Assert.AreEqual(path, PathEscaping.UnescapePath(escaped));
    }

    [TestMethod]
    [DataRow("github.com/!123/logrus")]
    [DataRow("Example.com/x")]
    [DataRow("example.com/\u00e9")]
    public void EscapePath_RejectsBadPaths(string path) =>
        Assert.ThrowsExactly<ModuleException>(() => PathEscaping.EscapePath(path));

    [TestMethod]
    [DataRow("github.com/SirUsen/logrus")]
    [DataRow("github.com/!123/logrus")]
    [DataRow("github.com/!!irusen/logrus")]
    [DataRow("github.com/!irusen/logrus!")]
    [DataRow("github.com/!irusen/!")]
    [DataRow("example.com/\u00e9")]
    public void UnescapePath_RejectsBadEscapes(string escaped)
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => PathEscaping.UnescapePath(escaped));
        Assert.AreEqual(DiagnosticCodes.InvalidEscaping, e.Code);
    }

    [TestMethod]
    [DataRow("v1.2.3-RC.1", "v1.2.3-!r!c.1")]
    [DataRow("v1.2.3", "v1.2.3")]
    [DataRow("v2.0.0+incompatible", "v2.0.0+incompatible")]
    [DataRow("master", "master")]
    [DataRow("Branch", "!branch")]
    public void EscapeVersion_RoundTrips(string version, string escaped)
    {
        Assert.AreEqual(escaped, PathEscaping.EscapeVersion(version));
        Assert.AreEqual(version, PathEscaping.UnescapeVersion(escaped));
    }

    [TestMethod]
    [DataRow("v1!")]
    [DataRow("a/b")]
    [DataRow("..")]
    [DataRow("")]
    public void EscapeVersion_RejectsBadVersions(string v) =>
        Assert.ThrowsExactly<ModuleException>(() => PathEscaping.EscapeVersion(v));
}
