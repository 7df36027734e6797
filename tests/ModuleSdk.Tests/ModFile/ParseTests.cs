using ModuleSdk.ModFile;
using ModuleSdk.Modules;

namespace ModuleSdk.Tests.ModFile;

/// <summary>Typed views, comments, positions and syntax-level formatting (golang/mod modfile read/rule tests re-expressed).</summary>
[TestClass]
public sealed class ParseTests
{
    [TestMethod]
    public void Parse_AllDirectives_FillTypedViews()
    {
        var text = "// Deprecated: use m.com/n.\nmodule m.com/m\n\nrequire (\n\ta.com/x v1.0.0\n\tb.com/y v1.2 // indirect\n)\nexclude c.com/z v0.1.0\n" +
            "replace d.com/w v1.0.0 => ../w\nreplace e.com/v => f.com/v v1.1.0\n// Oops.\nretract [v0.1.0, v0.2.0]\nretract v0.3.0 // bad tag\n";
        var f = ModuleFile.Parse("module.mod", text);
        Assert.AreEqual("m.com/m", f.Module!.Path);
        Assert.AreEqual("use m.com/n.", f.Module.Deprecated);
        Assert.AreEqual(new ModuleId("a.com/x", "v1.0.0"), f.Require[0].Mod);
        Assert.IsFalse(f.Require[0].Indirect);
        Assert.AreEqual(new ModuleId("b.com/y", "v1.2.0"), f.Require[1].Mod);
        Assert.IsTrue(f.Require[1].Indirect);
        Assert.AreEqual(new ModuleId("c.com/z", "v0.1.0"), f.Exclude[0].Mod);
        Assert.AreEqual(new ModuleId("d.com/w", "v1.0.0"), f.Replace[0].Old);
        Assert.AreEqual(new ModuleId("../w", ""), f.Replace[0].New);
        Assert.IsTrue(f.Replace[0].IsDirectory);
        Assert.AreEqual(new ModuleId("e.com/v", ""), f.Replace[1].Old);
        Assert.AreEqual(new ModuleId("f.com/v", "v1.1.0"), f.Replace[1].New);
        Assert.AreEqual(new VersionInterval("v0.1.0", "v0.2.0"), f.Retract[0].Interval);
        Assert.AreEqual("Oops.", f.Retract[0].Rationale);
        Assert.AreEqual("bad tag", f.Retract[1].Rationale);
        Assert.AreEqual(5, f.Require[0].Syntax!.Start.Line);
        Assert.AreEqual(2, f.Require[0].Syntax!.Start.Column);
        Assert.IsTrue(f.Require[0].Syntax!.InBlock);
    }

    [TestMethod]
    [DataRow("// Deprecated: gone\nmodule m.com/m\n", "gone")]
    [DataRow("module m.com/m // Deprecated: gone\n", "gone")]
    [DataRow("// Intro.\n//\n// Deprecated: first\n// second\n//\n// Deprecated: later\nmodule m.com/m\n", "first\nsecond")]
    [DataRow("// NotDeprecated: x\nmodule m.com/m\n", "")]
    [DataRow("// deprecated: lowercase does not count\nmodule m.com/m\n", "")]
    [DataRow("// Deprecated:\nmodule m.com/m\n", "")]
    [DataRow("// Deprecated: in block\nmodule (\n\tm.com/m\n)\n", "in block")]
    public void Parse_Deprecated_FirstParagraph(string text, string expected)
    {
        Assert.AreEqual(expected, ModuleFile.Parse("module.mod", text).Module!.Deprecated);
    }

    [TestMethod]
    [DataRow("// indirect", true)]
    [DataRow("//indirect", true)]
    [DataRow("// indirect; because", true)]
    [DataRow("// indirect;", false)]
    [DataRow("// indirectly", false)]
    [DataRow("// see: indirect", false)]
    public void Parse_IndirectMarker(string comment, bool indirect)
    {
        var f = ModuleFile.Parse("module.mod", $"module m.com/m\nrequire a.com/x v1.0.0 {comment}\n");
        Assert.AreEqual(indirect, f.Require[0].Indirect);
    }

    [TestMethod]
    public void Parse_RetractRationale_FromBlockWhenLineHasNone()
    {
        var f = ModuleFile.Parse("module.mod", "module m.com/m\n// block reason\nretract (\n\tv1.0.0\n\t// own reason\n\tv1.1.0\n)\n");
        Assert.AreEqual("block reason", f.Retract[0].Rationale);
        Assert.AreEqual("own reason", f.Retract[1].Rationale);
    }

