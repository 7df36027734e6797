using ModuleSdk.Diagnostics;
using ModuleSdk.ModFile;
using ModuleSdk.Modules;

namespace ModuleSdk.Tests.ModFile;

/// <summary>Edit methods (golang/mod rule_test cases re-expressed): comments survive, blocks stay tidy.</summary>
[TestClass]
public sealed class EditTests
{
    private static Require Req(string path, string version, bool indirect = false) => new() { Mod = new ModuleId(path, version), Indirect = indirect };

    private static string Apply(string text, Action<ModuleFile> edit)
    {
        var f = ModuleFile.Parse("module.mod", text);
        edit(f);
        return f.FormatCanonical();
    }

    [TestMethod]
    public void AddRequire_JoinsLastRequireBlock()
    {
        Assert.AreEqual(
            "module m.com/m\n\nrequire (\n\ta.com/x v1.0.0\n\tb.com/y v1.1.0\n)\n",
            Apply("module m.com/m\n\nrequire a.com/x v1.0.0\n", f => f.AddRequire("b.com/y", "v1.1.0")));
    }

    [TestMethod]
    public void AddRequire_ExistingPath_UpdatesFirstLineKeepsComment_DropsOthers()
    {
        Assert.AreEqual(
            "module m.com/m\n\nrequire a.com/x v1.5.0 // pinned\n",
            Apply("module m.com/m\n\nrequire a.com/x v1.0.0 // pinned\nrequire a.com/x v1.1.0\n", f => f.AddRequire("a.com/x", "v1.5.0")));
    }

    [TestMethod]
    public void AddRequire_NoRequireYet_AppendsLine()
    {
        Assert.AreEqual("module m.com/m\n\nrequire a.com/x v1.0.0\n", Apply("module m.com/m\n", f => f.AddRequire("a.com/x", "v1.0.0")));
    }

    [TestMethod]
    public void DropRequire_LastLineOfBlock_CollapsesBlockKeepingComments()
    {
        Assert.AreEqual(
            "module m.com/m\n\n// deps\nrequire b.com/y v1.0.0 // why\n",
            Apply("module m.com/m\n\n// deps\nrequire (\n\ta.com/x v1.0.0\n\tb.com/y v1.0.0 // why\n)\n", f => f.DropRequire("a.com/x")));
    }

    [TestMethod]
    [DataRow("require a.com/x v1.0.0", true, "require a.com/x v1.0.0 // indirect")]
    [DataRow("require a.com/x v1.0.0 // note", true, "require a.com/x v1.0.0 // indirect; note")]
    [DataRow("require a.com/x v1.0.0 //", true, "require a.com/x v1.0.0 // indirect")]
    [DataRow("require a.com/x v1.0.0 // indirect", false, "require a.com/x v1.0.0")]
    [DataRow("require a.com/x v1.0.0 // indirect; note", false, "require a.com/x v1.0.0 // note")]
    [DataRow("require a.com/x v1.0.0 // indirect", true, "require a.com/x v1.0.0 // indirect")]
    public void SetIndirect_AddsOrRemovesMarker(string line, bool indirect, string expected)
    {
        var f = ModuleFile.Parse("module.mod", "module m.com/m\n" + line + "\n");
        f.SetIndirect("a.com/x", indirect);
        Assert.AreEqual(indirect, f.Require[0].Indirect);
        Assert.AreEqual("module m.com/m\n\n" + expected + "\n", f.FormatCanonical());
    }

    [TestMethod]
    public void SetRequire_KeepsLayoutAndComments_AddsAndDrops()
    {
        var text = "module m.com/m\n\nrequire (\n\ta.com/x v1.0.0 // keep\n\tb.com/y v1.0.0\n\tc.com/z v1.0.0 // indirect\n)\n";
        Assert.AreEqual(
            "module m.com/m\n\nrequire (\n\ta.com/x v1.2.0 // indirect; keep\n\tc.com/z v1.1.0\n\td.com/w v0.1.0 // indirect\n)\n",
            Apply(text, f => f.SetRequire([Req("c.com/z", "v1.1.0"), Req("a.com/x", "v1.2.0", true), Req("d.com/w", "v0.1.0", true)])));
    }

    [TestMethod]
    public void SetRequire_ConflictingVersions_Throws()
    {
        var f = ModuleFile.Parse("module.mod", "module m.com/m\n");
        Assert.ThrowsExactly<ArgumentException>(() => f.SetRequire([Req("a.com/x", "v1.0.0"), Req("a.com/x", "v1.1.0")]));
    }

    [TestMethod]
    [DataRow( // one flat uncommented block is split
        "module m.com/m\n\nrequire (\n\ta.com/x v1.0.0\n\tb.com/y v1.0.0 // indirect\n\tc.com/z v1.0.0\n)\n",
        "module m.com/m\n\nrequire (\n\ta.com/x v1.0.0\n\tc.com/z v1.0.0\n)\n\nrequire b.com/y v1.0.0 // indirect\n")]
    [DataRow( // nothing yet: two new blocks
        "module m.com/m\n",
        "module m.com/m\n\nrequire (\n\ta.com/x v1.0.0\n\tc.com/z v1.0.0\n)\n\nrequire b.com/y v1.0.0 // indirect\n")]
    [DataRow( // markers change: lines move between the direct and indirect blocks
        "module m.com/m\n\nrequire (\n\ta.com/x v1.0.0 // indirect\n\tc.com/z v1.0.0 // indirect\n)\n\nrequire (\n\tb.com/y v1.0.0\n\td.com/w v1.0.0\n)\n",
        "module m.com/m\n\nrequire b.com/y v1.0.0 // indirect\n\nrequire (\n\ta.com/x v1.0.0\n\tc.com/z v1.0.0\n)\n")]
    [DataRow( // a commented block is left alone
        "module m.com/m\n\n// pinned\nrequire (\n\ta.com/x v1.0.0\n\tb.com/y v1.0.0\n)\n",
        "module m.com/m\n\n// pinned\nrequire (\n\ta.com/x v1.0.0\n\tb.com/y v1.0.0 // indirect\n)\n\nrequire c.com/z v1.0.0\n")]
    public void SetRequireSeparateIndirect_SeparatesDirectAndIndirect(string text, string expected)
    {
        Assert.AreEqual(expected,
            Apply(text, f => f.SetRequireSeparateIndirect([Req("a.com/x", "v1.0.0"), Req("b.com/y", "v1.0.0", true), Req("c.com/z", "v1.0.0")])));
    }

