using ModuleSdk.Building;
using ModuleSdk.Diagnostics;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Usage;
using ModuleSdk.Projects;

namespace ModuleSdk.Tests.Usage;

[TestClass]
public sealed class UsageRecordTests
{
    [TestMethod]
    public void Parse_FormattedRecord_RoundTrips()
    {
        var record = new UsageRecord("/src/app/App.csproj", "Release", "net10.0", ["net8.0", "net10.0"], ["example.com/a", "example.com/b/v2"]);
        var parsed = UsageRecord.Parse("r.txt", record.Format());
        Assert.AreEqual(record.Project, parsed.Project);
        Assert.AreEqual("Release", parsed.Configuration);
        Assert.AreEqual("net10.0", parsed.TargetFramework);
        CollectionAssert.AreEqual(new[] { "net8.0", "net10.0" }, parsed.TargetFrameworks.ToArray());
        CollectionAssert.AreEqual(new[] { "example.com/a", "example.com/b/v2" }, parsed.Modules.ToArray());
        Assert.AreEqual(record.Format(), parsed.Format());
    }

    [TestMethod]
    [DataRow("", 1, "not a usage record")]
    [DataRow("modulesdk-usage 2\n", 1, "not a usage record")]
    [DataRow("modulesdk-usage 1\nproject x\nused example.com/a\n", 3, "unknown key \"used\"")]
    [DataRow("modulesdk-usage 1\nuse Bad..Path\n", 2, "use Bad..Path")]
    [DataRow("modulesdk-usage 1\nuse \n", 2, "use ")]
    public void Parse_Malformed_MOD5303AtLine(string text, int line, string message)
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => UsageRecord.Parse("r.txt", text));
        Assert.AreEqual(DiagnosticCodes.UsageRecordMalformed, e.Code);
        Assert.AreEqual("r.txt", e.File);
        Assert.AreEqual(line, e.Line);
        StringAssert.Contains(e.Message, message);
        StringAssert.Contains(e.Message, "build the project again");
    }

    [TestMethod]
    public void Write_SameText_OnlyTouches_NewText_Replaces()
    {
        using var temp = new TempDir("usage");
        string file = temp.Combine("obj/modulesdk/usage/net10.0.txt");
        var record = new UsageRecord("/p/App.csproj", "Debug", "net10.0", [], ["example.com/a"]);
        Assert.IsTrue(record.Write(file));
        var old = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(file, old);
        Assert.IsFalse(record.Write(file));
        Assert.IsTrue(File.GetLastWriteTimeUtc(file) > old.AddMinutes(30), "an unchanged record is touched");
        Assert.IsTrue((record with { Modules = [] }).Write(file));
        Assert.AreEqual(0, UsageRecord.Read(file).Modules.Count);
        Assert.AreEqual(1, Directory.GetFiles(Path.GetDirectoryName(file)!).Length, "no temporary file is left behind");
    }

    [TestMethod]
    public void ModuleProjectMap_WriteRead_MapsProjectsToModules()
    {
        using var temp = new TempDir("usage");
        string file = temp.Combine("map.txt");
        new ModuleProjectMap([("example.com/a", temp.Combine("obj/modules/example.com/a@v1.0.0/A.csproj")),
            ("example.com/b", temp.Combine("B.csproj"))]).Write(file);
        var map = ModuleProjectMap.Read(file);
        Assert.AreEqual("example.com/a", map.ModuleOf(temp.Combine("obj/modules/example.com/a@v1.0.0/../a@v1.0.0/A.csproj")));
        Assert.AreEqual("example.com/b", map.ModuleOf(temp.Combine("B.csproj")));
        Assert.IsNull(map.ModuleOf(temp.Combine("App.csproj")));
    }
}
