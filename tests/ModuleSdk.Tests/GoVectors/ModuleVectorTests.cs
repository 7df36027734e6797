using System.Text.Json;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Tests.GoVectors;

/// <summary>x/mod module/module_test.go (paths, escaping, major versions, prefix patterns), from the extracted tables.</summary>
[TestClass]
public class ModuleVectorTests
{
    private static JsonElement Table => GoVectorFiles.Json("xmod/module_module_test.json");

    private static bool Throws(Action a)
    {
        try
        {
            a();
            return false;
        }
        catch (ModuleException)
        {
            return true;
        }
    }

    [TestMethod]
    public void CheckPath_CheckImportPath_CheckFilePath()
    {
        var f = new VectorFailures();
        foreach (var t in Table.GetProperty("checkPathTests").EnumerateArray())
        {
            string p = t.Str("path");
            f.Equal(t.Bool("ok"), !Throws(() => ModulePath.CheckPath(p)), $"CheckPath({p}) ok");
            f.Equal(t.Bool("importOK"), !Throws(() => ModulePath.CheckImportPath(p)), $"CheckImportPath({p}) ok");
            f.Equal(t.Bool("fileOK"), !Throws(() => ModulePath.CheckFilePath(p)), $"CheckFilePath({p}) ok");
        }
        f.AssertNone("checkPathTests");
    }

    [TestMethod]
    public void Check_PathAndVersion()
    {
        var f = new VectorFailures();
        foreach (var t in Table.GetProperty("checkTests").EnumerateArray())
        {
            string p = t.Str("path"), v = t.Str("version");
            f.Equal(t.Bool("ok"), !Throws(() => ModulePath.Check(p, v)), $"Check({p}, {v}) ok");
        }
        f.AssertNone("checkTests");
    }

    [TestMethod]
    public void SplitPathVersion()
    {
        var f = new VectorFailures();
        foreach (var t in Table.GetProperty("splitPathVersionTests").EnumerateArray())
        {
            string prefix = t.Str("pathPrefix"), major = t.Str("version");
            bool ok = ModulePath.SplitPathVersion(prefix + major, out var gotPrefix, out var gotMajor);
            f.Equal($"{prefix} {major} True", $"{gotPrefix} {gotMajor} {ok}", $"SplitPathVersion({prefix + major})");
        }
        foreach (var t in Table.GetProperty("checkPathTests").EnumerateArray())
        {
            string p = t.Str("path");
            ModulePath.SplitPathVersion(p, out var gotPrefix, out var gotMajor);
            f.Equal(p, gotPrefix + gotMajor, $"SplitPathVersion({p}) parts joined");
        }
        f.AssertNone("splitPathVersionTests");
    }

    [TestMethod]
    public void EscapePath_UnescapePath()
    {
        var f = new VectorFailures();
        foreach (var t in Table.GetProperty("checkPathTests").EnumerateArray())
        {
            if (t.Bool("ok")) continue;
            string p = t.Str("path");
            f.Check(Throws(() => PathEscaping.EscapePath(p)), $"EscapePath({p}) succeeded, want error (invalid path)");
            f.Check(Throws(() => PathEscaping.UnescapePath(p)), $"UnescapePath({p}) succeeded, want error (invalid path)");
        }
        foreach (var bad in Table.GetProperty("badUnescape").EnumerateArray().Select(e => e.GetString()!))
            f.Check(Throws(() => PathEscaping.UnescapePath(bad)), $"UnescapePath({bad}) succeeded, want error (invalid decoding)");
        foreach (var t in Table.GetProperty("escapeTests").EnumerateArray())
        {
            string p = t.Str("path"), esc = t.Str("esc");
            if (esc == "") esc = p;
            f.Equal(esc, PathEscaping.EscapePath(p), $"EscapePath({p})");
            f.Equal(p, PathEscaping.UnescapePath(esc), $"UnescapePath({esc})");
        }
        f.AssertNone("escapeTests");
    }

    [TestMethod]
    public void MatchPathMajor()
    {
        var f = new VectorFailures();
        foreach (var t in Table.GetProperty("TestMatchPathMajor.range1").EnumerateArray())
            f.Equal(t.Bool("want"), ModulePath.MatchPathMajor(t.Str("v"), t.Str("pathMajor")), $"MatchPathMajor({t.Str("v")}, {t.Str("pathMajor")})");
        f.AssertNone("TestMatchPathMajor");
    }

    [TestMethod]
    public void MatchPrefixPatterns()
    {
        var f = new VectorFailures();
        foreach (var t in Table.GetProperty("TestMatchPrefixPatterns.range1").EnumerateArray())
            f.Equal(t.Bool("want"), PathPatterns.MatchPrefixPatterns(t.Str("globs"), t.Str("target")),
                $"MatchPrefixPatterns({t.Str("globs")}, {t.Str("target")})");
        f.AssertNone("TestMatchPrefixPatterns");
    }
}
