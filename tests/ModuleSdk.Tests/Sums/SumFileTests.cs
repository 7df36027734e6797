using ModuleSdk.Diagnostics;
using ModuleSdk.Sums;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Sums;

[TestClass]
public class SumFileTests
{
    private const string H = "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=";
    private const string H2 = "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    [TestMethod]
    public void Format_Unsorted_SortsByPathThenSemverBareFirst()
    {
        var text = string.Join("\n",
            $"example.com/b v1.0.0 {H}",
            $"example.com/a v1.10.0/module.mod {H}",
            $"example.com/a v1.10.0 {H}",
            $"example.com/a v1.9.0 {H}",
            $"example.com/a v1.9.0-rc.1 {H}",
            $"example.com/a v1.9.0 {H}",
            $"example.com/a-b v0.1.0 {H}",
            $"example.com/a/v2 v2.0.0+incompatible {H}",
            "");
        var sum = SumFile.Parse("module.sum", text);
        Assert.AreEqual(string.Join("\n",
            $"example.com/a v1.9.0-rc.1 {H}",
            $"example.com/a v1.9.0 {H}",
            $"example.com/a v1.10.0 {H}",
            $"example.com/a v1.10.0/module.mod {H}",
            $"example.com/a-b v0.1.0 {H}",
            $"example.com/a/v2 v2.0.0+incompatible {H}",
            $"example.com/b v1.0.0 {H}",
            ""), sum.Format());
    }

    [TestMethod]
    public void Parse_TwoHashesForOneVersion_KeepsBothSorted()
    {
        var sum = SumFile.Parse("module.sum", $"example.com/a v1.0.0 {H}\nexample.com/a v1.0.0 {H2}\n");
        CollectionAssert.AreEqual(new[] { H2, H }, sum.Lookup("example.com/a", "v1.0.0").ToArray());
        Assert.AreEqual(2, sum.Count);
    }

    [TestMethod]
    public void Parse_BlankLinesSpacesTabsAndCrlf_Accepted()
    {
        var sum = SumFile.Parse("module.sum", $"\r\n  example.com/a\tv1.0.0   {H}\r\n\n\texample.com/a v1.0.0/module.mod {H}\r\n");
        Assert.AreEqual($"example.com/a v1.0.0 {H}\nexample.com/a v1.0.0/module.mod {H}\n", sum.Format());
    }

    [TestMethod]
    [DataRow("example.com/a v1.0.0", 1, DiagnosticCodes.SumMalformedLine, "wrong number of fields 2")]
    [DataRow("ok\nexample.com/a v1.0.0 h1:x extra", 2, DiagnosticCodes.SumMalformedLine, "wrong number of fields 4")]
    [DataRow("example.com/a 1.0.0 " + H, 1, DiagnosticCodes.SumBadVersion, "invalid version \"1.0.0\"")]
    [DataRow("example.com/a v1.0 " + H, 1, DiagnosticCodes.SumBadVersion, "not canonical (should be \"v1.0.0\")")]
    [DataRow("example.com/a v1.0.0+meta " + H, 1, DiagnosticCodes.SumBadVersion, "not canonical")]
    [DataRow("example.com/a v1.0/module.mod " + H, 1, DiagnosticCodes.SumBadVersion, "should be \"v1.0.0/module.mod\"")]
    [DataRow("example.com/a v1.0.0/go.mod " + H, 1, DiagnosticCodes.SumBadVersion, "/go.mod")]
    [DataRow("example.com/a v1.0.0/other " + H, 1, DiagnosticCodes.SumBadVersion, "invalid version")]
    [DataRow("example.com/a v1.0.0 h2:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=", 1, DiagnosticCodes.SumBadHash, "unsupported hash")]
    [DataRow("example.com/a v1.0.0 G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=", 1, DiagnosticCodes.SumBadHash, "unsupported hash")]
    [DataRow("example.com/a v1.0.0 h1:short=", 1, DiagnosticCodes.SumBadHash, "invalid h1 hash")]
    [DataRow("example.com/a v1.0.0 h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykryd!=", 1, DiagnosticCodes.SumBadHash, "invalid h1 hash")]
    public void Parse_BadLine_ThrowsAtLine(string text, int line, string code, string message)
    {
        text = text.Replace("ok", $"example.com/ok v1.0.0 {H}");
        var ex = Assert.ThrowsExactly<ModuleException>(() => SumFile.Parse("dir/module.sum", text));
        Assert.AreEqual(code, ex.Code);
        Assert.AreEqual("dir/module.sum", ex.File);
        Assert.AreEqual(line, ex.Line);
        StringAssert.Contains(ex.Message, message);
        StringAssert.StartsWith(ex.LocatedMessage, $"dir/module.sum:{line}: malformed module.sum");
    }

