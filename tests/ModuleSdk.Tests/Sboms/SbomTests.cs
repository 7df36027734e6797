using System.Text.Json;
using ModuleSdk.BuildInfo;
using ModuleSdk.Diagnostics;
using ModuleSdk.Sboms;

namespace ModuleSdk.Tests.Sboms;

/// <summary>Bills of materials from stamped build info: content, determinism, and validity against the published schemas.</summary>
[TestClass]
public sealed class SbomTests
{
    internal const string LibSum = "h1:GdQ1tKq2I8ljbLyGQYGX9ArVnIVdm3PEvQsAk5WCWCM=";
    internal const string NewSum = "h1:8bVd7Aun7p2GmjSmE9DlRbJ+xlUcoyEtaczlHT0jRi8=";

    /// <summary>An app over a plain module, a module replaced by another, a directory replacement and an +incompatible version.</summary>
    internal static ModuleBuildInfo App => new(
        "example.com/app",
        new BuildModule("example.com/app", ModuleBuildInfo.DevelVersion),
        [
            new BuildModule("example.com/lib", "v1.2.0", LibSum),
            new BuildModule("example.com/local", "v1.0.0", "", new BuildModule("../local", ModuleBuildInfo.DevelVersion)),
            new BuildModule("example.com/old", "v1.0.0", "", new BuildModule("example.com/new", "v1.1.0", NewSum)),
            new BuildModule("example.com/Upper", "v2.0.0+incompatible", LibSum),
        ],
        [new("Configuration", "Release")]);

    /// <summary>The lib module's own assembly, which records the repository direct mode fetched it from.</summary>
    internal static ModuleBuildInfo Lib => new(
        "example.com/lib",
        new BuildModule("example.com/lib", "v1.2.0", LibSum),
        [],
        [new("vcs", "git"), new("vcs.url", "https://git.example.com/lib.git"), new("vcs.revision", "0123456789abcdef0123456789abcdef01234567")]);

    private static readonly DateTimeOffset Time = new(2026, 12, 6, 4, 0, 0, TimeSpan.Zero);

    private static BillOfMaterials Bom() =>
        BillOfMaterials.From([new("App.dll", App), new("Lib.dll", Lib)], Time, ("dotnet-mod", "1.0.0"));

    [TestMethod]
    public void CycloneDx_IsValidAgainstTheBom15Schema()
    {
        SbomSchemas.AssertValid(SbomSchemas.CycloneDx15(), CycloneDxWriter.Write(Bom()));
    }

    [TestMethod]
    public void CycloneDxSchema_RefusesABrokenDocument()
    {
        // The validator really checks: a component type the schema does not know is refused.
        // The schema is loaded first, so a missing install stays inconclusive (a failure under CI).
        var schema = SbomSchemas.CycloneDx15();
        string broken = CycloneDxWriter.Write(Bom()).Replace("\"type\": \"library\"", "\"type\": \"module\"");
        Assert.ThrowsExactly<AssertFailedException>(() => SbomSchemas.AssertValid(schema, broken));
    }

    [TestMethod]
    public void CycloneDx_ListsWhatIsInsideTheBinary()
    {
        using var doc = JsonDocument.Parse(CycloneDxWriter.Write(Bom()));
        var root = doc.RootElement;
        Assert.AreEqual("1.5", root.GetProperty("specVersion").GetString());
        Assert.AreEqual("2026-12-06T04:00:00Z", root.GetProperty("metadata").GetProperty("timestamp").GetString());
        Assert.AreEqual("example.com/app", root.GetProperty("metadata").GetProperty("component").GetProperty("name").GetString());
        var components = root.GetProperty("components").EnumerateArray().ToList();
        CollectionAssert.AreEqual(
            new[] { "pkg:golang/example.com/Upper@v2.0.0%2Bincompatible", "pkg:golang/example.com/lib@v1.2.0", null, "pkg:golang/example.com/new@v1.1.0" },
            components.Select(c => c.TryGetProperty("purl", out var p) ? p.GetString() : null).ToArray());
        var lib = components[1];
        Assert.AreEqual("https://git.example.com/lib.git", lib.GetProperty("externalReferences")[0].GetProperty("url").GetString());
        Assert.AreEqual(LibSum, Property(lib, "modulesdk:h1"));
        var replaced = components[3];
        Assert.AreEqual("example.com/new", replaced.GetProperty("name").GetString());
        Assert.AreEqual("example.com/old@v1.0.0", Property(replaced, "modulesdk:replaces"));
        Assert.AreEqual(NewSum, Property(replaced, "modulesdk:h1"));
        Assert.AreEqual("../local", Property(components[2], "modulesdk:replacement-directory"));
        var appDeps = root.GetProperty("dependencies")[0];
        Assert.AreEqual(4, appDeps.GetProperty("dependsOn").GetArrayLength());
    }

