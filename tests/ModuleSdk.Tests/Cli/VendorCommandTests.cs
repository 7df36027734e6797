using System.Text;
using ModuleSdk.Modules;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Zips;

namespace ModuleSdk.Tests.Cli;

/// <summary>
/// <c>dotnet mod vendor</c> against a file:// proxy, and against <c>go mod vendor</c> on the same
/// graph: modules whose trees hold a Go package at their root (imported by the main module or a
/// dependency) and a .NET project, so both tools see every module of the build list as used.
/// </summary>
[TestClass]
public sealed class VendorCommandTests
{
    private const string Requires =
        "require (\n\texample.com/a v1.0.0\n\texample.com/b v1.0.0\n\texample.com/c v1.0.0\n)\n\n" +
        "replace example.com/c => ./localc\n\nreplace example.com/zz v1.0.0 => example.com/d v1.0.0\n";

    private const string ModText = "module example.com/main\n\n" + Requires;

    private const string Expected =
        "# example.com/a v1.0.0\n## explicit\nexample.com/a\n" +
        "# example.com/b v1.0.0\n## explicit\nexample.com/b\n" +
        "# example.com/c v1.0.0 => ./localc\n## explicit\nexample.com/c\n" +
        "# example.com/d v1.1.0\nexample.com/d\n" +
        "# example.com/c => ./localc\n" +
        "# example.com/zz v1.0.0 => example.com/d v1.0.0\n";

    private static CliFixture World()
    {
        var f = new CliFixture();
        Add(f, "example.com/a", "v1.0.0", "example.com/d v1.0.0");
        Add(f, "example.com/b", "v1.0.0", "example.com/d v1.1.0");
        Add(f, "example.com/d", "v1.0.0", null);
        Add(f, "example.com/d", "v1.1.0", null);
        foreach (var root in new[] { f.Work, f.GoWork })
        {
            string c = Path.Combine(root, "localc");
            Directory.CreateDirectory(Path.Combine(c, "bin"));
            File.WriteAllText(Path.Combine(c, "module.mod"), "module example.com/c\n");
            File.WriteAllText(Path.Combine(c, "go.mod"), "module example.com/c\n");
            File.WriteAllText(Path.Combine(c, "c.go"), "package c\n");
            File.WriteAllText(Path.Combine(c, "C.csproj"), "<Project Sdk=\"ModuleSdk/1.0.0\" />\n");
            File.WriteAllText(Path.Combine(c, "bin", "C.dll"), "build output");
        }
        f.WriteMod(ModText);
        return f;
    }