    [TestMethod]
    public void ParseSyntax_Comments_AttachBeforeSuffixAfter()
    {
        var s = ModuleFile.ParseSyntax("module.mod",
            "// file\n\n// before\nmodule m.com/m // suffix\n// after\n\nrequire ( // lparen\n\t// line before\n\ta.com/x v1.0.0 // line suffix\n" +
            "\t// before rparen\n) // rparen\n");
        var comment = (CommentBlock)s.Statements[0];
        Assert.AreEqual("// file", comment.Comments.Before[0].Token);
        var module = (Line)s.Statements[1];
        Assert.AreEqual("// before", module.Comments.Before[0].Token);
        Assert.AreEqual("// suffix", module.Comments.Suffix[0].Token);
        var block = (LineBlock)s.Statements[3];
        Assert.AreEqual("// after", ((CommentBlock)s.Statements[2]).Comments.Before[0].Token);
        Assert.AreEqual("// lparen", block.LParen.Comments.Suffix[0].Token);
        Assert.AreEqual("// line before", block.Lines[0].Comments.Before[0].Token);
        Assert.AreEqual("// line suffix", block.Lines[0].Comments.Suffix[0].Token);
        Assert.AreEqual("// before rparen", block.RParen.Comments.Before[0].Token);
        Assert.AreEqual("// rparen", block.RParen.Comments.Suffix[0].Token);
    }

    [TestMethod]
    public void ParseSyntax_Positions_CountCodePointsAndBytes()
    {
        var s = ModuleFile.ParseSyntax("module.mod", "module ü.com/😀\nrequire x v1\n");
        var second = (Line)s.Statements[1];
        Assert.AreEqual(new Position(2, 1, 19), second.Start); // 😀 is 2 UTF-16 chars, 4 bytes, 1 column
        var first = (Line)s.Statements[0];
        Assert.AreEqual(new Position(1, 15, 18), first.End);
    }

    /// <summary>
    /// Syntax-only formatting of unusual shapes (after golang/mod's block test). Comments before
    /// a closing paren print at the outer margin, as Go's printer does.
    /// </summary>
    [TestMethod]
    public void Format_SyntaxShapes_AsGoPrinter()
    {
        var input = "// head\nverb \"q\" z\n\n// about\nblock ( // open\n\t// first\n\n\t\"a\" ( b // a\n\t\"a\" ) b // b\n\n\n\t\"c\"\n// tail\n) // close\n" +
            "\n\nempty()\n\ninline (x y z)\n\nspaced \"w\" ( ) // empty\nnotblock \"x\" ( ) \"y\" // mid\nopen ( \"z\" // dangling\n\n// end\n";
        var expected = "// head\nverb \"q\" z\n\n// about\nblock ( // open\n\t// first\n\n\t\"a\" (b // a\n\t\"a\") b // b\n\n\t\"c\"\n// tail\n) // close\n" +
            "\nempty (\n)\n\ninline (x y z)\n\nspaced \"w\" (\n) // empty\n\nnotblock \"x\" () \"y\" // mid\n\nopen (\"z\" // dangling\n\n// end\n";
        var formatted = ModFileFormatter.Format(ModuleFile.ParseSyntax("x.mod", input));
        Assert.AreEqual(expected, formatted);
        Assert.AreEqual(expected, ModFileFormatter.Format(ModuleFile.ParseSyntax("x.mod", formatted)));
    }

    [TestMethod]
    [DataRow("abc", false)]
    [DataRow("", true)]
    [DataRow("a b", true)]
    [DataRow("a//b", true)]
    [DataRow("a/*b", true)]
    [DataRow("(", false)]
    [DataRow("a(", true)]
    [DataRow("a\"b", true)]
    [DataRow("a\tb", true)]
    [DataRow("ü", false)]
    public void MustQuote_AsGo(string s, bool must) => Assert.AreEqual(must, GoQuote.MustQuote(s));

    [TestMethod]
    [DataRow("\"a\\tb\"", "a\tb")]
    [DataRow("\"\\x41\\101\\u00fc\\U0001F600\"", "AAü😀")]
    [DataRow("\"\\\"q\\\\\"", "\"q\\")]
    public void TryUnquote_GoEscapes(string quoted, string value)
    {
        Assert.IsTrue(GoQuote.TryUnquote(quoted, out var v));
        Assert.AreEqual(value, v);
        Assert.IsTrue(GoQuote.TryUnquote(GoQuote.Quote(value), out var back));
        Assert.AreEqual(value, back);
    }

    [TestMethod]
    [DataRow("\"\\'\"")]
    [DataRow("\"\\400\"")]
    [DataRow("\"\\xZZ\"")]
    [DataRow("\"\\uD800\"")]
    [DataRow("\"a\"b\"")]
    [DataRow("\"\\")]
    public void TryUnquote_BadEscapes_Fail(string quoted) => Assert.IsFalse(GoQuote.TryUnquote(quoted, out _));
}