    [TestMethod]
    public void Add_NewAndExisting_ReportsWhetherNew()
    {
        var sum = new SumFile();
        Assert.IsTrue(sum.Add("example.com/a", "v1.0.0", H));
        Assert.IsFalse(sum.Add("example.com/a", "v1.0.0", H));
        Assert.IsTrue(sum.Add("example.com/a", "v1.0.0/module.mod", H));
        Assert.AreEqual(2, sum.Count);
        CollectionAssert.AreEqual(new[] { H }, sum.Lookup("example.com/a", "v1.0.0/module.mod").ToArray());
        Assert.AreEqual(0, sum.Lookup("example.com/a", "v1.0.1").Count);
    }

    [TestMethod]
    [DataRow("example.com/a", "v1", H, DiagnosticCodes.SumBadVersion)]
    [DataRow("example.com/a", "v1.0.0", "h1:nope", DiagnosticCodes.SumBadHash)]
    [DataRow("", "v1.0.0", H, DiagnosticCodes.SumBadPath)]
    [DataRow("example.com/a b", "v1.0.0", H, DiagnosticCodes.SumBadPath)]
    public void Add_Invalid_ThrowsAndAddsNothing(string path, string version, string hash, string code)
    {
        var sum = new SumFile();
        var ex = Assert.ThrowsExactly<ModuleException>(() => sum.Add(path, version, hash));
        Assert.AreEqual(code, ex.Code);
        Assert.AreEqual(0, sum.Count);
    }

    [TestMethod]
    public void Remove_Present_RemovesAllHashes()
    {
        var sum = SumFile.Parse("s", $"example.com/a v1.0.0 {H}\nexample.com/a v1.0.0 {H2}\nexample.com/a v1.0.0/module.mod {H}\n");
        Assert.IsTrue(sum.Remove("example.com/a", "v1.0.0"));
        Assert.IsFalse(sum.Remove("example.com/a", "v1.0.0"));
        Assert.AreEqual($"example.com/a v1.0.0/module.mod {H}\n", sum.Format());
    }

    [TestMethod]
    public void Merge_Overlapping_AddsOnlyNewLines()
    {
        var a = SumFile.Parse("a", $"example.com/a v1.0.0 {H}\n");
        var b = SumFile.Parse("b", $"example.com/a v1.0.0 {H}\nexample.com/b v1.0.0 {H2}\n");
        Assert.AreEqual(1, a.Merge(b));
        Assert.AreEqual($"example.com/a v1.0.0 {H}\nexample.com/b v1.0.0 {H2}\n", a.Format());
    }

    [TestMethod]
    public void Format_Empty_IsEmptyText() => Assert.AreEqual("", new SumFile().Format());

    [TestMethod]
    public void Format_ParseRoundTrip_IsStable()
    {
        var text = $"example.com/a v1.0.0 {H}\nexample.com/a v1.0.0/module.mod {H2}\n";
        Assert.AreEqual(text, SumFile.Parse("s", SumFile.Parse("s", text).Format()).Format());
    }

    [TestMethod]
    public void Load_MissingFile_IsEmpty()
    {
        using var dir = new TempDir("sum");
        Assert.AreEqual(0, SumFile.Load(dir.Combine("nope", "module.sum")).Count);
        File.WriteAllText(dir.Combine("module.sum"), $"example.com/a v1.0.0 {H}\n");
        Assert.AreEqual(1, SumFile.Load(dir.Combine("module.sum")).Count);
    }

    [TestMethod]
    public void Add_Concurrent_AllLinesKept()
    {
        var sum = new SumFile();
        int added = 0;
        Parallel.For(0, 400, i =>
        {
            if (sum.Add("example.com/m" + i % 100, $"v1.0.{i / 100}", H)) Interlocked.Increment(ref added);
            _ = sum.Format();
            _ = sum.Lookup("example.com/m1", "v1.0.1");
        });
        Assert.AreEqual(400, added);
        Assert.AreEqual(400, sum.Count);
    }
}
