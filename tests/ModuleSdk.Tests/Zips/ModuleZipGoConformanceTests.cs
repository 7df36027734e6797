using ModuleSdk.Modules;
using ModuleSdk.Sums;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Zips;

namespace ModuleSdk.Tests.Zips;

/// <summary>
/// The go command is the oracle: zips ModuleSdk creates must be accepted by <c>go mod download</c>
/// with the same <c>h1:</c>, and zips ModuleSdk refuses must be refused by Go as well. The file
/// sets carry a go.mod next to module.mod so that Go sees a module too.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public class ModuleZipGoConformanceTests
{
    private const string GoMod = "go.mod";

    [TestMethod]
    public void CreatedZips_GoAcceptsWithSameSum()
    {
        GoTool.RequireGo();
        using var proxy = new GoProxyFixture();
        using var src = new TempDir("conf");
        var sets = new Dictionary<string, string[]>
        {
            ["example.com/plain"] = [GoMod, "module example.com/plain\n", "module.mod", "module example.com/plain\n", "src/Lib/Lib.cs", "class Lib {}\n",
                "LICENSE", "MIT\n"],
            ["example.com/omits"] = [GoMod, "module example.com/omits\n", "module.mod", "module example.com/omits\n", "a.cs", "a",
                ".git/HEAD", "ref: refs/heads/main\n", "nested/module.mod", "module example.com/omits/nested\n", "nested/n.cs", "n", ".hg_archival.txt", "x"],
            ["example.com/unicode"] = [GoMod, "module example.com/unicode\n", "module.mod", "module example.com/unicode\n", "dir/ünïcödé.cs", "u", "Straße.txt",
                "s", "with space.txt", "", "a/b/c/d/e.txt", "deep"],
        };
        var sums = new Dictionary<string, string>();
        foreach (var (path, files) in sets)
        {
            var dir = Path.Combine(src.Path, path.Replace('/', '_'));
            ZipFiles.WriteTree(dir, files);
            if (path == "example.com/omits") File.CreateSymbolicLink(Path.Combine(dir, "link.cs"), "a.cs");
            var ms = new MemoryStream();
            ModuleZip.CreateFromDirectory(ms, new ModuleId(path, "v1.0.0"), dir);
            proxy.Publish(path, "v1.0.0", ms.ToArray());
            sums[path] = Hash1.HashZip(new MemoryStream(ms.ToArray()));
        }
        var got = proxy.Download(sets.Keys.Select(p => p + "@v1.0.0").ToArray());
        foreach (var (path, sum) in sums)
        {
            var r = got[path];
            Assert.IsFalse(r.TryGetProperty("Error", out var err), $"{path}: {err}");
            Assert.AreEqual(r.GetProperty("Sum").GetString(), sum, path);
            Assert.AreEqual(sum, Hash1.HashDir(r.GetProperty("Dir").GetString()!, path + "@v1.0.0"), path);
        }
        var omits = got["example.com/omits"].GetProperty("Dir").GetString()!;
        Assert.IsFalse(Directory.Exists(Path.Combine(omits, "nested")));
        Assert.IsFalse(Directory.Exists(Path.Combine(omits, ".git")));
        Assert.IsFalse(File.Exists(Path.Combine(omits, "link.cs")));
    }

    [TestMethod]
    public void InvalidZips_RefusedByBothGoAndModuleSdk()
    {
        GoTool.RequireGo();
        using var proxy = new GoProxyFixture();
        using var tmp = new TempDir("conf");
        var sets = new Dictionary<string, (string Name, string Content)[]>
        {
            ["example.com/casecollision"] = [("a.cs", "1"), ("A.CS", "2")],
            ["example.com/duplicate"] = [("a.cs", "1"), ("a.cs", "2")],
            ["example.com/fileanddir"] = [("a", "1"), ("a/b", "2")],
            ["example.com/dotdot"] = [("../evil", "1")],
            ["example.com/notclean"] = [("x/../y", "1")],
            ["example.com/badchar"] = [("x.cs'", "1")],
            ["example.com/reserved"] = [("com1.txt", "1")],
        };
        foreach (var (path, entries) in sets)
        {
            var prefix = path + "@v1.0.0/";
            var zip = GoProxyFixture.RawZip([(prefix + GoMod, $"module {path}\n"), .. entries.Select(e => (prefix + e.Name, e.Content))]);
            proxy.Publish(path, "v1.0.0", zip);
            var file = Path.Combine(tmp.Path, path.Replace('/', '_') + ".zip");
            File.WriteAllBytes(file, zip);
            Assert.IsFalse(ModuleZip.CheckZip(file, new ModuleId(path, "v1.0.0")).IsValid, path);
        }
        var got = proxy.Download(sets.Keys.Select(p => p + "@v1.0.0").ToArray());
        foreach (var path in sets.Keys)
            Assert.IsTrue(got[path].TryGetProperty("Error", out _), $"go accepted {path}");
    }
}
