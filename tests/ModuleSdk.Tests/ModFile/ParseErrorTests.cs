using ModuleSdk.Diagnostics;
using ModuleSdk.ModFile;

namespace ModuleSdk.Tests.ModFile;

/// <summary>Bad input: every error has a stable code and Go's message and location.</summary>
[TestClass]
public sealed class ParseErrorTests
{
    [TestMethod]
    // Lexical and block syntax.
    [DataRow("module example.com/m /* c */\n", "MOD2001", "module.mod:1:22: mod files must use // comments (not /* */ comments)")]
    [DataRow("module example.com/m/*c*/\n", "MOD2001", "module.mod:1:21: mod files must use // comments (not /* */ comments)")]
    [DataRow("module \"example.com/m\n", "MOD2001", "module.mod:1:22: unexpected newline in string")]
    [DataRow("module \"example.com/m", "MOD2001", "module.mod:1:8: unexpected EOF in string")]
    [DataRow("module \"a\\", "MOD2001", "module.mod:1:8: unexpected EOF in string")]
    [DataRow("module a\u0001b\n", "MOD2001", "module.mod:1:9: unexpected input character '\\x01'")]
    [DataRow("require (\n\ta v1.0.0\n", "MOD2001", "module.mod:3:1: syntax error (unterminated block started at module.mod:1:1)")]
    [DataRow("require (\n\ta v1.0.0\n) x\n", "MOD2001", "module.mod:3:4: syntax error (expected newline after closing paren)")]
    // Directives.
    [DataRow("module example.com/m\ngo 1.16\n", "MOD2002", "module.mod:2:1: unknown directive: go")]
    [DataRow("module example.com/m\ntoolchain go1.21\n", "MOD2002", "module.mod:2:1: unknown directive: toolchain")]
    [DataRow("module example.com/m\nfoo (\n\tbar\n)\n", "MOD2002", "module.mod:2:1: unknown block type: foo")]
    [DataRow("module example.com/m\nrequire x (\n\tbar\n)\n", "MOD2002", "module.mod:2:1: unknown block type: require x")]
    [DataRow("module\n", "MOD2003", "module.mod:1:1: usage: module module/path")]
    [DataRow("module a b\n", "MOD2003", "module.mod:1:1: usage: module module/path")]
    [DataRow("module 'a'\n", "MOD2004", "module.mod:1:1: invalid quoted string: unquoted string cannot contain quote")]
    [DataRow("module \"a\\q\"\n", "MOD2004", "module.mod:1:1: invalid quoted string: invalid syntax")]
    [DataRow("module `a`\n", "MOD2004", "module.mod:1:1: invalid quoted string: unquoted string cannot contain quote")]
    [DataRow("module a.com/x\nmodule a.com/y\n", "MOD2005", "module.mod:2:1: repeated module statement")]
    [DataRow("module m.com/m\nrequire a.com/x\n", "MOD2003", "module.mod:2:1: usage: require module/path v1.2.3")]
    [DataRow("module m.com/m\nexclude a.com/x v1.0.0 extra\n", "MOD2003", "module.mod:2:1: usage: exclude module/path v1.2.3")]
    [DataRow("module m.com/m\nrequire (\n\ta.com/x\n)\n", "MOD2003", "module.mod:3:2: usage: require module/path v1.2.3")]
    [DataRow("module m.com/m\nrequire a.com/x 1.0.0\n", "MOD2007", "module.mod:2:1: require a.com/x: version \"1.0.0\" invalid: must be of the form v1.2.3")]
    [DataRow("module m.com/m\nrequire a.com/x v1.0.0'\n", "MOD2004",
        "module.mod:2:1: require a.com/x: version \"v1.0.0'\" invalid: unquoted string cannot contain quote")]
    [DataRow("module m.com/m\nrequire a.com/x/v2 v1.0.0\n", "MOD2009", "module.mod:2:1: require a.com/x/v2: version \"v1.0.0\" invalid: should be v2, not v1")]
    [DataRow("module m.com/m\nexclude a.com/x v2.0.0\n", "MOD2009", "module.mod:2:1: exclude a.com/x: version \"v2.0.0\" invalid: should be v0 or v1, not v2")]
    [DataRow("module m.com/m\nrequire a.com/x/v1 v1.0.0\n", "MOD2010", "module.mod:2:1: invalid module path")]
    [DataRow("module m.com/m\nreplace a.com/x\n", "MOD2003",
        "module.mod:2:1: usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory")]
    [DataRow("module m.com/m\nreplace a.com/x v1.0.0 b.com/y v1.0.0\n", "MOD2003",
        "module.mod:2:1: usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory")]
    [DataRow("module m.com/m\nreplace a.com/x => b.com/y\n", "MOD2011",
        "module.mod:2:1: replacement module without version must be directory path (rooted or starting with ./ or ../)")]
    [DataRow("module m.com/m\nreplace a.com/x => ./y v1.0.0\n", "MOD2011", "module.mod:2:1: replacement module directory path \"./y\" cannot have version")]
    [DataRow("module m.com/m\nreplace a.com/x => .\\y\n", "MOD2011",
        "module.mod:2:1: replacement directory appears to be Windows path (on a non-windows system)")]
    [DataRow("module m.com/m\nreplace a.com/x v1 => b.com/y vx\n", "MOD2007",
        "module.mod:2:1: replace b.com/y: version \"vx\" invalid: must be of the form v1.2.3")]
    [DataRow("module m.com/m\nreplace a.com/x/v3 v2.0.0 => ../x\n", "MOD2009",
        "module.mod:2:1: replace a.com/x/v3: version \"v2.0.0\" invalid: should be v3, not v2")]
    [DataRow("module m.com/m\nretract\n", "MOD2003", "module.mod:2:1: expected '[' or version")]
    [DataRow("module m.com/m\nretract [\n", "MOD2003", "module.mod:2:1: expected version after '['")]
    [DataRow("module m.com/m\nretract [v1.0.0 v1.1.0]\n", "MOD2003", "module.mod:2:1: expected ',' after version")]
    [DataRow("module m.com/m\nretract [v1.0.0,]\n", "MOD2003", "module.mod:2:1: expected ']' after version")]
    [DataRow("module m.com/m\nretract [v1.0.0, v1.1.0\n", "MOD2003", "module.mod:2:1: expected ']' after version")]
    [DataRow("module m.com/m\nretract v1.0.0 v1.1.0\n", "MOD2003", "module.mod:2:1: unexpected token after version: \"v1.1.0\"")]
    [DataRow("module m.com/m\nretract (\n\t[v1.0.0 , v1.1.0] x\n)\n", "MOD2003", "module.mod:3:2: unexpected token after version: \"x\"")]
    public void Parse_BadInput_ReportsGoError(string text, string code, string located)
    {
        var e = Assert.ThrowsExactly<ModFileException>(() => ModuleFile.Parse("module.mod", text));
        Assert.AreEqual(code, e.Code);
        Assert.AreEqual(located, e.LocatedMessage);
        Assert.HasCount(1, e.Errors);
    }

