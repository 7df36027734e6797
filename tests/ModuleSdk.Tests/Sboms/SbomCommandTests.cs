using System.Text.Json;
using ModuleSdk.Tests.Cli;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Sboms;

/// <summary><c>dotnet mod version -m --sbom</c> on assembly files: a folder's bill names the repository its module assemblies record.</summary>
[TestClass]
public sealed class SbomCommandTests
{
    [TestMethod]
    public async Task Folder_GivesOneValidBill_WithTheRepositoryOfTheModuleAssembly()
    {
        using var temp = new TempDir("sbom");
        StampedAssembly.Write(temp.Combine("out", "App.dll"), SbomTests.App);
        StampedAssembly.Write(temp.Combine("out", "Lib.dll"), SbomTests.Lib);
        File.WriteAllText(temp.Combine("out", "notes.dll"), "not an assembly");
        var env = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1780000000" };

        var cdx = await CliFixture.RunIn(temp.Path, env, ["version", "-m", "--sbom", "cyclonedx", "out"]);
        Assert.AreEqual(0, cdx.ExitCode, cdx.ToString());
        SbomSchemas.AssertValid(SbomSchemas.CycloneDx15(), cdx.Out);
        StringAssert.Contains(cdx.Out, "\"url\": \"https://git.example.com/lib.git\"");
        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(1780000000).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            JsonDocument.Parse(cdx.Out).RootElement.GetProperty("metadata").GetProperty("timestamp").GetString());
        var again = await CliFixture.RunIn(temp.Path, env, ["version", "-m", "--sbom", "cyclonedx", "out"]);
        Assert.AreEqual(cdx.Out, again.Out);

        var spdx = await CliFixture.RunIn(temp.Path, env, ["version", "-m", "--sbom", "spdx", Path.Combine("out", "App.dll")]);
        Assert.AreEqual(0, spdx.ExitCode, spdx.ToString());
        Assert.AreEqual("SPDX-2.3", JsonDocument.Parse(spdx.Out).RootElement.GetProperty("spdxVersion").GetString());
        // A single assembly has no module assembly beside it: no repository is invented.
        Assert.IsFalse(spdx.Out.Contains("git.example.com"), spdx.Out);
    }

    [TestMethod]
    public async Task BadInput_IsAClearError()
    {
        using var temp = new TempDir("sbom");
        Directory.CreateDirectory(temp.Combine("empty"));
        var none = await CliFixture.RunIn(temp.Path, new Dictionary<string, string?>(), ["version", "-m", "--sbom", "spdx", "empty"]);
        Assert.AreNotEqual(0, none.ExitCode);
        StringAssert.Contains(none.Error, "MOD6702");
        var format = await CliFixture.RunIn(temp.Path, new Dictionary<string, string?>(), ["version", "-m", "--sbom", "swid", "empty"]);
        Assert.AreNotEqual(0, format.ExitCode);
        StringAssert.Contains(format.Error, "MOD6701");
    }
}
