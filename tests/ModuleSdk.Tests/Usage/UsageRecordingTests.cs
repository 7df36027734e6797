using ModuleSdk.Diagnostics;
using ModuleSdk.Projects;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Usage;

namespace ModuleSdk.Tests.Usage;

/// <summary>
/// <see cref="UsageRecording"/> on this test assembly (which uses the core) and a module map on disk: which source of
/// used references it reads, the record it writes, and the warnings that leave a build unrecorded.
/// </summary>
[TestClass]
public sealed class UsageRecordingTests
{
    private static readonly string TestAssembly = typeof(UsageRecordingTests).Assembly.Location;
    private static readonly string Core = typeof(UsageRecord).Assembly.Location;

    private sealed record World(string Map, string Record, string Project, UsageRecorder.Reference[] References);

    private static World Make(TempDir temp, bool map = true)
    {
        string project = temp.Combine("app", "App.csproj");
        string mapFile = temp.Combine("app", "obj", "modulesdk", ModuleProjectMap.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(mapFile)!);
        if (map) new ModuleProjectMap([("example.com/core", "/m/core/Core.csproj"), ("example.com/other", "/m/other/Other.csproj")]).Write(mapFile);
        var refs = new[]
        {
            new UsageRecorder.Reference(Core, "/m/core/Core.csproj"), new UsageRecorder.Reference("/m/other/bin/Other.dll", "/m/other/Other.csproj"),
        };
        return new World(mapFile, temp.Combine("app", "obj", UsageRecord.Folder, "net10.0.txt"), project, refs);
    }

    private static (IReadOnlyList<string>? Used, IReadOnlyList<WorkflowNote> Notes) Run(World w, string assembly, string usedReferences = "") =>
        UsageRecording.Run(assembly, w.References, w.Map, w.Record, w.Project, "Debug", "net10.0", "net10.0;net8.0", ["example.com/plugin"], usedReferences);

    [TestMethod]
    public void FromTheAssembly_WritesTheRecord_ThenOnlyTouchesIt()
    {
        using var temp = new TempDir("usagerec");
        var w = Make(temp);
        var (used, notes) = Run(w, TestAssembly);
        CollectionAssert.AreEqual(new[] { "example.com/core", "example.com/plugin" }, used!.ToArray());
        Assert.AreEqual("App.csproj uses example.com/core, example.com/plugin", notes.Single().Text);
        Assert.AreEqual(WorkflowNoteKind.Detail, notes.Single().Kind);
        var record = UsageRecord.Read(w.Record);
        Assert.AreEqual(("net10.0", 2), (record.TargetFramework, record.TargetFrameworks.Count));
        Assert.IsEmpty(Run(w, TestAssembly).Notes, "an unchanged record is only touched");
    }

    [TestMethod]
    public void CompilerList_WinsOverTheAssembly_AndAnAbsentListIsSaidAtDetail()
    {
        using var temp = new TempDir("usagerec");
        var w = Make(temp);
        string list = temp.Combine("used.txt");
        File.WriteAllText(list, UsedReferencesFile.Header + "\n/m/other/obj/ref/Other.dll\n");
        var (used, _) = Run(w, TestAssembly, list);
        CollectionAssert.AreEqual(new[] { "example.com/other", "example.com/plugin" }, used!.ToArray(), "the compiler's list, not the AssemblyRefs");

        var (fallback, notes) = Run(w, TestAssembly, temp.Combine("absent.txt"));
        CollectionAssert.AreEqual(new[] { "example.com/core", "example.com/plugin" }, fallback!.ToArray());
        StringAssert.StartsWith(notes[0].Text, $"no list of used references from the compiler ({temp.Combine("absent.txt")}): reading {TestAssembly}'s");
        Assert.AreEqual(WorkflowNoteKind.Detail, notes[0].Kind);
    }

    [TestMethod]
    public void NoAssembly_NothingRecorded_NoMapOrUnreadable_Warnings()
    {
        using var temp = new TempDir("usagerec");
        var w = Make(temp, map: false);
        var none = Run(w, temp.Combine("absent.dll"));
        Assert.IsNull(none.Used);
        Assert.IsEmpty(none.Notes);

        var noMap = Run(w, TestAssembly).Notes.Single();
        Assert.AreEqual((WorkflowNoteKind.Warning, DiagnosticCodes.UsageModuleMapMissing, w.Project), (noMap.Kind, noMap.Code, noMap.File));
        StringAssert.StartsWith(noMap.Text, $"no module map from restore ({w.Map}): module usage is not recorded");

        var withMap = Make(temp);
        string garbage = temp.Combine("Bad.dll");
        File.WriteAllText(garbage, "not an assembly");
        var (used, notes) = Run(withMap, garbage);
        Assert.IsNull(used);
        Assert.AreEqual(DiagnosticCodes.UsageAssemblyUnreadable, notes.Single().Code);
        Assert.IsFalse(File.Exists(withMap.Record));
    }
}
