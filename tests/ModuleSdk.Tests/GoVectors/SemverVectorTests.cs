using System.Text.Json;
using ModuleSdk.Modules;

namespace ModuleSdk.Tests.GoVectors;

/// <summary>x/mod semver/semver_test.go, on <see cref="Semver"/>, from the extracted tables.</summary>
[TestClass]
public class SemverVectorTests
{
    private static List<(string In, string Out)> Tests(string file = "xmod/semver_semver_test.json") =>
        GoVectorFiles.Json(file).GetProperty("tests").EnumerateArray().Select(e => (e.Str("in"), e.Str("out"))).ToList();

    [TestMethod]
    public void IsValidCanonicalMajorMinorPrereleaseBuild()
    {
        var f = new VectorFailures();
        foreach (var (input, output) in Tests())
        {
            f.Equal(output != "", Semver.IsValid(input), $"IsValid({input})");
            f.Equal(output, Semver.Canonical(input), $"Canonical({input})");
            int dot = output.IndexOf('.');
            f.Equal(dot >= 0 ? output[..dot] : "", Semver.Major(input), $"Major({input})");
            string mm = "";
            if (output != "")
            {
                mm = input;
                if (mm.IndexOf('+') is var plus and >= 0) mm = mm[..plus];
                if (mm.IndexOf('-') is var dash and >= 0) mm = mm[..dash];
                mm = mm.Count(c => c == '.') switch { 0 => mm + ".0", 1 => mm, _ => mm[..mm.LastIndexOf('.')] };
            }
            f.Equal(mm, Semver.MajorMinor(input), $"MajorMinor({input})");
            string pre = output != "" && output.IndexOf('-') is var p and >= 0 ? output[p..] : "";
            f.Equal(pre, Semver.Prerelease(input), $"Prerelease({input})");
            string build = output != "" && input.IndexOf('+') is var b and >= 0 ? input[b..] : "";
            f.Equal(build, Semver.Build(input), $"Build({input})");
        }
        f.AssertNone("semver tests");
    }

    [TestMethod]
    public void CompareAndMax()
    {
        var tests = Tests();
        var f = new VectorFailures();
        for (int i = 0; i < tests.Count; i++)
        {
            for (int j = 0; j < tests.Count; j++)
            {
                var (ti, tj) = (tests[i], tests[j]);
                int want = ti.Out == tj.Out ? 0 : i < j ? -1 : 1;
                f.Equal(want, Semver.Compare(ti.In, tj.In), $"Compare({ti.In}, {tj.In})");
                f.Equal(i < j ? Semver.Canonical(tj.In) : Semver.Canonical(ti.In), Semver.Max(ti.In, tj.In), $"Max({ti.In}, {tj.In})");
            }
        }
        f.AssertNone("semver Compare/Max");
    }

    // x/mod HEAD's TestSort checks a golden order (ties broken by the strings themselves); Go
    // 1.19's semver.Sort behaves the same.
    [TestMethod]
    public void Sort_GoldenOrder()
    {
        var json = GoVectorFiles.Json("xmod/semver_semver_test.head.json");
        var golden = json.GetProperty("TestSort.golden").EnumerateArray().Select(e => e.GetString()!).ToList();
        var versions = json.GetProperty("tests").EnumerateArray().Select(e => e.Str("in")).ToList();
        var rng = new Random(1);
        for (int round = 0; round < 20; round++)
        {
            var shuffled = versions.OrderBy(_ => rng.Next()).ToList();
            Semver.Sort(shuffled);
            CollectionAssert.AreEqual(golden, shuffled, "round " + round + ": " + string.Join(" ", shuffled));
        }
    }

    [TestMethod]
    public void BuildMetadataOnlyDifference_ComparesEqual()
    {
        var json = GoVectorFiles.Json("xmod/semver_semver_test.json");
        string v1 = json.GetProperty("v1").GetString()!, v2 = json.GetProperty("v2").GetString()!;
        Assert.AreEqual(0, Semver.Compare(v1, v2));
    }
}
