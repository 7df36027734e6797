using System.Text;
using ModuleSdk.ModFile;
using ModuleSdk.Modules;
using ModuleSdk.Tests.Cli;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Zips;

namespace ModuleSdk.Tests.Usage;

/// <summary>
/// Usage-driven tidy against <c>go mod tidy</c> (Go 1.19, classic MVS via <c>go 1.16</c>) on the
/// same proxy, where each module also holds a Go package importing what its module requires:
/// the main module "imports" in Go what its usage record says it uses in .NET, and both must
/// write the same requirements with the same <c>// indirect</c> marks.
/// <code>
/// a v1.0.0 -> b v1.0.0 (imports b);  c v1.0.0 -> b v1.1.0 (imports b);  b v1.0.0, v1.1.0;  d v1.0.0
/// main requires a v1.0.0, c v1.0.0, d v1.0.0
/// </code>
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class GoTidyConformanceTests
{
    private const string MainMod = "module example.com/main\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/c v1.0.0\n\texample.com/d v1.0.0\n)\n";

    [TestMethod]
    [DataRow("example.com/a")]
    [DataRow("example.com/a example.com/b")]
    [DataRow("example.com/b")]
    [DataRow("example.com/c example.com/d")]
    [DataRow("example.com/a example.com/c")]
    [DataRow("")]
    public async Task Tidy_SameRequirementsAsGoModTidy(string used)
    {
        GoTool.RequireGo();
        using var f = new CliFixture();
        Add(f, "example.com/a", "v1.0.0", "example.com/b v1.0.0");
        Add(f, "example.com/b", "v1.0.0", null);
        Add(f, "example.com/b", "v1.1.0", null);
        Add(f, "example.com/c", "v1.0.0", "example.com/b v1.1.0");
        Add(f, "example.com/d", "v1.0.0", null);
        f.WriteMod(MainMod);
        var imports = used.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        UsageWorld.Record(UsageWorld.Project(f.Work, "App"), "net10.0", imports);
        await f.Ok("tidy");

        Directory.CreateDirectory(f.GoWork);
        File.WriteAllText(Path.Combine(f.GoWork, "main.go"),
            "package main\n\nimport (\n" + string.Concat(imports.Select(i => $"\t_ \"{i}\"\n")) + ")\n\nfunc main() {}\n");
        f.GoOk(Universe.GoTwin(MainMod), "mod", "tidy");
        string goMod = File.ReadAllText(Path.Combine(f.GoWork, "go.mod"));

        Assert.AreEqual(Requirements(goMod), Requirements(f.Mod!), $"go.mod:\n{goMod}\nmodule.mod:\n{f.Mod}");
    }

    private static string Requirements(string text) =>
        string.Join("\n",
            ModuleFile.ParseLax("f", text).Require.Select(r => $"{r.Mod.Path} {r.Mod.Version}{(r.Indirect ? " // indirect" : "")}")
            .Order(StringComparer.Ordinal));

    // A module version whose Go package imports the package of each module it requires.
    private static void Add(CliFixture f, string path, string version, string? require)
    {
        string mod = $"module {path}\n" + (require is null ? "" : $"\nrequire {require}\n");
        string name = path[(path.LastIndexOf('/') + 1)..];
        string go = $"package {name}\n" + (require is null ? "" : $"\nimport _ \"{require.Split(' ')[0]}\"\n");
        string dir = f.Proxy.VersionDir(path);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, version + ".mod"), mod);
        File.WriteAllText(Path.Combine(dir, version + ".info"), $"{{\"Version\":\"{version}\",\"Time\":\"2024-01-02T03:04:05Z\"}}");
        using (var zip = File.Create(Path.Combine(dir, version + ".zip")))
            ModuleZip.Create(zip, new ModuleId(path, version),
            [
                new MemoryModuleFile("module.mod", Encoding.UTF8.GetBytes(mod)),
                new MemoryModuleFile(name + ".go", Encoding.UTF8.GetBytes(go)),
            ]);
        File.AppendAllText(Path.Combine(dir, "list"), version + "\n");
    }
}
