using System.Text.Json;
using System.Text.RegularExpressions;
using ModuleSdk.Diagnostics;
using ModuleSdk.ModFile;
using ModuleSdk.Modules;

namespace ModuleSdk.Tests.GoVectors;

/// <summary>
/// x/mod modfile/read_test.go and rule_test.go, from the extracted tables and testdata, on
/// <see cref="ModuleFile"/>. Cases whose input holds a <c>go</c> directive do not apply (module.mod
/// has none; docs/conformance.md lists them) and are counted, not run.
/// </summary>
[TestClass]
public partial class ModFileVectorTests
{
    private static JsonElement Rules => GoVectorFiles.Json("xmod/modfile_rule_test.json");

    [GeneratedRegex(@"^\s*go\s", RegexOptions.Multiline)]
    private static partial Regex GoDirective();

    private static bool HasGoDirective(params string[] texts) => texts.Any(t => GoDirective().IsMatch(t));

    // rule_test.go testEdit: the edited input, formatted, equals the formatted expected output.
    private static void Edit(VectorFailures f, string table, JsonElement t, Action<ModuleFile> transform, bool strict = true)
    {
        string input = t.Str("in"), output = t.Str("out");
        if (HasGoDirective(input, output)) return;
        string name = $"{table}/{t.Str("desc")}";
        try
        {
            var file = strict ? ModuleFile.Parse("in", input) : ModuleFile.ParseLax("in", input);
            var want = (strict ? ModuleFile.Parse("out", output) : ModuleFile.ParseLax("out", output)).Format();
            transform(file);
            f.Equal(want, file.Format(), name);
        }
        catch (ModuleException e)
        {
            f.Check(false, $"{name}: {e.Message}");
        }
    }

    private static Require[] Mods(JsonElement t) => t.GetProperty("mods").EnumerateArray()
        .Select(m => new Require { Mod = new ModuleId(m.Str("path"), m.Str("vers")), Indirect = m.Bool("indirect") }).ToArray();

    [TestMethod]
    public void Edits_AddRequire_SetRequire_AddExclude_Retract_SortBlocks()
    {
        var r = Rules;
        var f = new VectorFailures();
        foreach (var t in r.GetProperty("addRequireTests").EnumerateArray())
            Edit(f, "addRequireTests", t, m => { m.AddRequire(t.Str("path"), t.Str("vers")); m.Cleanup(); });
        foreach (var t in r.GetProperty("setRequireTests").EnumerateArray())
            Edit(f, "setRequireTests", t, m => { m.SetRequire(Mods(t)); m.Cleanup(); });
        foreach (var t in r.GetProperty("setRequireSeparateIndirectTests").EnumerateArray())
            Edit(f, "setRequireSeparateIndirectTests", t, m => { m.SetRequireSeparateIndirect(Mods(t)); m.Cleanup(); });
        foreach (var t in r.GetProperty("addExcludeTests").EnumerateArray())
            Edit(f, "addExcludeTests", t, m => m.AddExclude(t.Str("path"), t.Str("version")));
        foreach (var t in r.GetProperty("addRetractTests").EnumerateArray())
            Edit(f, "addRetractTests", t, m => m.AddRetract(new VersionInterval(t.Str("low"), t.Str("high")), t.Str("rationale")));
        foreach (var t in r.GetProperty("dropRetractTests").EnumerateArray())
            Edit(f, "dropRetractTests", t, m => { m.DropRetract(new VersionInterval(t.Str("low"), t.Str("high"))); m.Cleanup(); });
        foreach (var t in r.GetProperty("sortBlocksTests").EnumerateArray())
            Edit(f, "sortBlocksTests", t, m => m.SortBlocks(), strict: t.Bool("strict"));
        f.AssertNone("modfile edits");
    }

    [TestMethod]
    public void RetractRationale_ModuleDeprecated()
    {
        var r = Rules;
        var f = new VectorFailures();
        foreach (var t in r.GetProperty("retractRationaleTests").EnumerateArray())
        {
            var m = ModuleFile.Parse("in", t.Str("in"));
            f.Equal(1, m.Retract.Count, $"retractRationaleTests/{t.Str("desc")}: retract count");
            if (m.Retract.Count == 1) f.Equal(t.Str("want"), m.Retract[0].Rationale, $"retractRationaleTests/{t.Str("desc")}");
        }
        foreach (var t in r.GetProperty("moduleDeprecatedTests").EnumerateArray())
            f.Equal(t.Str("want"), ModuleFile.Parse("in", t.Str("in")).Module?.Deprecated ?? "", $"moduleDeprecatedTests/{t.Str("desc")}");
        f.AssertNone("modfile rationale/deprecation");
    }

