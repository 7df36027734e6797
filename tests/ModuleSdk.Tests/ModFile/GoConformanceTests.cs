using ModuleSdk.ModFile;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.ModFile;

/// <summary>
/// Differential tests against the go command: the same file text through <c>go mod edit -fmt</c>,
/// <c>go mod edit -json</c> and <c>go mod edit -require=... </c> must give byte-identical output
/// to our formatter, JSON view and edits. Files carry no <c>go</c> line (a Go-only directive).
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class GoConformanceTests
{
    /// <summary>Inputs covering every directive, comments, blocks, spacing and quoting.</summary>
    public static IEnumerable<object[]> Files =>
    [
        ["module-only", "module example.com/m\n"],
        ["module-quoted", "module \"example.com/m\"\n"],
        ["module-block", "module (\n\texample.com/m\n)\n"],
        ["deprecated", "// Deprecated: use example.com/n instead.\nmodule example.com/m\n"],
        ["deprecated-paragraph", "// Module m does things.\n//\n// Deprecated: use n.\n// Really.\n//\n// More text.\nmodule example.com/m // trailing\n"],
        ["deprecated-suffix", "module example.com/m // Deprecated: gone\n"],
        ["requires-lines",
            "module example.com/m\n\nrequire example.com/b v1.0.0\nrequire example.com/a v1.2.3 // indirect\n" +
            "require example.com/c v0.0.0-20191109021931-daa7c04131f5\n"],
        ["requires-block",
            "module example.com/m\n\nrequire (\n\texample.com/z v1.0.0\n\t// about a\n\texample.com/a v1.1.0 // indirect\n\n\n" +
            "\texample.com/y v2.0.0+incompatible\n\texample.com/x/v3 v3.1.0 // indirect; needed by y\n\t// trailing\n)\n"],
        ["paren-comments", "module example.com/m\n\nrequire ( // why\n\texample.com/a v1.0.0\n) // closing\n"],
        ["odd-spacing",
            "module    example.com/m   \n\n\n\n  require\texample.com/a    v1.0.0\t//\tcomment   \r\nrequire (\r\n    example.com/b v1.0.0\r\n" +
            "      example.com/c    v1.0.0\r\n)\r\n"],
        ["crlf", "module example.com/m\r\n\r\nrequire example.com/a v1.0.0\r\n// c\r\n"],
        ["no-final-newline", "module example.com/m\nrequire example.com/a v1.0.0"],
        ["noncanonical",
            "module example.com/m\nrequire example.com/a v1.2\nexclude example.com/b v1\nreplace example.com/c v1.0 => example.com/d v2.0.0+meta\n" +
            "require example.com/e \"v1.4.0\"\n"],
        ["exclude",
            "module example.com/m\nexclude example.com/a v1.0.0\nexclude (\n\texample.com/b v1.0.0\n\texample.com/a v1.1.0\n\texample.com/b v1.0.0\n)\n"],
        ["replace", "module example.com/m\nreplace example.com/a => ../a\nreplace example.com/b v1.0.0 => example.com/c v1.1.0\nreplace (\n" +
            "\texample.com/d => /abs/d\n\texample.com/e v1.2.0 => \"./dir with space\"\n\texample.com/f => ./f//g\n\t\"example.com/g\" => C:/work/g\n)\n"],
        ["replace-dups", "module example.com/m\nreplace example.com/a => ../a1\nreplace example.com/a => ../a2\nreplace example.com/a v1.0.0 => ../a3\n"],
        ["retract", "module example.com/m\n\n// Published by mistake.\nretract v1.0.1\n\nretract [v1.1.0, v1.2.0] // broken build\n\nretract (\n\tv0.9.0\n" +
            "\t// Security issue.\n\t[ v1.3.0 , v1.3.5 ]\n\tv2.0.0\n)\n"],
        ["retract-block-comment", "module example.com/m\n\n// All of these are bad.\nretract (\n\tv1.0.0\n\tv1.0.1 // bad too\n)\n"],
        ["empty-blocks", "module example.com/m\n\nrequire ()\n\nexclude (\n)\n"],
        ["comments-everywhere",
            "// top of file\n\n// about module\nmodule example.com/m // suffix\n// after module\n\n// floating block\n// second line\n\n" +
            "require example.com/a v1.0.0\n\n// end of file\n"],
        ["unsorted", "module example.com/m\nrequire (\n\texample.com/c v1.0.0\n\texample.com/a v1.0.0\n\texample.com/b v1.0.0\n\texample.com/a v0.9.0\n)\n"],
        ["gopkg", "module example.com/m\nrequire gopkg.in/yaml.v2 v2.4.0\nrequire gopkg.in/check.v1 v0.0.0-20161208181325-20d25e280405\n"],
        ["major", "module example.com/m/v2\nrequire example.com/x/v2 v2.3.0\n"],
        ["unicode", "module example.com/m\nreplace example.com/ü => ./ü // é\n"],
        ["indirect-variants",
            "module example.com/m\nrequire (\n\texample.com/a v1.0.0 // indirect\n\texample.com/b v1.0.0 //indirect\n" +
            "\texample.com/c v1.0.0 // indirect; reason\n\texample.com/d v1.0.0 // indirect;\n\texample.com/e v1.0.0 // not indirect\n)\n"],
        ["no-module", "require example.com/a v1.0.0\n"],
        ["empty", ""],
        ["only-comments", "// just a comment\n"],
    ];

    public static string DisplayName(System.Reflection.MethodInfo _, object?[]? data) => (string)data![0]!;

    [TestMethod]
    [DynamicData(nameof(Files), DynamicDataDisplayName = nameof(DisplayName))]
    public void Format_MatchesGoModEditFmt(string name, string text)
    {
        GoTool.RequireGo();
        var (exit, goOut, stderr) = RunGoModEdit(name, text, "-fmt");
        Assert.AreEqual(0, exit, stderr);
        var ours = ModuleFile.Parse("module.mod", text).FormatCanonical();
        Assert.AreEqual(goOut, ours);
        // Formatting is a fixed point.
        Assert.AreEqual(ours, ModuleFile.Parse("module.mod", ours).FormatCanonical());
    }

    [TestMethod]
    [DynamicData(nameof(Files), DynamicDataDisplayName = nameof(DisplayName))]
    public void Json_MatchesGoModEditJson(string name, string text)
    {
        GoTool.RequireGo();
        var (exit, goOut, stderr) = RunGoModEdit(name, text, "-json");
        Assert.AreEqual(0, exit, stderr);
        var file = ModuleFile.Parse("module.mod", text);
        file.SortBlocks();
        file.Cleanup();
        Assert.AreEqual(goOut, ModFileJson.Serialize(file));
    }

    /// <summary>Edit scripts: go mod edit flags, and the same edits through our methods.</summary>
    public static IEnumerable<object[]> Edits =>
    [
        ["require-new", new[] { "-require=example.com/new@v1.0.0" }, (Action<ModuleFile>)(f => f.AddRequire("example.com/new", "v1.0.0"))],
        ["require-update", new[] { "-require=example.com/b@v1.5.0" }, (Action<ModuleFile>)(f => f.AddRequire("example.com/b", "v1.5.0"))],
        ["droprequire", new[] { "-droprequire=example.com/b", "-droprequire=example.com/a" },
            (Action<ModuleFile>)(f => { f.DropRequire("example.com/b"); f.DropRequire("example.com/a"); })],
        ["exclude", new[] { "-exclude=example.com/a@v1.0.1", "-exclude=example.com/z@v0.1.0" },
            (Action<ModuleFile>)(f => { f.AddExclude("example.com/a", "v1.0.1"); f.AddExclude("example.com/z", "v0.1.0"); })],
        ["dropexclude", new[] { "-dropexclude=example.com/x@v1.0.0" }, (Action<ModuleFile>)(f => f.DropExclude("example.com/x", "v1.0.0"))],
        ["replace", new[] { "-replace=example.com/a=../a", "-replace=example.com/b@v1.0.0=example.com/c@v1.1.0", "-replace=example.com/r=./r2" },
            (Action<ModuleFile>)(f =>
            {
                f.AddReplace("example.com/a", "", "../a", ""); f.AddReplace("example.com/b", "v1.0.0", "example.com/c", "v1.1.0");
                f.AddReplace("example.com/r", "", "./r2", "");
            })],
        ["dropreplace", new[] { "-dropreplace=example.com/r" }, (Action<ModuleFile>)(f => f.DropReplace("example.com/r", ""))],
        ["retract", new[] { "-retract=v1.0.1", "-retract=[v1.1.0,v1.2.0]" },
            (Action<ModuleFile>)(f => { f.AddRetract(VersionInterval.Single("v1.0.1")); f.AddRetract(new VersionInterval("v1.1.0", "v1.2.0")); })],
        ["dropretract", new[] { "-dropretract=v0.9.0" }, (Action<ModuleFile>)(f => f.DropRetract(VersionInterval.Single("v0.9.0")))],
        ["module", new[] { "-module=example.com/renamed" }, (Action<ModuleFile>)(f => f.AddModuleStmt("example.com/renamed"))],
        ["mixed", new[] { "-droprequire=example.com/a", "-require=example.com/a@v2.0.0+incompatible", "-exclude=example.com/b@v1.1.0",
            "-dropreplace=example.com/r", "-replace=example.com/r@v1.0.0=../r" },
            (Action<ModuleFile>)(f =>
            {
                f.DropRequire("example.com/a"); f.AddRequire("example.com/a", "v2.0.0+incompatible"); f.AddExclude("example.com/b", "v1.1.0");
                f.DropReplace("example.com/r", ""); f.AddReplace("example.com/r", "v1.0.0", "../r", "");
            })],
    ];

    private const string EditBase =
        "// Main module.\nmodule example.com/m\n\nrequire (\n\texample.com/a v1.0.0 // keep me\n\texample.com/b v1.0.0\n)\n\n" +
        "require example.com/c v1.0.0 // indirect\n\nexclude example.com/x v1.0.0\n\nreplace example.com/r => ./r // local\n\nretract v0.9.0 // oops\n";

    [TestMethod]
    [DynamicData(nameof(Edits), DynamicDataDisplayName = nameof(DisplayName))]
    public void Edits_MatchGoModEdit(string name, string[] flags, Action<ModuleFile> edit)
    {
        GoTool.RequireGo();
        var (exit, goOut, stderr) = RunGoModEdit(name, EditBase, [.. flags, "-print"]);
        Assert.AreEqual(0, exit, stderr);
        var file = ModuleFile.Parse("module.mod", EditBase);
        edit(file);
        Assert.AreEqual(goOut, file.FormatCanonical());
    }

    private static (int Exit, string Stdout, string Stderr) RunGoModEdit(string name, string text, params string[] flags)
    {
        using var dir = new TempDir("modfile-" + name);
        var work = dir.Combine("w");
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "go.mod"), text);
        var r = GoTool.Run(work, dir.Combine("gopath"), "off", ["mod", "edit", .. flags]);
        string output = flags.Contains("-fmt") ? File.ReadAllText(Path.Combine(work, "go.mod")) : r.Stdout;
        return (r.ExitCode, output, r.Stderr);
    }
}
