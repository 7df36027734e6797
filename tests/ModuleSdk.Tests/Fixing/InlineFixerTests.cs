using System.Security.Cryptography;
using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fixing;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Fixing;

/// <summary>Applying fix builds' records: only files whose bytes are still what the build read, never half of a disagreement.</summary>
[TestClass]
public sealed class InlineFixerTests
{
    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    // A project with one source file and a record per target framework rewriting it to `rewritten`.
    private static (string Project, string Source) World(TempDir dir, string original, params string[] rewrittenPerFramework)
    {
        string project = dir.Combine("App", "App.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(project)!);
        File.WriteAllText(project, "<Project Sdk=\"ModuleSdk/1.0.0\" />");
        string source = dir.Combine("App", "Program.cs");
        File.WriteAllText(source, original);
        string records = InlineFixer.RecordFolder(project);
        Directory.CreateDirectory(records);
        for (int i = 0; i < rewrittenPerFramework.Length; i++)
        {
            string sidecar = dir.Combine("App", "obj", $"fix{i}.cs");
            File.WriteAllText(sidecar, rewrittenPerFramework[i]);
            var record = new InlineFixRecord(project,
                [new InlineFixFile(source, "Sha256", Sha256(original), sidecar, 2,
                    [new InlineFixSkip(7, "P.Foo.Twice(...)", "the statement is not in a block")])],
                [], ["example.com/p/v2"]);
            File.WriteAllText(Path.Combine(records, $"net{i + 8}.0.txt"), record.Format());
        }
        return (project, source);
    }

    [TestMethod]
    public void Record_RoundTrips()
    {
        var record = new InlineFixRecord("/a/App.csproj",
            [new InlineFixFile("/a/Program.cs", "Sha256", "ab", "/a/obj/x.cs", 3, [new InlineFixSkip(4, "P.Foo.M(...)", "why")]),
                new InlineFixFile("/a/B.cs", "Sha1", "cd", null, 0, [])],
            ["/ref/P.V2.dll"], ["example.com/p/v2"]);
        Assert.AreEqual(record.Format(), InlineFixRecord.Parse("r", record.Format()).Format());
        var e = Assert.ThrowsExactly<ModuleException>(() => InlineFixRecord.Parse("r", "modulesdk-inline-fixes 1\nrewritten\t/x\t1\n"));
        Assert.AreEqual(DiagnosticCodes.FixRecordMalformed, e.Code);
    }

    [TestMethod]
    public void Apply_RewritesUnchangedFiles_AndReportsSkippedSitesAndModules()
    {
        using var dir = new TempDir();
        var (project, source) = World(dir, "Foo.EnableFoo();\n", "Foo.SetFoo(true);\n", "Foo.SetFoo(true);\n");
        var dry = InlineFixer.Apply([project], dryRun: true);
        Assert.AreEqual(1, dry.Changes.Count);
        Assert.AreEqual("Foo.EnableFoo();\n", File.ReadAllText(source), "a dry run writes nothing");

        var outcome = InlineFixer.Apply([project]);
        Assert.AreEqual(0, outcome.Problems.Count, string.Join("\n", outcome.Problems.Select(p => p.Message)));
        Assert.AreEqual(new InlineFixer.Change(source, 2), outcome.Changes.Single());
        Assert.AreEqual("Foo.SetFoo(true);\n", File.ReadAllText(source));
        Assert.AreEqual(7, outcome.Skipped.Single().Site.Line);
        CollectionAssert.AreEqual(new[] { "example.com/p/v2" }, outcome.UsedModules.ToArray());

        // The same records again: the file is no longer what the build read.
        var again = InlineFixer.Apply([project]);
        Assert.AreEqual(0, again.Changes.Count);
        Assert.AreEqual(DiagnosticCodes.FixSourceChanged, again.Problems.Single().Code);
        Assert.AreEqual("Foo.SetFoo(true);\n", File.ReadAllText(source));
    }

    [TestMethod]
    public void Apply_LeavesAFileItsFrameworksRewroteDifferently()
    {
        using var dir = new TempDir();
        var (project, source) = World(dir, "Foo.EnableFoo();\n", "Foo.SetFoo(true);\n", "P.V2.Foo.SetFoo(true);\n");
        var outcome = InlineFixer.Apply([project]);
        Assert.AreEqual(0, outcome.Changes.Count);
        Assert.AreEqual(DiagnosticCodes.FixFrameworksDisagree, outcome.Problems.Single().Code);
        Assert.AreEqual("Foo.EnableFoo();\n", File.ReadAllText(source));
    }

    [TestMethod]
    public void Apply_WithoutRecords_Warns()
    {
        using var dir = new TempDir();
        var (project, _) = World(dir, "x\n");
        Assert.AreEqual(DiagnosticCodes.FixRecordMissing, InlineFixer.Apply([project]).Problems.Single().Code);
    }
}
