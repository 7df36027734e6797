using ModuleSdk.Diagnostics;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Usage;

namespace ModuleSdk.Tests.Usage;

[TestClass]
public sealed class ModuleUsageTests
{
    [TestMethod]
    public void Collect_FreshRecords_UnionOverProjectsAndFrameworks()
    {
        using var temp = new TempDir("usage");
        var app = UsageWorld.Project(temp.Path, "App");
        var tests = UsageWorld.Project(temp.Path, "App.Tests", "tests/App.Tests");
        UsageWorld.Record(app, "net8.0", ["example.com/a"], ["net8.0", "net10.0"]);
        UsageWorld.Record(app, "net10.0", ["example.com/b"], ["net8.0", "net10.0"]);
        UsageWorld.Record(tests, "net10.0", ["example.com/a", "example.com/c"]);

        var usage = ModuleUsage.Collect(temp.Path);
        Assert.IsTrue(usage.IsComplete, string.Join("\n", usage.Problems().Select(p => p.Message)));
        CollectionAssert.AreEqual(new[] { app, tests }, usage.Projects.Select(p => p.Project).ToArray());
        CollectionAssert.AreEqual(new[] { "example.com/a", "example.com/b", "example.com/c" }, usage.Modules.ToArray());
        Assert.AreEqual(app, usage.UsedBy("example.com/a")!.Project);
        Assert.AreEqual(tests, usage.UsedBy("example.com/c")!.Project);
    }

    [TestMethod]
    public void Collect_SkipsOutputsNestedModulesAndOtherSdks()
    {
        using var temp = new TempDir("usage");
        var app = UsageWorld.Project(temp.Path, "App");
        UsageWorld.Record(app, "net10.0", []);
        UsageWorld.Project(temp.Path, "Copy", "App/obj/modules/example.com/a@v1.0.0");
        UsageWorld.Project(temp.Path, "Vendored", "vendor/example.com/x");
        UsageWorld.Project(temp.Path, "Hidden", ".git/x");
        string nested = UsageWorld.Project(temp.Path, "Nested", "nested");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(nested)!, "module.mod"), "module example.com/nested\n");
        Directory.CreateDirectory(temp.Combine("plain"));
        File.WriteAllText(temp.Combine("plain", "Plain.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");

        CollectionAssert.AreEqual(new[] { app }, MainModuleProjects.Find(temp.Path).ToArray());
        Assert.IsTrue(ModuleUsage.Collect(temp.Path).IsComplete);
    }

    [TestMethod]
    [DataRow("missing", UsageStatus.Missing, DiagnosticCodes.UsageRecordMissing, "no usage record: build it first (dotnet build App.csproj)")]
    [DataRow("framework", UsageStatus.Missing, DiagnosticCodes.UsageRecordMissing, "no usage record for target framework net8.0")]
    [DataRow("edited", UsageStatus.Stale, DiagnosticCodes.UsageRecordStale, "Program.cs: build it first")]
    [DataRow("props", UsageStatus.Stale, DiagnosticCodes.UsageRecordStale, "Directory.Build.props: build it first")]
    [DataRow("malformed", UsageStatus.Malformed, DiagnosticCodes.UsageRecordMalformed, "malformed usage record")]
    public void Collect_NotFresh_Incomplete_WithCodeAndProject(string how, UsageStatus status, string code, string message)
    {
        using var temp = new TempDir("usage");
        var app = UsageWorld.Project(temp.Path, "App", "src/App");
        var other = UsageWorld.Project(temp.Path, "Other");
        UsageWorld.Record(other, "net10.0", ["example.com/a"]);
        switch (how)
        {
            case "framework":
                UsageWorld.Record(app, "net10.0", [], ["net8.0", "net10.0"]);
                break;
            case "edited":
                UsageWorld.Record(app, "net10.0", []);
                File.AppendAllText(Path.Combine(Path.GetDirectoryName(app)!, "Program.cs"), "// edited after the build\n");
                break;
            case "props":
                UsageWorld.Record(app, "net10.0", []);
                File.WriteAllText(temp.Combine("src", "Directory.Build.props"), "<Project />\n");
                break;
            case "malformed":
                Directory.CreateDirectory(Path.GetDirectoryName(UsageWorld.RecordFile(app, "net10.0"))!);
                File.WriteAllText(UsageWorld.RecordFile(app, "net10.0"), "garbage\n");
                break;
        }

        var usage = ModuleUsage.Collect(temp.Path);
        Assert.IsFalse(usage.IsComplete);
        var project = usage.Projects.Single(p => p.Project == app);
        Assert.AreEqual(status, project.Status);
        var problem = usage.Problems().Single();
        Assert.AreEqual(code, problem.Code);
        Assert.AreEqual(app, problem.File);
        StringAssert.Contains(problem.Message, app);
        StringAssert.Contains(problem.Message, message);
        // The fresh project's evidence is still there; tidy just does not act on half of it.
        CollectionAssert.AreEqual(new[] { "example.com/a" }, usage.Modules.ToArray());
    }

    [TestMethod]
    public void Collect_RemovedFramework_OldRecordIgnored()
    {
        using var temp = new TempDir("usage");
        var app = UsageWorld.Project(temp.Path, "App");
        UsageWorld.Record(app, "net8.0", ["example.com/old"], ["net8.0", "net10.0"], UsageWorld.Edited.AddMinutes(10));
        UsageWorld.Record(app, "net10.0", ["example.com/a"], [], UsageWorld.Edited.AddMinutes(20));
        var usage = ModuleUsage.Collect(temp.Path);
        Assert.IsTrue(usage.IsComplete);
        CollectionAssert.AreEqual(new[] { "example.com/a" }, usage.Modules.ToArray());
    }

    [TestMethod]
    public void Collect_NoProjects_Incomplete()
    {
        using var temp = new TempDir("usage");
        var usage = ModuleUsage.Collect(temp.Path);
        Assert.AreEqual(0, usage.Projects.Count);
        Assert.IsFalse(usage.IsComplete);
    }
}
