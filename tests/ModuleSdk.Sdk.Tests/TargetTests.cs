namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// The SDK's read-only targets print what the matching dotnet mod verbs print (ListModules as
/// list -m all, GraphModules as graph, ExplainModules as why -m; ModuleGraph and ModuleWhy -p:Module=
/// are their deprecated former names), and ModuleVerifyOnBuild fails a build on a tampered cache.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class TargetTests
{
    [TestMethod]
    public void ListGraphWhy_AfterRestore_PrintWhatTheCliPrints()
    {
        using var s = new Scenario("targets");
        s.Succeed("restore");

        var list = s.Mod("list", "-m", "all");
        Assert.AreEqual(0, list.ExitCode, list.Error);
        AssertLinesIn(s.Succeed("msbuild", "-t:ListModules"), list.Out);
        StringAssert.Contains(list.Out, "example.com/logging v1.2.0\n");

        var graph = s.Mod("graph");
        Assert.AreEqual(0, graph.ExitCode, graph.Error);
        AssertLinesIn(s.Succeed("msbuild", "-t:GraphModules"), graph.Out);
        AssertLinesIn(s.Succeed("msbuild", "-t:ModuleGraph"), graph.Out);
        StringAssert.Contains(graph.Out, "example.com/app example.com/alpha@v1.0.0\n");

        var why = s.Mod("why", "-m", "example.com/logging");
        Assert.AreEqual(0, why.ExitCode, why.Error);
        AssertLinesIn(s.Succeed("msbuild", "-t:ExplainModules", "-p:ModulesToExplain=example.com/logging"), why.Out);
        AssertLinesIn(s.Succeed("msbuild", "-t:ModuleWhy", "-p:Module=example.com/logging"), why.Out);
        StringAssert.Contains(why.Out, "# example.com/logging\nexample.com/app\n");

        StringAssert.Contains(s.Succeed("msbuild", "-t:ExplainModules", "-p:ModulesToExplain=example.com/nothere"),
            "(main module does not need module example.com/nothere)");

        string missing = s.Fail("msbuild", "-t:ExplainModules");
        StringAssert.Contains(missing, $"{s.ModFile} : error MOD9007: ExplainModules needs a module path");
    }

    [TestMethod]
    public void ModuleVerifyOnBuild_LockedModeTamperedCache_FailsBuild()
    {
        using var s = new Scenario("verifyonbuild");
        s.Succeed("restore");
        string dir = s.TamperCachedFile("example.com/beta", "v1.2.0", "Beta.cs");

        // Locked mode turns verification on by default: the build stops before compiling.
        string output = s.Fail("build", "-p:ModuleLockedMode=true");
        StringAssert.Contains(output, $"example.com/beta v1.2.0: dir has been modified ({dir})");
        Assert.IsFalse(File.Exists(Path.Combine(s.App, "bin", "Debug", "net10.0", "App.dll")), output);

        // ModuleVerifyOnBuild=false turns it off in locked mode: the same build succeeds.
        Assert.IsFalse(s.Succeed("build", "-p:ModuleLockedMode=true", "-p:ModuleVerifyOnBuild=false").Contains("dir has been modified"));
    }

    // MSBuild indents messages: each line the CLI printed must appear as a line of the target's output.
    private static void AssertLinesIn(string output, string expected)
    {
        var lines = output.Split('\n').Select(l => l.Trim()).ToHashSet();
        foreach (var line in expected.Split('\n').Where(l => l.Length > 0))
            Assert.IsTrue(lines.Contains(line), $"'{line}' missing from:\n{output}");
    }
}
