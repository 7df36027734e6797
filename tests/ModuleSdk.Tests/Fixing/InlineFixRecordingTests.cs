using ModuleSdk.Diagnostics;
using ModuleSdk.Fixing;
using ModuleSdk.Projects;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Usage;

namespace ModuleSdk.Tests.Fixing;

/// <summary><see cref="InlineFixRecording"/>: the analyzer's list becomes the project's fix record, naming modules through restore's map.</summary>
[TestClass]
public sealed class InlineFixRecordingTests
{
    private static readonly UsageRecorder.Reference[] References = [new("/m/core/obj/ref/Core.dll", "/m/core/Core.csproj")];

    private static string List(TempDir temp)
    {
        var list = new InlineFixRecord(null,
            [new InlineFixFile("/app/A.cs", "SHA256", "abcd", "/app/obj/A.cs", 2, []), new InlineFixFile("/app/B.cs", "SHA256", "ef01", null, 0, [])],
            ["/m/core/obj/ref/Core.dll", "/usr/share/dotnet/System.Runtime.dll"], []);
        string file = temp.Combine("obj", InlineFixRecord.ListFileName);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, list.Format());
        return file;
    }

    [TestMethod]
    public void List_BecomesTheRecordWithModules()
    {
        using var temp = new TempDir("fixrec");
        string map = temp.Combine("map.txt");
        new ModuleProjectMap([("example.com/core", "/m/core/Core.csproj")]).Write(map);
        string recordFile = temp.Combine("obj", "modulesdk", "fixes", "net10.0.txt");
        var (record, notes) = InlineFixRecording.Run(List(temp), References, map, recordFile, "/app/App.csproj");
        CollectionAssert.AreEqual(new[] { "example.com/core" }, record!.Modules.ToArray());
        var read = InlineFixRecord.Read(recordFile);
        Assert.AreEqual(("/app/App.csproj", 0, 2), (read.Project, read.Uses.Count, read.Files.Count));
        Assert.AreEqual("App.csproj: 2 site(s) to inline in 1 file(s)", notes.Single().Text);
    }

    [TestMethod]
    public void NoMap_RecordWithoutModulesAndWarningMOD9102_NoList_RecordRemoved()
    {
        using var temp = new TempDir("fixrec");
        string recordFile = temp.Combine("obj", "modulesdk", "fixes", "net10.0.txt");
        var (record, notes) = InlineFixRecording.Run(List(temp), References, temp.Combine("absent-map.txt"), recordFile, "/app/App.csproj");
        Assert.IsEmpty(record!.Modules);
        Assert.AreEqual((WorkflowNoteKind.Warning, DiagnosticCodes.FixModuleMapMissing), (notes[0].Kind, notes[0].Code));
        Assert.IsTrue(File.Exists(recordFile));

        var (none, noNotes) = InlineFixRecording.Run(
            temp.Combine("absent-list.txt"), References, temp.Combine("absent-map.txt"), recordFile, "/app/App.csproj");
        Assert.IsNull(none);
        Assert.IsEmpty(noNotes);
        Assert.IsFalse(File.Exists(recordFile), "a stale record is not left for dotnet mod fix");
    }
}