    [TestMethod]
    public void ValidateVersion_AddExclude_AddRetract()
    {
        var r = Rules;
        var f = new VectorFailures();
        foreach (var t in r.GetProperty("addExcludeValidateVersionTests").EnumerateArray())
        {
            var m = ModuleFile.Parse("in", "module m");
            string? got = null;
            try { m.AddExclude(t.Str("path"), t.Str("version")); } catch (ModuleException e) { got = e.Message; }
            f.Equal(t.Str("wantErr"), got, $"addExcludeValidateVersionTests/{t.Str("desc")}");
        }
        foreach (var t in r.GetProperty("addRetractValidateVersionTests").EnumerateArray())
        {
            var m = new ModuleFile();
            if (t.Str("path") != "") m.AddModuleStmt(t.Str("path"));
            string? got = null;
            try { m.AddRetract(new VersionInterval(t.Str("low"), t.Str("high"))); } catch (ModuleException e) { got = e.Message; }
            f.Equal(t.Str("wantErr"), got, $"addRetractValidateVersionTests/{t.Str("desc")}");
        }
        f.AssertNone("modfile version validation");
    }

    [TestMethod]
    public void ParsePunctuation_ParseLax()
    {
        var read = GoVectorFiles.Json("xmod/modfile_read_test.json");
        var f = new VectorFailures();
        foreach (var t in read.GetProperty("TestParsePunctuation.range1").EnumerateArray())
        {
            var tokens = new List<string>();
            foreach (var stmt in ModuleFile.ParseSyntax("module.mod", t.Str("src")).Statements)
            {
                switch (stmt)
                {
                    case Line line: tokens.AddRange(line.Tokens); break;
                    case LineBlock block:
                        tokens.AddRange(block.Tokens);
                        tokens.Add("(");
                        foreach (var line in block.Lines) tokens.AddRange(line.Tokens);
                        tokens.Add(")");
                        break;
                }
            }
            f.Equal(t.Str("want"), string.Join(' ', tokens), $"TestParsePunctuation/{t.Str("desc")}");
        }
        // ParseLax ignores what does not matter in a dependency's module file.
        var lax = ModuleFile.ParseLax("file", read.GetProperty("TestParseLax.badFile").GetString()!);
        f.Equal("m", lax.Module?.Path, "TestParseLax: module");
        f.Equal("good", lax.Require.Count == 1 ? lax.Require[0].Mod.Path : null, "TestParseLax: require at end of file");
        f.AssertNone("modfile read");
    }

    // read_test.go TestPrintGolden and TestPrintParse: each .golden prints as itself, each .in
    // prints as its .golden, and printing is stable (parse, print, parse, print).
    [TestMethod]
    public void PrintGolden_PrintParse()
    {
        var dir = GoVectorFiles.File("xmod/modfile_testdata");
        var f = new VectorFailures();
        foreach (var path in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            if (!name.EndsWith(".in", StringComparison.Ordinal) && !name.EndsWith(".golden", StringComparison.Ordinal)) continue;
            string text = File.ReadAllText(path);
            if (HasGoDirective(text)) continue;
            try
            {
                string printed = ModFileFormatter.Format(ModuleFile.ParseSyntax(name, text));
                f.Equal(printed, ModFileFormatter.Format(ModuleFile.ParseSyntax(name, printed)), $"{name}: print is stable");
                // As Go: when the file also parses as a module file, the parsed file is what is
                // printed (parsing rewrites quoted tokens to their AutoQuote form).
                ModuleFile? parsed = null;
                try { parsed = ModuleFile.Parse(name, text); } catch (ModuleException) { }
                if (parsed is not null)
                {
                    printed = parsed.Format();
                    f.Equal(printed, ModuleFile.Parse(name, printed).Format(), $"{name}: Parse/Format is stable");
                }
                string golden = Path.ChangeExtension(path, ".golden");
                if (File.Exists(golden)) f.Equal(File.ReadAllText(golden), printed, $"{name}: prints as {Path.GetFileName(golden)}");
            }
            catch (ModuleException e)
            {
                f.Check(false, $"{name}: {e.Message}");
            }
        }
        f.AssertNone("modfile testdata");
    }
}
