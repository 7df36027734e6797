using ModuleSdk.BuildCache;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.BuildCache;

/// <summary>The build cache key: the same compilation in two consumers' copies shares a key; any input that changes the output changes it.</summary>
[TestClass]
public sealed class CompileInputsTests
{
    // One module copy of a consumer: a source, a generated analyzer config naming the copy's root,
    // a resource, and a reference assembly from a dependency's copy elsewhere in the consumer.
    private static string Copy(TempDir dir, string consumer, string source = "class C {}", string reference = "ref v1")
    {
        string root = dir.Combine(consumer, "obj", "modules", "example.com", "lib@v1.0.0");
        Directory.CreateDirectory(Path.Combine(root, "obj"));
        File.WriteAllText(Path.Combine(root, "Lib.cs"), source);
        File.WriteAllText(Path.Combine(root, "obj", "Lib.editorconfig"), $"is_global = true\nbuild_property.ProjectDir = {root}/\n");
        File.WriteAllText(Path.Combine(root, "Strings.resources"), "resource");
        string dep = dir.Combine(consumer, "obj", "modules", "example.com", "dep@v1.0.0", "obj", "ref");
        Directory.CreateDirectory(dep);
        File.WriteAllText(Path.Combine(dep, "Dep.dll"), reference);
        return root;
    }

    private static CompileInputs Inputs(string root, string defines = "DEBUG;TRACE", string logicalName = "Lib.Strings.resources",
        string referenceDirectory = "")
    {
        var inputs = new CompileInputs(root);
        inputs.Value("ModuleSdkBuildInfo", "path\texample.com/lib\nmod\texample.com/lib\tv1.0.0\th1:abc=\n");
        inputs.Value("DefineConstants", defines);
        inputs.Value("PathMap", root + "/=/_/");
        inputs.Value("OutputAssembly", Path.Combine(root, "obj", "Debug", "net10.0", "Lib.dll"));
        inputs.File("Sources", Path.Combine(root, "Lib.cs"), CompileFileKind.Content);
        inputs.File("AnalyzerConfigFiles", Path.Combine(root, "obj", "Lib.editorconfig"), CompileFileKind.Text);
        inputs.File("Resources", Path.Combine(root, "Strings.resources"), CompileFileKind.Content, [KeyValuePair.Create("LogicalName", logicalName)]);
        string dep = referenceDirectory.Length > 0 ? referenceDirectory : Path.Combine(root, "..", "dep@v1.0.0", "obj", "ref");
        inputs.File("References", Path.Combine(dep, "Dep.dll"), CompileFileKind.Reference);
        return inputs;
    }

    [TestMethod]
    public void Key_SameModuleInTwoConsumers_IsTheSame()
    {
        using var dir = new TempDir("bckey");
        var a = Inputs(Copy(dir, "app1"));
        var b = Inputs(Copy(dir, "app2"));
        Assert.IsNull(a.Uncacheable);
        Assert.AreEqual(a.Describe(), b.Describe());
        Assert.AreEqual(a.Key, b.Key);
        Assert.AreEqual(64, a.Key.Length);
        Assert.IsFalse(a.Describe().Contains(dir.Path, StringComparison.Ordinal), "no consumer path in the key:\n" + a.Describe());
        StringAssert.Contains(a.Describe(), $"value PathMap {CompileInputs.RootPlaceholder}/=/_/\n");
        StringAssert.Contains(a.Describe(), $"file Sources {CompileInputs.RootPlaceholder}{Path.DirectorySeparatorChar}Lib.cs ");
        StringAssert.Contains(a.Describe(), "file References Dep.dll ");
        StringAssert.Contains(a.Describe(), "  LogicalName Lib.Strings.resources\n");
    }

