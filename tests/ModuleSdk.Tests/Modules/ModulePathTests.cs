using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Tests.Modules;

[TestClass]
public class ModulePathTests
{
    // (path, valid as module path, valid as import path, valid as file path) — the shape of
    // golang/mod's checkPathTests.
    [TestMethod]
    [DataRow("x.y/z", true, true, true)]
    [DataRow("x.y", true, true, true)]
    [DataRow("", false, false, false)]
    [DataRow("x.y/\uFFFDz", false, false, false)]
    [DataRow("/x.y/z", false, false, false)]
    [DataRow("x./z", false, false, false)]
    [DataRow(".x/z", false, true, true)]
    [DataRow("-x/z", false, false, true)]
    [DataRow("x..y/z", true, true, true)]
    [DataRow("x.y/z/../../w", false, false, false)]
    [DataRow("x.y//z", false, false, false)]
    [DataRow("x.y/z//w", false, false, false)]
    [DataRow("x.y/z/", false, false, false)]
    [DataRow("x.y/z/v0", false, true, true)]
    [DataRow("x.y/z/v1", false, true, true)]
    [DataRow("x.y/z/v2", true, true, true)]
    [DataRow("x.y/z/v2.0", false, true, true)]
    [DataRow("X.y/z", false, true, true)]
    [DataRow("!x.y/z", false, false, true)]
    [DataRow("_x.y/z", false, true, true)]
    [DataRow("x.y!/z", false, false, true)]
    [DataRow("x.y\"/z", false, false, false)]
    [DataRow("x.y#/z", false, false, true)]
    [DataRow("x.y$/z", false, false, true)]
    [DataRow("x.y%/z", false, false, true)]
    [DataRow("x.y&/z", false, false, true)]
    [DataRow("x.y'/z", false, false, false)]
    [DataRow("x.y(/z", false, false, true)]
    [DataRow("x.y)/z", false, false, true)]
    [DataRow("x.y*/z", false, false, false)]
    [DataRow("x.y+/z", false, true, true)]
    [DataRow("x.y,/z", false, false, true)]
    [DataRow("x.y-/z", true, true, true)]
    [DataRow("x.y./zt", false, false, false)]
    [DataRow("x.y:/z", false, false, false)]
    [DataRow("x.y;/z", false, false, false)]
    [DataRow("x.y</z", false, false, false)]
    [DataRow("x.y=/z", false, false, true)]
    [DataRow("x.y>/z", false, false, false)]
    [DataRow("x.y?/z", false, false, false)]
    [DataRow("x.y@/z", false, false, true)]
    [DataRow("x.y[/z", false, false, true)]
    [DataRow("x.y\\/z", false, false, false)]
    [DataRow("x.y]/z", false, false, true)]
    [DataRow("x.y^/z", false, false, true)]
    [DataRow("x.y_/z", false, true, true)]
    [DataRow("x.y`/z", false, false, false)]
    [DataRow("x.y{/z", false, false, true)]
    [DataRow("x.y}/z", false, false, true)]
    [DataRow("x.y~/z", false, true, true)]
    [DataRow("x.y/z!", false, false, true)]
    [DataRow("x.y/z\"", false, false, false)]
    [DataRow("x.y/z+", false, true, true)]
    [DataRow("x.y/z ", false, false, true)]
    [DataRow("x.y/z~", true, true, true)]
    [DataRow("x.y/x.foo", true, true, true)]
    [DataRow("x.y/aux.foo", false, false, false)]
    [DataRow("x.y/prn", false, false, false)]
    [DataRow("x.y/prn2", true, true, true)]
    [DataRow("x.y/com", true, true, true)]
    [DataRow("x.y/com1", false, false, false)]
    [DataRow("x.y/com1.txt", false, false, false)]
    [DataRow("x.y/calm1", true, true, true)]
    [DataRow("x.y/z~0", false, false, true)]
    [DataRow("x.y/z~09", false, false, true)]
    [DataRow("x.y/z09", true, true, true)]
    [DataRow("x.y/z09~", true, true, true)]
    [DataRow("x.y/z09~09z", true, true, true)]
    [DataRow("x.y/z09~09z~09", false, false, true)]
    [DataRow("github.com/!123/logrus", false, false, true)]
    [DataRow("github.com/user/unicode/испытание", false, false, true)]
    [DataRow("../x", false, false, false)]
    [DataRow("./y", false, false, false)]
    [DataRow("x:y", false, false, false)]
    [DataRow("\\temp\\foo", false, false, false)]
    [DataRow(".gitignore", false, true, true)]
    [DataRow(".github/ISSUE_TEMPLATE", false, true, true)]
    [DataRow("x☺y", false, false, false)]
    [DataRow("gopkg.in/yaml.v2", true, true, true)]
    [DataRow("gopkg.in/yaml.v0", true, true, true)]
    [DataRow("gopkg.in/yaml.v02", false, true, true)]
    [DataRow("gopkg.in/yaml", false, true, true)]
    [DataRow("example.com/Upper/Case", true, true, true)]
    public void Check_MatchesGo(string path, bool modOK, bool importOK, bool fileOK)
    {
        Assert.AreEqual(modOK, ModulePath.IsValidPath(path), "module path " + path);
        Assert.AreEqual(importOK, Throws(() => ModulePath.CheckImportPath(path)) is null, "import path " + path);
        Assert.AreEqual(fileOK, Throws(() => ModulePath.CheckFilePath(path)) is null, "file path " + path);
    }