    // A module whose root is a Go package importing what it requires, and a .NET project with a source file below it.
    private static void Add(CliFixture f, string path, string version, string? require)
    {
        string mod = $"module {path}\n" + (require is null ? "" : $"\nrequire {require}\n");
        string name = path[(path.LastIndexOf('/') + 1)..];
        string go = $"package {name}\n" + (require is null ? "" : $"\nimport _ \"{require.Split(' ')[0]}\"\n");
        string dir = f.Proxy.VersionDir(path);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, version + ".mod"), mod);
        File.WriteAllText(Path.Combine(dir, version + ".info"), $"{{\"Version\":\"{version}\",\"Time\":\"2024-01-02T03:04:05Z\"}}");
        File.AppendAllText(Path.Combine(dir, "list"), version + "\n");
        using var zip = File.Create(Path.Combine(dir, version + ".zip"));
        ModuleZip.Create(zip, new ModuleId(path, version),
        [
            new MemoryModuleFile("module.mod", Encoding.UTF8.GetBytes(mod)),
            new MemoryModuleFile(name + ".go", Encoding.UTF8.GetBytes(go)),
            new MemoryModuleFile(name.ToUpperInvariant() + ".csproj", Encoding.UTF8.GetBytes("<Project Sdk=\"ModuleSdk/1.0.0\" />\n")),
            new MemoryModuleFile("src/" + name + ".cs", Encoding.UTF8.GetBytes($"// {path} {version}\n")),
        ]);
    }

    private static string[] Files(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(dir, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToArray();

    [TestMethod]
    public async Task Vendor_WritesModulesTxtAndTrees()
    {
        using var f = World();
        var r = await f.Ok("vendor", "-v");
        string vendor = Path.Combine(f.Work, "vendor");
        Assert.AreEqual(Expected, File.ReadAllText(Path.Combine(vendor, "modules.txt")));
        Assert.AreEqual(Expected, r.Error, "-v prints the modules.txt lines to stderr");
        Assert.AreEqual("", r.Out);
        CollectionAssert.AreEqual(new[]
        {
            "example.com/a/A.csproj", "example.com/a/a.go", "example.com/a/module.mod", "example.com/a/src/a.cs",
            "example.com/b/B.csproj", "example.com/b/b.go", "example.com/b/module.mod", "example.com/b/src/b.cs",
            "example.com/c/C.csproj", "example.com/c/c.go", "example.com/c/go.mod", "example.com/c/module.mod",
            "example.com/d/D.csproj", "example.com/d/d.go", "example.com/d/module.mod", "example.com/d/src/d.cs",
            "modules.txt",
        }, Files(vendor));
        Assert.AreEqual("// example.com/d v1.1.0\n", File.ReadAllText(Path.Combine(vendor, "example.com", "d", "src", "d.cs")));
        StringAssert.Contains(f.Sum, "example.com/d v1.1.0 h1:", "module.sum gets the lines a restore would add");

        // Again, quietly: same result.
        r = await f.Ok("vendor");
        Assert.AreEqual("", r.Error);
        Assert.AreEqual(Expected, File.ReadAllText(Path.Combine(vendor, "modules.txt")));
    }

    [TestMethod]
    public async Task Vendor_MatchesGoModVendor()
    {
        using var f = World();
        await f.Ok("vendor");
        File.WriteAllText(Path.Combine(f.GoWork, "main.go"),
            "package main\n\nimport (\n\t_ \"example.com/a\"\n\t_ \"example.com/b\"\n\t_ \"example.com/c\"\n)\n\nfunc main() {}\n");
        // go 1.16: classic MVS, and the modules.txt flavour without "## go" annotations.
        string goMod = "module example.com/main\n\ngo 1.16\n\n" + Requires;
        f.GoOk(goMod, "mod", "tidy"); // go.sum: go mod vendor does not add missing lines
        f.GoOk(goMod, "mod", "vendor");
        string ours = Path.Combine(f.Work, "vendor"), go = Path.Combine(f.GoWork, "vendor");
        Assert.AreEqual(File.ReadAllText(Path.Combine(go, "modules.txt")), File.ReadAllText(Path.Combine(ours, "modules.txt")));
        // Go copies the packages' files; ModuleSdk the whole trees: every file Go vendored is in ours, byte for byte.
        foreach (var file in Files(go))
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(go, file)), File.ReadAllBytes(Path.Combine(ours, file)), file);
    }

    [TestMethod]
    public async Task Vendor_OutputFlag_WritesThereOnly()
    {
        using var f = World();
        await f.Ok("vendor", "-o", "out/v");
        Assert.AreEqual(Expected, File.ReadAllText(Path.Combine(f.Work, "out", "v", "modules.txt")));
        Assert.IsFalse(Directory.Exists(Path.Combine(f.Work, "vendor")));
    }

    [TestMethod]
    public async Task Vendor_NoDependencies_RemovesVendorAndSaysSo()
    {
        using var f = new CliFixture();
        f.WriteMod("module example.com/main\n");
        Directory.CreateDirectory(Path.Combine(f.Work, "vendor"));
        File.WriteAllText(Path.Combine(f.Work, "vendor", "modules.txt"), "# example.com/old v1.0.0\nexample.com/old\n");
        var r = await f.Ok("vendor");
        Assert.AreEqual("dotnet mod: no dependencies to vendor\n", r.Error);
        Assert.IsFalse(Directory.Exists(Path.Combine(f.Work, "vendor")));
    }

    [TestMethod]
    public async Task Vendor_ForeignVendorDirectory_MOD5205NothingFetched()
    {
        using var f = World();
        Directory.CreateDirectory(Path.Combine(f.Work, "vendor"));
        File.WriteAllText(Path.Combine(f.Work, "vendor", "lib.js"), "x");
        var r = await f.Fails(1, "vendor");
        StringAssert.StartsWith(r.Error, "error MOD5205: ");
        Assert.IsFalse(Directory.Exists(f.Cache), "nothing was downloaded");
        Assert.IsTrue(File.Exists(Path.Combine(f.Work, "vendor", "lib.js")));
    }

    [TestMethod]
    public async Task Vendor_ProxyOff_FailsAndKeepsPreviousVendor()
    {
        using var f = World();
        await f.Ok("vendor");
        f.WriteMod(ModText.Replace("example.com/b v1.0.0", "example.com/b v1.0.0\n\texample.com/e v1.0.0"));
        var r = await f.RunWith("MODPROXY", "off", "vendor");
        Assert.AreEqual(1, r.ExitCode, r.ToString());
        StringAssert.Contains(r.Error, "MOD6007");
        Assert.AreEqual(Expected, File.ReadAllText(Path.Combine(f.Work, "vendor", "modules.txt")));
        Assert.AreEqual(0, Directory.GetDirectories(f.Work, ".vendor.*").Length);
    }

    [TestMethod]
    [DataRow("extra")]
    [DataRow("-x")]
    public async Task Vendor_BadUsage_Exit2(string arg)
    {
        using var f = World();
        var r = await f.Fails(2, "vendor", arg);
        StringAssert.Contains(r.Error, "usage: dotnet mod vendor [-v] [-o outdir]");
    }
}
