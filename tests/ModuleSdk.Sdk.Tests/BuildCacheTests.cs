using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// The build cache end to end (docs/design.md, "The build cache"): a second app using the same
/// modules gets their compiled outputs from the cache, byte-identical to compiling them itself,
/// and a changed define or selected version compiles again.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class BuildCacheTests
{
    [TestMethod]
    public void SecondApp_HitsTheCache_OutputsAreIdenticalToAnUncachedBuild_DefinesAndVersionsMiss()
    {
        using var s = new Scenario("buildcache");
        string cacheRoot = s.Cache + "-build";

        // 1. The first app compiles alpha, beta and logging v1.2.0 and stores them beside MODCACHE.
        string first = s.Succeed("build", "-v:n");
        Assert.AreEqual(3, Count(first, "build cache miss for"), first);
        Assert.AreEqual(3, Count(first, "stored in the build cache"), first);
        Assert.IsTrue(File.Exists(Path.Combine(cacheRoot, "README")));

        // 2. A second app (another module, another program) requiring the same versions: every module is a hit.
        string app2 = Path.Combine(s.Dir, "app2");
        Directory.CreateDirectory(app2);
        foreach (var file in new[] { "App.csproj", "nuget.config", "module.sum" })
            File.Copy(Path.Combine(s.App, file), Path.Combine(app2, file));
        File.WriteAllText(Path.Combine(app2, "module.mod"), File.ReadAllText(s.ModFile).Replace("module example.com/app", "module example.com/app2"));
        File.WriteAllText(Path.Combine(app2, "Program.cs"),
            File.ReadAllText(Path.Combine(s.App, "Program.cs")) + "\nSystem.Console.WriteLine(\"second app\");\n");
        string second = s.SucceedIn(app2, "build", "-v:n");
        Assert.AreEqual(3, Count(second, "build cache hit for"), second);
        Assert.AreEqual(0, Count(second, "build cache miss for"), second);
        foreach (var module in new[] { "alpha@v1.0.0", "beta@v1.2.0", "logging@v1.2.0" })
            StringAssert.Contains(second, $"build cache hit for {Path.Combine(app2, "obj", "modules", "example.com", module)}");
        string run = Run(s, app2);
        StringAssert.Contains(run, "selected logging module: v1.2.0");
        StringAssert.Contains(run, "second app");

        // 3. Byte for byte what the second app compiles itself with the cache off (assembly, reference assembly, PDB).
        var cached = Outputs(app2);
        Assert.AreEqual(9, cached.Count, string.Join("\n", cached.Keys));
        string uncached = s.SucceedIn(app2, "build", "--no-incremental", "-v:n", "-p:ModuleBuildCache=off");
        Assert.AreEqual(0, Count(uncached, "build cache"), uncached);
        var compiled = Outputs(app2);
        CollectionAssert.AreEquivalent(cached.Keys.ToList(), compiled.Keys.ToList());
        foreach (var (file, hash) in cached)
            Assert.AreEqual(hash, compiled[file], $"{file}: the cache's copy differs from this consumer's own compilation");

        // 4. Another define reaches every module copy (a global property): every key changes.
        string defined = s.SucceedIn(app2, "build", "-v:n", "-p:DefineConstants=MODULESDK_BUILDCACHE_TEST");
        Assert.AreEqual(3, Count(defined, "build cache miss for"), defined);
        Assert.AreEqual(0, Count(defined, "build cache hit for"), defined);

        // 5. Another selected version: gamma raises logging to v1.3.2. Logging v1.3.2 is new, and
        // alpha and beta compile against its reference assembly (Go's dependency action IDs): all miss.
        File.WriteAllText(Path.Combine(app2, "module.mod"), File.ReadAllText(Path.Combine(app2, "module.mod"))
            .Replace("\texample.com/beta v1.2.0\n", "\texample.com/beta v1.2.0\n\texample.com/gamma v1.0.0\n"));
        string moved = s.SucceedIn(app2, "build", "-v:n");
        StringAssert.Contains(moved, $"build cache miss for {Path.Combine(app2, "obj", "modules", "example.com", "logging@v1.3.2")}");
        foreach (var module in new[] { "alpha@v1.0.0", "beta@v1.2.0" })
            StringAssert.Contains(moved, $"build cache miss for {Path.Combine(app2, "obj", "modules", "example.com", module)}");
        StringAssert.Contains(Run(s, app2), "selected logging module: v1.3.2");

        // 6. The first app, rebuilt from nothing, still hits: its versions' entries were kept.
        TempDir.Delete(Path.Combine(s.App, "obj"));
        TempDir.Delete(Path.Combine(s.App, "bin"));
        string again = s.Succeed("build", "-v:n");
        Assert.AreEqual(3, Count(again, "build cache hit for"), again);
        StringAssert.Contains(s.RunApp(), "selected logging module: v1.2.0");

        // 7. dotnet mod clean -buildcache empties it; the next clean build compiles again.
        var clean = s.Mod("clean", "-buildcache");
        Assert.AreEqual(0, clean.ExitCode, clean.Error);
        TempDir.Delete(Path.Combine(s.App, "obj"));
        string cold = s.Succeed("build", "-v:n");
        Assert.AreEqual(3, Count(cold, "build cache miss for"), cold);
    }

    private static int Count(string output, string text) => Regex.Matches(output, Regex.Escape(text)).Count;

    private static string Run(Scenario s, string app)
    {
        var (code, output) = SdkFeed.Run(app, s.Environment, "exec", Path.Combine(app, "bin", "Debug", "net10.0", "App.dll"));
        Assert.AreEqual(0, code, output);
        return output;
    }

    // The compiler's outputs of every module copy of an app, by path relative to the app, with their SHA-256.
    private static Dictionary<string, string> Outputs(string app) =>
        Directory.EnumerateFiles(Path.Combine(app, "obj", "modules"), "*", SearchOption.AllDirectories)
            .Where(f => f.Contains(Path.Combine("obj", "Debug", "net10.0"), StringComparison.Ordinal) &&
                        (f.EndsWith(".pdb", StringComparison.Ordinal)
                            || (f.EndsWith(".dll", StringComparison.Ordinal)
                                && !f.Contains(Path.DirectorySeparatorChar + "ref" + Path.DirectorySeparatorChar, StringComparison.Ordinal))))
            .ToDictionary(f => Path.GetRelativePath(app, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