    [TestMethod]
    public void CheckPath_ReportsGoMessageAndCode()
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => ModulePath.CheckPath("example/lib"));
        Assert.AreEqual(DiagnosticCodes.InvalidModulePath, e.Code);
        Assert.AreEqual("malformed module path \"example/lib\": missing dot in first path element", e.Message);
        e = Assert.ThrowsExactly<ModuleException>(() => ModulePath.CheckPath("x.y/z/v1"));
        Assert.AreEqual("malformed module path \"x.y/z/v1\": invalid version", e.Message);
    }

    [TestMethod]
    [DataRow("x.y/z", "x.y/z", "", true)]
    [DataRow("x.y/z/v2", "x.y/z", "/v2", true)]
    [DataRow("x.y/z/v10", "x.y/z", "/v10", true)]
    [DataRow("x.y/z/v1", "x.y/z/v1", "", false)]
    [DataRow("x.y/z/v0", "x.y/z/v0", "", false)]
    [DataRow("x.y/z/v02", "x.y/z/v02", "", false)]
    [DataRow("x.y/z/v2.1", "x.y/z/v2.1", "", false)]
    [DataRow("x.y/v2z", "x.y/v2z", "", true)]
    [DataRow("gopkg.in/yaml.v2", "gopkg.in/yaml", ".v2", true)]
    [DataRow("gopkg.in/yaml.v1-unstable", "gopkg.in/yaml", ".v1-unstable", true)]
    [DataRow("gopkg.in/yaml", "gopkg.in/yaml", "", false)]
    public void SplitPathVersion_MatchesGo(string path, string prefix, string major, bool ok)
    {
        Assert.AreEqual(ok, ModulePath.SplitPathVersion(path, out var p, out var m));
        if (ok)
        {
            Assert.AreEqual(prefix, p);
            Assert.AreEqual(major, m);
        }
    }

    [TestMethod]
    [DataRow("v1.2.3", "", true)]
    [DataRow("v0.1.0", "", true)]
    [DataRow("v2.0.0", "", false)]
    [DataRow("v2.0.0+incompatible", "", true)]
    [DataRow("v2.0.0", "/v2", true)]
    [DataRow("v3.0.0", "/v2", false)]
    [DataRow("v1.0.0", "/v2", false)]
    [DataRow("v1.5.0", ".v1", true)]
    [DataRow("v0.0.0-20190101000000-abcdefabcdef", ".v1", true)]
    [DataRow("v1.0.0", ".v1-unstable", true)]
    public void MatchPathMajor_MatchesGo(string version, string pathMajor, bool ok) =>
        Assert.AreEqual(ok, ModulePath.MatchPathMajor(version, pathMajor));

    [TestMethod]
    public void CheckPathMajor_Message()
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => ModulePath.CheckPathMajor("v2.0.0", ""));
        Assert.AreEqual("version \"v2.0.0\" invalid: should be v0 or v1, not v2", e.Message);
        e = Assert.ThrowsExactly<ModuleException>(() => ModulePath.Check("x.y/z/v3", "v2.1.0"));
        Assert.AreEqual("x.y/z/v3@v2.1.0: invalid version: should be v3, not v2", e.Message);
    }

    [TestMethod]
    [DataRow("/v2", "v2")]
    [DataRow(".v1", "v1")]
    [DataRow(".v1-unstable", "v1")]
    [DataRow("", "")]
    public void PathMajorPrefix_MatchesGo(string pathMajor, string expected) =>
        Assert.AreEqual(expected, ModulePath.PathMajorPrefix(pathMajor));

    private static Exception? Throws(Action a)
    {
        try { a(); return null; } catch (ModuleException e) { return e; }
    }
}
