using System.Security.Cryptography;
using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fixing;
using ModuleSdk.Resolution;
using ModuleSdk.Tests.Resolution;

namespace ModuleSdk.Tests.Fixing;

/// <summary>fix's workflow after its builds: rewrite, require what the rewritten code uses, save (not on a dry run).</summary>
[TestClass]
public sealed class ModuleFixTests
{
    private const string Main = "module example.com/app\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.2.0\n)\n";

    // A ModuleSdk project in the main module whose fix record rewrites Program.cs and uses example.com/d.
    private static (string Project, string Source) World(LoaderFixture f)
    {
        string project = Path.Combine(f.MainDir, "App", "App.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(project)!);
        File.WriteAllText(project, "<Project Sdk=\"ModuleSdk/1.0.0\" />");
        string source = Path.Combine(f.MainDir, "App", "Program.cs");
        const string original = "A.Old();\n";
        File.WriteAllText(source, original);
        string sidecar = Path.Combine(f.MainDir, "App", "obj", "fix.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(sidecar)!);
        File.WriteAllText(sidecar, "D.New();\n");
        string records = InlineFixer.RecordFolder(project);
        Directory.CreateDirectory(records);
        var record = new InlineFixRecord(project,
            [new InlineFixFile(source, "Sha256", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(original))), sidecar, 1, [])],
            [], ["example.com/d"]);
        File.WriteAllText(Path.Combine(records, "net10.0.txt"), record.Format());
        return (project, source);
    }

    [TestMethod]
    public async Task Apply_RewritesRequiresAndSaves_DryRunWritesNothing()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.WriteMain(Main);
        var (project, source) = World(f);
        var loader = f.Loader();
        CollectionAssert.AreEqual(new[] { project }, ModuleFix.Projects(loader.Main).ToArray());

        InlineFixer.Outcome? seen = null;
        var dry = await ModuleFix.ApplyAsync(f.Loader(), [project], dryRun: true, rewritten: o => seen = o);
        Assert.AreEqual(1, seen!.Changes.Count, "the callback sees the rewrite");
        Assert.AreEqual("example.com/d@v1.2.0", dry.Required.Single().ToString());
        Assert.AreEqual("A.Old();\n", File.ReadAllText(source));
        Assert.AreEqual(Main, File.ReadAllText(f.ModFile));
        Assert.IsFalse(File.Exists(f.SumFile));

        var outcome = await ModuleFix.ApplyAsync(loader, [project]);
        Assert.IsFalse(outcome.NothingToFix);
        Assert.AreEqual("D.New();\n", File.ReadAllText(source));
        StringAssert.Contains(File.ReadAllText(f.ModFile), "\texample.com/d v1.2.0\n");
        Assert.IsFalse(File.ReadAllText(f.ModFile).Contains("example.com/d v1.2.0 // indirect", StringComparison.Ordinal));
        StringAssert.Contains(File.ReadAllText(f.SumFile), "example.com/d v1.2.0/module.mod h1:");

        // The same records again: nothing rewritten, so nothing required and module.mod untouched.
        string mod = File.ReadAllText(f.ModFile);
        var again = await ModuleFix.ApplyAsync(f.Loader(), [project]);
        Assert.IsTrue(again.NothingToFix);
        Assert.AreEqual(mod, File.ReadAllText(f.ModFile));
    }

    [TestMethod]
    public void Projects_NoneIsAnError()
    {
        using var f = new LoaderFixture();
        f.WriteMain(Main);
        var e = Assert.ThrowsExactly<ModuleException>(() => ModuleFix.Projects(MainModule.Load(f.MainDir)));
        Assert.AreEqual(DiagnosticCodes.FixNoProjects, e.Code);
    }
}
