using ModuleSdk.Modules;
using ModuleSdk.Vendoring;

namespace ModuleSdk.Tests.Vendoring;

/// <summary>modules.txt parsing and printing, with the go command's leniency (modload/vendor.go readVendorList).</summary>
[TestClass]
public sealed class VendorManifestTests
{
    // What Go 1.19 wrote for a go 1.16 main module requiring a, replacing c by a directory,
    // with d selected through a and an unused version-specific replacement.
    private const string GoWritten =
        "# example.com/a v1.0.0\n## explicit\nexample.com/a\n" +
        "# example.com/c v1.0.0 => ./localc\n## explicit\nexample.com/c\n" +
        "# example.com/d v1.1.0\nexample.com/d\n" +
        "# example.com/c => ./localc\n" +
        "# example.com/zz v1.0.0 => example.com/d v1.0.0\n";

    [TestMethod]
    public void Parse_GoWritten_BuildListExplicitAndReplacements()
    {
        var m = VendorManifest.Parse(GoWritten);
        CollectionAssert.AreEqual(new[] { "example.com/a@v1.0.0", "example.com/c@v1.0.0", "example.com/d@v1.1.0" },
            m.BuildList.Select(x => x.ToString()).ToArray());
        Assert.IsTrue(m.Find(new ModuleId("example.com/a", "v1.0.0"))!.Explicit);
        Assert.IsFalse(m.Find(new ModuleId("example.com/d", "v1.1.0"))!.Explicit);
        Assert.AreEqual(new ModuleId("./localc", ""), m.Find(new ModuleId("example.com/c", ""))!.Replacement);
        Assert.AreEqual(new ModuleId("example.com/d", "v1.0.0"), m.Find(new ModuleId("example.com/zz", "v1.0.0"))!.Replacement);
        CollectionAssert.AreEqual(new[] { "example.com/c@v1.0.0", "example.com/c", "example.com/zz@v1.0.0" }, m.Replaced.Select(x => x.ToString()).ToArray());
        Assert.AreEqual(7, m.Find(new ModuleId("example.com/d", "v1.1.0"))!.Line);
    }

    [TestMethod]
    [DataRow(GoWritten)]
    [DataRow("# example.com/a v1.0.0\n## explicit; go 1.17\nexample.com/a\nexample.com/a/sub\n# example.com/b v1.2.0\n## go 1.18\nexample.com/b\n")]
    [DataRow("")]
    public void Format_RoundTrips(string text) => Assert.AreEqual(text, VendorManifest.Parse(text).Format());

    [TestMethod]
    // Lines Go does not understand are skipped: the file stays usable, and consistency checks catch what matters.
    [DataRow("orphan/package\n# example.com/a v1.0.0\nexample.com/a\n", "example.com/a@v1.0.0")]
    [DataRow("# example.com/a notaversion\nexample.com/a\n# example.com/b v1.0.0\nexample.com/b\n", "example.com/b@v1.0.0")]
    [DataRow("# example.com/a v1.0.0\nexample.com/a\n# short\nexample.com/a/sub\n", "example.com/a@v1.0.0")]
    [DataRow("# example.com/a v1.0.0\nnot a package\n/abs\n", "")]
    [DataRow("# example.com/a v1.0.0\r\nexample.com/a\r\n", "example.com/a@v1.0.0")]
    [DataRow("# example.com/a v1.0.0\nexample.com/a\n# example.com/a v1.2.0\nexample.com/a\n# example.com/a v1.1.0\nexample.com/a\n", "example.com/a@v1.2.0")]
    [DataRow("# example.com/a v1.0.0\n## explicit\n# example.com/b v1.0.0 => ./b\n", "")]
    public void Parse_Lenient_BuildList(string text, string buildList) =>
        Assert.AreEqual(buildList, string.Join(",", VendorManifest.Parse(text).BuildList));

    [TestMethod]
    [DataRow("# example.com/a v1.0.0\n## go 1.17\n## explicit; future\nexample.com/a\n", true, "1.17")]
    [DataRow("# example.com/a v1.0.0\n##explicit\n", false, "")]
    [DataRow("# example.com/a v1.0.0\n## unknown; explicit\n", true, "")]
    public void Parse_Annotations_AreUnited(string text, bool isExplicit, string go)
    {
        var e = VendorManifest.Parse(text).Find(new ModuleId("example.com/a", "v1.0.0"))!;
        Assert.AreEqual(isExplicit, e.Explicit);
        Assert.AreEqual(go, e.GoVersion);
    }

    [TestMethod]
    [DataRow("# example.com/a v1.0.0 => ../a extra\n")]
    [DataRow("# example.com/a v1.0.0 => example.com/b notaversion\n")]
    [DataRow("# example.com/a v1.0.0 =>\n")]
    public void Parse_UnreadableReplacement_IsIgnored(string text) =>
        Assert.IsNull(VendorManifest.Parse(text).Find(new ModuleId("example.com/a", "v1.0.0"))!.Replacement);

    [TestMethod]
    [DataRow("example.com/a", "v1.0.0", null, null, "# example.com/a v1.0.0")]
    [DataRow("example.com/a", "v1.0.0", "../a", "", "# example.com/a v1.0.0 => ../a")]
    [DataRow("example.com/a", "", "example.com/b", "v1.2.0", "# example.com/a => example.com/b v1.2.0")]
    public void ModuleLine_GoForm(string path, string version, string? rPath, string? rVersion, string expected) =>
        Assert.AreEqual(expected, VendorManifest.ModuleLine(new ModuleId(path, version), rPath is null ? null : new ModuleId(rPath, rVersion!)));
}
