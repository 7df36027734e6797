using ModuleSdk.Modules;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Conformance;

/// <summary>The harness itself: the generator, the writer and the output parsers (no go command needed).</summary>
[TestClass]
public class UniverseGeneratorTests
{
    [TestMethod]
    [DataRow(1, 50)]
    [DataRow(42, 300)]
    public void Generate_SameSeedSameFiles(int seed, int size)
    {
        using var a = new WorkDirectory("gen-a");
        using var b = new WorkDirectory("gen-b");
        UniverseWriter.Write(UniverseGenerator.Generate(seed, size), a.Path);
        UniverseWriter.Write(UniverseGenerator.Generate(seed, size), b.Path);
        var filesA = Files(a.Path);
        CollectionAssert.AreEqual(filesA, Files(b.Path));
        foreach (var f in filesA)
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(a.Path, f)), File.ReadAllBytes(Path.Combine(b.Path, f)), f);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(7)]
    public void Generate_PathsAndVersionsAreValidForGo(int seed)
    {
        var u = UniverseGenerator.Generate(seed, 200);
        foreach (var m in u.Modules)
        {
            Assert.IsTrue(ModulePath.IsValidPath(m.Path), m.Path);
            Assert.IsTrue(ModulePath.SplitPathVersion(m.Path, out _, out var pathMajor), m.Path);
            foreach (var v in m.Versions)
            {
                Assert.AreEqual(v.Version, Semver.Canonical(v.Version), v.Version);
                if (!m.IsFork) Assert.IsTrue(ModulePath.MatchPathMajor(v.Version, pathMajor), $"{m.Path} {v.Version}");
                Assert.AreEqual(!PseudoVersion.IsPseudoVersion(v.Version), v.Listed, v.Version);
            }
        }
        Assert.IsFalse(u.Modules.GroupBy(m => m.Path.ToLowerInvariant()).Any(g => g.Count() > 1), "paths differing only in case");
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(5)]
    public void Generate_CoversTheFeaturesTheTestIsFor(int seed)
    {
        var u = UniverseGenerator.Generate(seed, 300);
        var all = u.Modules.SelectMany(m => m.Versions).ToList();
        Assert.IsTrue(u.Modules.Any(m => m.Path.Any(char.IsAsciiLetterUpper)), "uppercase paths");
        Assert.IsTrue(u.Modules.Any(m => m.Path.EndsWith("/v2", StringComparison.Ordinal)), "/v2 paths");
        Assert.IsTrue(all.Any(v => Semver.Prerelease(v.Version).Any(char.IsAsciiLetterUpper)), "uppercase prereleases");
        Assert.IsTrue(all.Any(v => !v.Listed), "unlisted pseudo-versions");
        Assert.IsTrue(all.Any(v => v.Retracts.Count > 0), "retractions");
        Assert.IsTrue(all.Any(v => !v.HasZip), "missing zips");
        Assert.IsTrue(u.Main.Excludes.Count > 0, "excludes");
        Assert.IsTrue(u.Main.Replaces.Any(r => r.IsDirectory), "directory replacements");
        Assert.IsTrue(u.Main.Replaces.Any(r => !r.IsDirectory && r.New != r.OldPath), "replacements by another path");
        Assert.IsTrue(u.Main.Replaces.Any(r => r.OldVersion is null) && u.Main.Replaces.Any(r => r.OldVersion is not null),
            "whole-module and exact replacements");
        // Forks are only replacement targets: requiring one would make Go reject the universe.
        var forks = u.Modules.Where(m => m.IsFork).Select(m => m.Path).ToHashSet();
        Assert.IsFalse(all.SelectMany(v => v.Requires).Concat(u.Main.Requires).Any(r => forks.Contains(r.Path)));
    }

    [TestMethod]
    public void Write_BothProxiesServeTheSameZipAndTheirOwnModFile()
    {
        using var dir = new WorkDirectory("gen-w");
        var u = UniverseGenerator.Generate(3, 40);
        var layout = UniverseWriter.Write(u, dir.Path);
        var m = u.Modules.First(x => x.Versions.Any(v => v.HasZip && v.Requires.Count > 0));
        var v = m.Versions.First(x => x.HasZip && x.Requires.Count > 0);
        string rel = Path.Combine(PathEscaping.EscapePath(m.Path), "@v", PathEscaping.EscapeVersion(v.Version));
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(layout.GoProxy, rel + ".zip")),
            File.ReadAllBytes(Path.Combine(layout.ModProxy, rel + ".zip")));
        string goMod = File.ReadAllText(Path.Combine(layout.GoProxy, rel + ".mod"));
        string modMod = File.ReadAllText(Path.Combine(layout.ModProxy, rel + ".mod"));
        StringAssert.Contains(goMod, "\ngo 1.16\n");
        Assert.AreEqual(goMod.Replace("\ngo 1.16\n", "", StringComparison.Ordinal), modMod);
        Assert.IsTrue(File.Exists(Path.Combine(layout.GoMain, "go.mod")));
        Assert.IsTrue(File.Exists(Path.Combine(layout.ModMain, "module.mod")));
        Assert.IsFalse(File.Exists(Path.Combine(layout.ModMain, "go.mod")));
    }

    [TestMethod]
    public void DownloadJson_ParsesConcatenatedObjects()
    {
        const string text = "{\n\t\"Path\": \"example.com/a\",\n\t\"Version\": \"v1.0.0\",\n\t\"Sum\": \"h1:x=\",\n\t\"GoModSum\": \"h1:y=\"\n}\n" +
                            "{\n\t\"Path\": \"test.org/B\",\n\t\"Version\": \"v1.0.0-RC.2\",\n\t\"Error\": \"not found\"\n}\n";
        var entries = DownloadJson.Parse(text, "GoModSum");
        Assert.HasCount(2, entries);
        Assert.AreEqual(new DownloadEntry("example.com/a", "v1.0.0", "h1:x=", "h1:y=", null), entries[0]);
        Assert.AreEqual("not found", entries[1].Error);
        Assert.AreEqual("test.org/B@v1.0.0-RC.2", entries[1].Key);
    }

    [TestMethod]
    public void Hash1_MatchesGoVectorForEmptyGoMod() =>
        Assert.AreEqual("h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=", Differential.Hash1([], "go.mod"));

    [TestMethod]
    [DataRow("7", new[] { 7 })]
    [DataRow("1-3", new[] { 1, 2, 3 })]
    [DataRow("1,5, 9-10", new[] { 1, 5, 9, 10 })]
    public void ParseSeeds_RangesAndLists(string spec, int[] expected) =>
        CollectionAssert.AreEqual(expected, GoDifferentialTests.ParseSeeds(spec));

    [TestMethod]
    public void LineDiff_ShowsFirstDifferenceAndOrderOnlyChanges()
    {
        string diff = Differential.LineDiff(["a", "b", "c"], ["a", "c", "b"]);
        StringAssert.Contains(diff, "first difference at line 2");
        StringAssert.Contains(diff, "- b");
        StringAssert.Contains(diff, "+ c");
        StringAssert.Contains(diff, "same lines, different order");
        StringAssert.Contains(Differential.LineDiff(["a"], ["a", "x"]), "only in dotnet mod (1):\n+ x");
    }

    private static List<string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToList();
}