    [TestMethod]
    public void Key_ChangesWithEveryInputThatChangesTheOutput()
    {
        using var dir = new TempDir("bckey");
        string baseKey = Inputs(Copy(dir, "base")).Key;
        var keys = new Dictionary<string, string>
        {
            ["source byte"] = Inputs(Copy(dir, "source", source: "class C { }")).Key,
            ["dependency's reference assembly (another selected version)"] = Inputs(Copy(dir, "reference", reference: "ref v2")).Key,
            ["define"] = Inputs(Copy(dir, "define"), defines: "DEBUG;TRACE;EXTRA").Key,
            ["resource logical name"] = Inputs(Copy(dir, "logical"), logicalName: "Other.resources").Key,
        };
        foreach (var (what, key) in keys) Assert.AreNotEqual(baseKey, key, what);
        Assert.AreEqual(keys.Count, keys.Values.Distinct().Count());

        string root = Copy(dir, "more");
        var withValue = Inputs(root);
        withValue.Value("LangVersion", "12");
        var otherValue = Inputs(root);
        otherValue.Value("LangVersion", "13");
        Assert.AreNotEqual(withValue.Key, otherValue.Key);
        Assert.AreNotEqual(baseKey, withValue.Key);
    }

    [TestMethod]
    public void Key_InputOrderMatters()
    {
        // Source order changes metadata order in the assembly: not a set.
        using var dir = new TempDir("bckey");
        string root = Copy(dir, "app");
        File.WriteAllText(Path.Combine(root, "B.cs"), "class B {}");
        var ab = new CompileInputs(root);
        ab.File("Sources", Path.Combine(root, "Lib.cs"), CompileFileKind.Content);
        ab.File("Sources", Path.Combine(root, "B.cs"), CompileFileKind.Content);
        var ba = new CompileInputs(root);
        ba.File("Sources", Path.Combine(root, "B.cs"), CompileFileKind.Content);
        ba.File("Sources", Path.Combine(root, "Lib.cs"), CompileFileKind.Content);
        Assert.AreNotEqual(ab.Key, ba.Key);
    }

    [TestMethod]
    public void Reference_DirectoryDoesNotCount_NameAndContentDo()
    {
        using var dir = new TempDir("bckey");
        string root = Copy(dir, "app");
        string elsewhere = dir.Combine("elsewhere");
        Directory.CreateDirectory(elsewhere);
        File.WriteAllText(Path.Combine(elsewhere, "Dep.dll"), "ref v1");
        Assert.AreEqual(Inputs(root).Key, Inputs(root, referenceDirectory: elsewhere).Key);
        File.WriteAllText(Path.Combine(elsewhere, "Dep.dll"), "ref v1 changed");
        Assert.AreNotEqual(Inputs(root).Key, Inputs(root, referenceDirectory: elsewhere).Key);
    }

    [TestMethod]
    public void ContentFile_OutsideTheCopy_KeepsItsFullPath()
    {
        using var dir = new TempDir("bckey");
        string root = Copy(dir, "app");
        string analyzer = dir.Combine("packages", "gen.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(analyzer)!);
        File.WriteAllText(analyzer, "generator");
        var inputs = new CompileInputs(root);
        inputs.File("Analyzers", analyzer, CompileFileKind.Content);
        StringAssert.Contains(inputs.Describe(), "file Analyzers " + analyzer + " ");
    }

    [TestMethod]
    public void MissingFile_MakesTheCompilationUncacheable()
    {
        using var dir = new TempDir("bckey");
        string root = Copy(dir, "app");
        var inputs = Inputs(root);
        inputs.File("Sources", Path.Combine(root, "Gone.cs"), CompileFileKind.Content);
        StringAssert.Contains(inputs.Uncacheable, "Gone.cs does not exist");
        inputs.Refuse("second reason");
        Assert.IsFalse(inputs.Uncacheable!.Contains("second", StringComparison.Ordinal), "the first reason is kept");
    }

    [TestMethod]
    public void FileDigests_RecomputeWhenTheFileChanges()
    {
        using var dir = new TempDir("bckey");
        string file = dir.Combine("f.dll");
        File.WriteAllText(file, "one");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-5));
        string first = FileDigests.Sha256(file);
        Assert.AreEqual(first, FileDigests.Sha256(file));
        File.WriteAllText(file, "two!");
        Assert.AreNotEqual(first, FileDigests.Sha256(file));
    }
}