    [TestMethod]
    public void SetRequireSeparateIndirect_Twice_AfterCleanupCollapsedTheBlock_KeepsOneLine()
    {
        // Cleanup turns a one-line block into a plain line; the Require must still own that line
        // (Go moves the same *Line out of the block), or the second edit writes a second line.
        Assert.AreEqual("module m.com/m\n\nrequire a.com/x v1.1.0\n", Apply("module m.com/m\n", f =>
        {
            f.SetRequireSeparateIndirect([Req("a.com/x", "v1.0.0")]);
            f.Cleanup();
            f.SetRequireSeparateIndirect([Req("a.com/x", "v1.1.0")]);
        }));
    }

    [TestMethod]
    public void AddExclude_NonCanonical_ThrowsAndChangesNothing()
    {
        var f = ModuleFile.Parse("module.mod", "module m.com/m\n");
        var e = Assert.ThrowsExactly<ModuleException>(() => f.AddExclude("a.com/x", "v1.2"));
        Assert.AreEqual(DiagnosticCodes.InvalidModFileEdit, e.Code);
        Assert.AreEqual("version \"v1.2\" invalid: must be of the form v1.2.3", e.Message);
        e = Assert.ThrowsExactly<ModuleException>(() => f.AddExclude("a.com/x/v2", ""));
        Assert.AreEqual("version \"\" invalid: must be of the form v2.2.3", e.Message);
        e = Assert.ThrowsExactly<ModuleException>(() => f.AddExclude("a.com/x", "v2.0.0"));
        Assert.AreEqual("version \"v2.0.0\" invalid: should be v2.0.0+incompatible (or module a.com/x/v2)", e.Message);
        Assert.AreEqual("module m.com/m\n", f.FormatCanonical());
        Assert.IsEmpty(f.Exclude);
    }

    [TestMethod]
    public void AddRetract_WithRationale_WritesCommentsAndView()
    {
        var f = ModuleFile.Parse("module.mod", "module m.com/m\n");
        f.AddRetract(new VersionInterval("v1.0.0", "v1.1.0"), "broken\nbadly");
        Assert.AreEqual("module m.com/m\n\n// broken\n// badly\nretract [v1.0.0, v1.1.0]\n", f.FormatCanonical());
        Assert.AreEqual("broken\nbadly", f.Retract[0].Rationale);
        var reparsed = ModuleFile.Parse("module.mod", f.Format());
        Assert.AreEqual("broken\nbadly", reparsed.Retract[0].Rationale);
    }

    [TestMethod]
    public void SortBlocks_Retract_NewestFirst()
    {
        Assert.AreEqual(
            "module m.com/m\n\nretract (\n\tv1.10.0\n\t[v1.2.0, v1.3.0]\n\tv1.2.0\n\tv1.0.0\n)\n",
            Apply("module m.com/m\n\nretract (\n\tv1.0.0\n\tv1.2.0\n\t[v1.2.0, v1.3.0]\n\tv1.10.0\n)\n", _ => { }));
    }

    [TestMethod]
    public void AddModuleStmt_QuotesWhenNeeded()
    {
        var f = new ModuleFile();
        f.AddModuleStmt("example.com/m");
        f.AddRequire("a.com/x", "v1.0.0");
        Assert.AreEqual("module example.com/m\n\nrequire a.com/x v1.0.0\n", f.FormatCanonical());
        f.AddModuleStmt("example.com/with space");
        Assert.AreEqual("module \"example.com/with space\"\n\nrequire a.com/x v1.0.0\n", f.FormatCanonical());
        Assert.AreEqual("example.com/with space", ModuleFile.Parse("module.mod", f.Format()).Module!.Path);
    }

    [TestMethod]
    public void Json_OmitsEmptyFields_NullForEmptyLists()
    {
        var f = ModuleFile.Parse("module.mod", "// Deprecated: x<y\nmodule m.com/m\nrequire a.com/x v1.0.0 // indirect\nretract v1.0.0 // why\n");
        Assert.AreEqual(
            "{\n\t\"Module\": {\n\t\t\"Path\": \"m.com/m\",\n\t\t\"Deprecated\": \"x\\u003cy\"\n\t},\n\t\"Require\": [\n\t\t{\n\t\t\t\"Path\": \"a.com/x\",\n" +
            "\t\t\t\"Version\": \"v1.0.0\",\n\t\t\t\"Indirect\": true\n\t\t}\n\t],\n\t\"Exclude\": null,\n\t\"Replace\": null,\n\t\"Retract\": [\n\t\t{\n" +
            "\t\t\t\"Low\": \"v1.0.0\",\n\t\t\t\"High\": \"v1.0.0\",\n\t\t\t\"Rationale\": \"why\"\n\t\t}\n\t]\n}\n",
            ModFileJson.Serialize(f));
    }
}
