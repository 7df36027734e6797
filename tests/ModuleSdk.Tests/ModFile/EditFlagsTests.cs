using ModuleSdk.Diagnostics;
using ModuleSdk.ModFile;

namespace ModuleSdk.Tests.ModFile;

/// <summary>go mod edit's flags applied to a module file: checked as Go checks them, never a line the parser refuses.</summary>
[TestClass]
public class EditFlagsTests
{
    private static string Edit(string text, params (string Flag, string Arg)[] flags)
    {
        var mod = ModuleFile.Parse("module.mod", text);
        foreach (var (flag, arg) in flags) ModuleFileEditFlags.Apply(mod, flag, arg);
        mod.SortBlocks();
        mod.Cleanup();
        return mod.Format();
    }

    [TestMethod]
    public void Flags_EditInOrder()
    {
        // New blocks are appended in the order the flags add them, as go mod edit does.
        string result = Edit("module example.com/app\n",
            ("require", "example.com/a@v1.0.0"), ("require", "example.com/b@v1.2.0"), ("droprequire", "example.com/a"),
            ("replace", "example.com/b=../b"), ("exclude", "example.com/c@v1.0.0"), ("retract", "[v1.0.0,v1.0.5]"));
        Assert.AreEqual(
            "module example.com/app\n\nrequire example.com/b v1.2.0\n\nreplace example.com/b => ../b\n\nexclude example.com/c v1.0.0\n\n" +
            "retract [v1.0.0, v1.0.5]\n",
            result);
    }

    [TestMethod]
    [DataRow("require", "example.com/a", "need path@version")]
    [DataRow("require", "example.com/a@v1.0", "not canonical (use v1.0.0)")]
    [DataRow("replace", "example.com/a=example.com/b", "unversioned new path must be local directory")]
    [DataRow("retract", "[v1.2.0,v1.0.0]", "low version is above high version")]
    [DataRow("module", "not a path", "-module=not a path")]
    public void BadArgument_NamesTheFlag(string flag, string arg, string expected)
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => Edit("module example.com/app\n", (flag, arg)));
        Assert.AreEqual(DiagnosticCodes.InvalidEditArgument, e.Code);
        StringAssert.Contains(e.Message, expected);
        StringAssert.StartsWith(e.Message, $"-{flag}={arg}: ");
    }
}