    [TestMethod]
    public void Spdx_HasTheRequiredFieldsAndRelationships()
    {
        using var doc = JsonDocument.Parse(SpdxWriter.Write(Bom()));
        var root = doc.RootElement;
        Assert.AreEqual("SPDX-2.3", root.GetProperty("spdxVersion").GetString());
        Assert.AreEqual("CC0-1.0", root.GetProperty("dataLicense").GetString());
        Assert.AreEqual("SPDXRef-DOCUMENT", root.GetProperty("SPDXID").GetString());
        StringAssert.StartsWith(root.GetProperty("documentNamespace").GetString(), "urn:uuid:");
        Assert.AreEqual("2026-12-06T04:00:00Z", root.GetProperty("creationInfo").GetProperty("created").GetString());
        Assert.AreEqual("Tool: dotnet-mod-1.0.0", root.GetProperty("creationInfo").GetProperty("creators")[0].GetString());
        var packages = root.GetProperty("packages").EnumerateArray().ToList();
        Assert.AreEqual(5, packages.Count);
        foreach (var p in packages)
        {
            StringAssert.Matches(p.GetProperty("SPDXID").GetString(), new System.Text.RegularExpressions.Regex("^SPDXRef-[a-zA-Z0-9.-]+$"));
            Assert.IsTrue(p.TryGetProperty("downloadLocation", out _));
            Assert.IsTrue(p.TryGetProperty("name", out _));
        }
        var lib = packages.Single(p => p.GetProperty("name").GetString() == "example.com/lib");
        Assert.AreEqual("git+https://git.example.com/lib.git@0123456789abcdef0123456789abcdef01234567", lib.GetProperty("downloadLocation").GetString());
        var refs = lib.GetProperty("externalRefs").EnumerateArray()
            .Select(r => r.GetProperty("referenceType").GetString() + " " + r.GetProperty("referenceLocator").GetString()).ToList();
        CollectionAssert.AreEqual(new[] { "purl pkg:golang/example.com/lib@v1.2.0", "h1 " + LibSum }, refs);
        var relationships = root.GetProperty("relationships").EnumerateArray().Select(r => r.GetProperty("relationshipType").GetString()).ToList();
        Assert.AreEqual(1, relationships.Count(r => r == "DESCRIBES"));
        Assert.AreEqual(4, relationships.Count(r => r == "DEPENDS_ON"));
    }

    [TestMethod]
    public void Documents_AreDeterministic_AndTheSerialFollowsTheContent()
    {
        Assert.AreEqual(CycloneDxWriter.Write(Bom()), CycloneDxWriter.Write(Bom()));
        Assert.AreEqual(SpdxWriter.Write(Bom()), SpdxWriter.Write(Bom()));
        // Assembly order does not matter; a different hash gives another serial number.
        var reversed = BillOfMaterials.From([new("Lib.dll", Lib), new("App.dll", App)], Time, ("dotnet-mod", "1.0.0"));
        Assert.AreEqual(CycloneDxWriter.Write(Bom()), CycloneDxWriter.Write(reversed));
        var other = App with { Deps = [App.Deps[0] with { Sum = NewSum }, .. App.Deps.Skip(1)] };
        string serial(BillOfMaterials b) => JsonDocument.Parse(CycloneDxWriter.Write(b)).RootElement.GetProperty("serialNumber").GetString()!;
        Assert.AreNotEqual(serial(Bom()), serial(BillOfMaterials.From([new("App.dll", other)], Time, ("dotnet-mod", "1.0.0"))));
        StringAssert.Matches(serial(Bom()),
            new System.Text.RegularExpressions.Regex("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    }

    [TestMethod]
    public void Created_IsTheBuildsVcsTime_WhenRecorded()
    {
        var stamped = App with { Settings = [new("vcs.time", "2025-01-02T03:04:05Z")] };
        Assert.AreEqual("2025-01-02T03:04:05Z", BillOfMaterials.From([new("App.dll", stamped)], Time, ("t", "1")).CreatedText);
    }

    [TestMethod]
    public void Formats_Parse_AndAnUnknownOneIsMOD6701()
    {
        Assert.AreEqual(SbomFormat.CycloneDx, SbomFormats.Parse("CycloneDX"));
        Assert.AreEqual(SbomFormat.Spdx, SbomFormats.Parse("spdx"));
        var e = Assert.ThrowsExactly<ModuleException>(() => SbomFormats.Parse("swid"));
        Assert.AreEqual(DiagnosticCodes.SbomUnknownFormat, e.Code);
    }

    [TestMethod]
    public void Purl_EscapesWhatThePurlSpecSays()
    {
        Assert.AreEqual("pkg:golang/gopkg.in/yaml.v3@v3.0.1", ModulePurl.For("gopkg.in/yaml.v3", "v3.0.1"));
        Assert.AreEqual("pkg:golang/example.com/a@v0.0.0-20191109021931-daa7c04131f5", ModulePurl.For("example.com/a", "v0.0.0-20191109021931-daa7c04131f5"));
        Assert.AreEqual("pkg:golang/example.com/lib@v2.0.0%2Bincompatible", ModulePurl.For("example.com/lib", "v2.0.0+incompatible"));
    }

    private static string? Property(JsonElement component, string name) =>
        component.GetProperty("properties").EnumerateArray().Where(p => p.GetProperty("name").GetString() == name)
            .Select(p => p.GetProperty("value").GetString()).FirstOrDefault();
}
