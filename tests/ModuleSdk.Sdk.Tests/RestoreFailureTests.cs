using System.Diagnostics;
using ModuleSdk.Proxy.Tests;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// Restores that must fail early and cleanly: two modules building one assembly name, and a
/// module proxy that refuses connections (alone and in a proxy list).
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class RestoreFailureTests
{
    [TestMethod]
    public void Restore_TwoModulesBuildOneAssemblyName_FailsNamingBothAndTheFix()
    {
        using var s = new Scenario("samename");
        string snapshots = Path.Combine(s.Dir, "extra");
        // v2 keeps v1's project file and sets no AssemblyName of its own: both build Lib.dll.
        foreach (var (dir, path) in new[] { ("lib", "example.com/lib"), ("lib2", "example.com/lib/v2") })
            ProjectShapeTests.Write(Path.Combine(snapshots, dir, path.EndsWith("/v2", StringComparison.Ordinal) ? "v2.0.0" : "v1.0.0"), $"module {path}\n",
                ("Lib.csproj",
                    "<Project Sdk=\"ModuleSdk/1.0.0\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n"),
                ("Info.cs", "namespace Lib;\n\npublic static class Info\n{\n    public const string Text = \"lib\";\n}\n"));
        Scenario.WriteProxy(snapshots, s.Proxy);
        File.AppendAllText(s.ModFile, "\nrequire (\n\texample.com/lib v1.0.0\n\texample.com/lib/v2 v2.0.0\n)\n");
        int v2Line = Array.FindIndex(File.ReadAllLines(s.ModFile), l => l.Contains("example.com/lib/v2", StringComparison.Ordinal)) + 1;

        string output = s.Fail("build");
        StringAssert.Contains(output,
            $"module.mod({v2Line},2): error MOD9009: modules example.com/lib@v1.0.0 and example.com/lib/v2@v2.0.0 both build an assembly named 'Lib'");
        StringAssert.Contains(output, "set a distinct <AssemblyName> (for example Lib.V2) in Lib.csproj of module example.com/lib/v2");
        // Nothing a build would read was written; the next restore tries again.
        string state = Path.Combine(s.App, "obj", "modulesdk");
        Assert.IsFalse(File.Exists(Path.Combine(state, "modules.props")));
        Assert.IsFalse(File.Exists(Path.Combine(state, "restore.hash")));
        Assert.IsFalse(Directory.Exists(Path.Combine(s.App, "bin")));

        // The main project's own assembly name counts too.
        File.WriteAllText(s.ModFile, File.ReadAllText(Path.Combine(SdkFeed.RepoRoot, "samples", "app", "module.mod")));
        string main = s.Fail("restore", "-p:AssemblyName=Logging");
        StringAssert.Contains(main,
            "error MOD9009: module example.com/logging@v1.2.0 builds an assembly named 'Logging' (Logging.csproj), " +
            "the name of the main project's own assembly");
    }

    [TestMethod]
    public void Restore_ProxyRefusesConnections_FailsFastAtTheRequireLineWritingNothing()
    {
        using var s = new Scenario("unreachable");
        string refused = "http://127.0.0.1:" + ServerProcess.FreePort();
        var env = new Dictionary<string, string>(s.Environment) { ["MODPROXY"] = refused };
        int alphaLine = Array.FindIndex(File.ReadAllLines(s.ModFile), l => l.Contains("example.com/alpha", StringComparison.Ordinal)) + 1;

        var clock = Stopwatch.StartNew();
        string output = s.Expect(false, s.App, env, "build");
        clock.Stop();
        StringAssert.Contains(output, $"module.mod({alphaLine},2): error MOD6002: example.com/alpha@v1.0.0: reading {refused}/example.com/alpha/@v/v1.0.0.mod");
        // Retries of a refused connection are short: the failure is not a timeout.
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed}");
        Assert.IsFalse(Directory.Exists(Path.Combine(s.App, "obj", "modules")));
        Assert.IsFalse(Directory.Exists(Path.Combine(s.App, "obj", "modulesdk")));
        Assert.IsFalse(File.Exists(s.SumFile));
        Assert.AreEqual(0, CacheFiles(s).Count, string.Join("\n", CacheFiles(s)));

        // "," falls through only on not-found, so a refused connection still fails ...
        env["MODPROXY"] = refused + "," + s.Environment["MODPROXY"];
        StringAssert.Contains(s.Expect(false, s.App, env, "restore"), "error MOD6002");
        Assert.AreEqual(0, CacheFiles(s).Count, string.Join("\n", CacheFiles(s)));
        // ... while "|" falls through on any error.
        env["MODPROXY"] = refused + "|" + s.Environment["MODPROXY"];
        StringAssert.Contains(s.Expect(true, s.App, env, "build"), "example.com/app: 3 module(s) in the build list");
        StringAssert.Contains(s.RunApp(), "selected logging module: v1.2.0");
    }

    // Module files in the cache (lock files of an attempt are not module content).
    private static List<string> CacheFiles(Scenario s) =>
        Directory.Exists(s.Cache)
            ? Directory.GetFiles(s.Cache, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).ToList()
            : [];
}