    [TestMethod]
    public void Parse_SeveralErrors_AreListedOnePerLine()
    {
        var text = "module m.com/m\ngo 1.19\nrequire (\n\ta.com/x\n\tb.com/y v1.0.0\n\tc.com/z vbad\n)\nmodule m.com/n\n";
        var e = Assert.ThrowsExactly<ModFileException>(() => ModuleFile.Parse("module.mod", text));
        Assert.AreEqual(
            "module.mod:2:1: unknown directive: go\n" +
            "module.mod:4:2: usage: require module/path v1.2.3\n" +
            "module.mod:6:2: require c.com/z: version \"vbad\" invalid: must be of the form v1.2.3\n" +
            "module.mod:8:1: repeated module statement",
            e.LocatedMessage);
        Assert.AreEqual(DiagnosticCodes.UnknownDirective, e.Code);
        CollectionAssert.AreEqual(new[] { "MOD2002", "MOD2003", "MOD2007", "MOD2005" }, e.Errors.Select(x => x.Code).ToArray());
        Assert.AreEqual(6, e.Errors[2].Line);
        Assert.AreEqual(2, e.Errors[2].Column);
    }

    [TestMethod]
    [DataRow("require a.com/x v1.0.0\n", "MOD2006",
        "module.mod: no module declaration in module.mod. To specify the module path:\n\tdotnet mod edit -module=example.com/mod")]
    [DataRow("module m.com/m\nrequire a.com/x v1.2\n", "MOD2008", "module.mod:2:1: require a.com/x: version \"v1.2\" invalid: should be v1.2.0")]
    [DataRow("module m.com/m\nrequire a.com/x v1.2.0+meta\n", "MOD2008", "module.mod:2:1: require a.com/x: version \"v1.2.0+meta\" invalid: should be v1.2.0")]
    [DataRow("module m.com/m\nrequire nodot/x v1.2.0\n", "MOD2010",
        "module.mod:2:1: require nodot/x: malformed module path \"nodot/x\": missing dot in first path element")]
    [DataRow("module hello\n", "MOD2010", "module.mod:1:1: module hello: malformed module path \"hello\": missing dot in first path element")]
    [DataRow("module m.com/m\nretract v1\n", "MOD2008", "module.mod:2:1: retract m.com/m: version \"v1\" invalid: should be v1.0.0")]
    [DataRow("module m.com/m/v2\nretract v1.0.0\n", "MOD2009", "module.mod:2:1: retract m.com/m/v2: version \"v1.0.0\" invalid: should be v2, not v1")]
    [DataRow("retract v1.0.0\nmodule\n", "MOD2003",
        "module.mod:2:1: usage: module module/path\nmodule.mod:1:1: no module directive found, so retract cannot be used")]
    public void ParseMain_MainModuleRules(string text, string code, string located)
    {
        var e = Assert.ThrowsExactly<ModFileException>(() => ModuleFile.ParseMain("module.mod", text));
        Assert.AreEqual(code, e.Code);
        Assert.AreEqual(located, e.LocatedMessage);
    }

    [TestMethod]
    [DataRow("module m.com/m\ngo 1.16\ntoolchain go1.21\nreplace x => y\nexclude x v1\nfoo bar\nblock (\n\tx\n)\nretract [v1.0.0 v2]\nretract v1.0.0 extra\n")]
    public void ParseLax_IgnoresWhatDependenciesMayAdd(string text)
    {
        var f = ModuleFile.ParseLax("module.mod", text);
        Assert.AreEqual("m.com/m", f.Module!.Path);
        Assert.IsEmpty(f.Replace);
        Assert.IsEmpty(f.Exclude);
        // The bad interval is skipped; the single version with extra tokens is kept, as in Go.
        Assert.HasCount(1, f.Retract);
        Assert.AreEqual("v1.0.0", f.Retract[0].Low);
    }

    [TestMethod]
    [DataRow("module m.com/m\nrequire a.com/x\n", "module.mod:2:1: usage: require module/path v1.2.3")]
    [DataRow("module m.com/m /*\n", "module.mod:1:16: mod files must use // comments (not /* */ comments)")]
    public void ParseLax_StillRejectsBrokenRequirementsAndSyntax(string text, string located)
    {
        var e = Assert.ThrowsExactly<ModFileException>(() => ModuleFile.ParseLax("module.mod", text));
        Assert.AreEqual(located, e.LocatedMessage);
    }
}
