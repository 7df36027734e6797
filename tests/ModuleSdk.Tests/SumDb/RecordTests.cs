using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.SumDb;

namespace ModuleSdk.Tests.SumDb;

[TestClass]
public class RecordTests
{
    private const string ZipHash = "h1:Ovb5AUpr/ASl+iPHiXiZjcGSmabbA8GuG/qrISIU+1c=";
    private const string ModHash = "h1:FKQQe4L2Bg4yN6KPKg2gQQU2ZRfA1rAyEv7cEFXdV3s=";

    [TestMethod]
    public void Tree_FormatAndParse()
    {
        var tree = new LogTree(12, LogHash.Parse("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="));
        Assert.AreEqual("go.sum database tree\n12\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", tree.Format());
        Assert.AreEqual(tree, LogTree.Parse(tree.Format()));
        Assert.AreEqual(tree, LogTree.Parse(tree.Format() + "extra\n"));
        foreach (var bad in new[] { "go.sum database tree\n012\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "go.sum database tree\n12\n47DEQ=\n",
            "other\n12\nx\n", "go.sum database tree\n-1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n" })
            Assert.AreEqual(DiagnosticCodes.SumDbTreeMalformed, Assert.ThrowsExactly<ModuleException>(() => LogTree.Parse(bad)).Code, bad);
    }

    [TestMethod]
    public void LookupAnswer_FormatAndParse()
    {
        var record = new ModuleRecord("golang.org/x/text", "v0.3.0", ZipHash, ModHash);
        Assert.AreEqual($"golang.org/x/text v0.3.0 {ZipHash}\ngolang.org/x/text v0.3.0/go.mod {ModHash}\n", record.Text);
        byte[] answer = [.. LogRecord.Format(7, record.ToBytes()), .. "go.sum database tree\n8\n..."u8];
        var (id, text, signed) = LogRecord.Parse(answer);
        Assert.AreEqual(7, id);
        Assert.AreEqual(record, ModuleRecord.Parse(text, new ModuleId("golang.org/x/text", "v0.3.0")));
        StringAssert.StartsWith(Encoding.UTF8.GetString(signed), "go.sum database tree\n");
        Assert.AreEqual(DiagnosticCodes.SumDbRecordMalformed,
            Assert.ThrowsExactly<ModuleException>(() => ModuleRecord.Parse(text, new ModuleId("golang.org/x/text", "v0.3.1"))).Code);
        Assert.ThrowsExactly<ModuleException>(() => LogRecord.Format(1, "a\n\nb\n"u8));
        Assert.ThrowsExactly<ModuleException>(() => LogRecord.Parse("1\nno blank line\n"u8));
        Assert.ThrowsExactly<ModuleException>(() => ModuleRecord.Parse(Encoding.UTF8.GetBytes($"a v1.0.0 {ZipHash}\nb v1.0.0/go.mod {ModHash}\n")));
        Assert.ThrowsExactly<ModuleException>(() => ModuleRecord.Parse(Encoding.UTF8.GetBytes($"a v1.0.0 {ZipHash}\n")));
    }

    [TestMethod]
    public void ModHash_IsGoCommandsGoModHash()
    {
        // The go command's go.sum line for a module file `module example.com/m\n` (name go.mod).
        byte[] mod = "module example.com/m\n"u8.ToArray();
        string h = ModuleRecord.HashModFile(mod);
        Assert.AreEqual(ModuleSdk.Sums.Hash1.HashModFile(mod, "go.mod"), h);
        Assert.AreNotEqual(ModuleSdk.Sums.Hash1.HashModFile(mod), h, "module.sum's /module.mod line hashes under another name");
    }
}
