namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// dotnet mod tidy with the usage the build recorded: the walkthrough app requires alpha and beta
/// but is rewritten to use only alpha, plus logging's version constant (logging is required only
/// by alpha and beta). Go's tidy
/// on the same import graph writes alpha and logging (at the version beta had raised it to) as
/// direct requirements and drops beta; so must ours, and the app must build and run after it.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class TidyUsageTests
{
    private const string Tidied = "module example.com/app\n\nrequire (\n\texample.com/alpha v1.0.0\n\texample.com/logging v1.2.0\n)\n";

    // The app uses logging only through the constant Logging.Log.Version, which the compiler
    // inlines: App.dll has no AssemblyRef to Logging, and only the SDK's analyzer (the compiler's
    // own count of used references) tells tidy that logging is used.
    [TestMethod]
    public void Tidy_AfterBuild_DropsUnusedRequiresUsedIndirect_ThenBuildsAndRuns()
    {
        using var s = new Scenario("tidyusage");
        File.WriteAllText(Path.Combine(s.App, "Program.cs"),
            "Alpha.Greeter.Hello();\nSystem.Console.WriteLine($\"selected logging module: {Logging.Log.Version}\");\n");
        string original = File.ReadAllText(s.ModFile);

        // 1. Never built: tidy says which project to build and drops nothing.
        var before = s.Mod("tidy");
        Assert.AreEqual(0, before.ExitCode, before.Error);
        StringAssert.Contains(before.Error, "warning: MOD5301: ");
        StringAssert.Contains(before.Error, "App.csproj: no usage record: build it first");
        Assert.AreEqual(original, File.ReadAllText(s.ModFile));

        // 2. Build: the record names what the compilation used, logging (a constant only) among
        // them, beta not; the compiler's list names logging's reference assembly.
        s.Succeed("build");
        string record = File.ReadAllText(Path.Combine(s.App, "obj", "modulesdk", "usage", "net10.0.txt"));
        StringAssert.Contains(record, "use example.com/alpha\nuse example.com/logging\n");
        Assert.IsFalse(record.Contains("example.com/beta"), record);
        string usedReferences = File.ReadAllText(Path.Combine(s.App, "obj", "Debug", "net10.0", "modulesdk-used-references.txt"));
        StringAssert.StartsWith(usedReferences, "modulesdk-used-references 1\n");
        StringAssert.Contains(usedReferences, "Logging.dll\n");
        Assert.IsFalse(usedReferences.Contains("Beta.dll"), usedReferences);
        Assert.IsFalse(File.Exists(Path.Combine(s.App, "obj", "Debug", "net10.0", "modulesdk-used-references.txt.new")),
            "the analyzer's output is accepted after the compile");

        // 3. Tidy: beta dropped (-v says so, as go mod tidy -v), logging now direct and reported.
        var tidy = s.Mod("tidy", "-v");
        Assert.AreEqual(0, tidy.ExitCode, tidy.Error);
        StringAssert.Contains(tidy.Error, "dotnet mod: usage of App.csproj: obj/modulesdk/usage/net10.0.txt\n".Replace('/', Path.DirectorySeparatorChar));
        StringAssert.Contains(tidy.Error, "dotnet mod: example.com/logging v1.2.0 is used by App.csproj: now required directly\n");
        StringAssert.Contains(tidy.Error, "unused example.com/beta\n");
        Assert.AreEqual(Tidied, File.ReadAllText(s.ModFile));
        Assert.IsFalse(File.ReadAllText(s.SumFile).Contains("example.com/beta"), "module.sum keeps only what the build needs");

        // 4. The tidied module builds and runs with the same logging version.
        s.Succeed("build");
        StringAssert.Contains(s.RunApp(), "selected logging module: v1.2.0");

        // 5. Build and tidy in one step: nothing left to change, no warning.
        string oneStep = s.Succeed("build", "-t:TidyModules");
        StringAssert.Contains(oneStep, "ModuleSdk: tidied " + s.ModFile);
        Assert.IsFalse(oneStep.Contains("MOD530"), oneStep);
        Assert.AreEqual(Tidied, File.ReadAllText(s.ModFile));

        // 6. Analyzer off: the compiler's list is dropped and the record falls back to App.dll's
        // AssemblyRef table, which cannot see the inlined constant (why the analyzer exists).
        s.Succeed("build", "-p:ModuleUsageAnalyzer=false");
        Assert.IsFalse(File.Exists(Path.Combine(s.App, "obj", "Debug", "net10.0", "modulesdk-used-references.txt")),
            "no list from a compilation without the analyzer");
        record = File.ReadAllText(Path.Combine(s.App, "obj", "modulesdk", "usage", "net10.0.txt"));
        StringAssert.Contains(record, "use example.com/alpha\n");
        Assert.IsFalse(record.Contains("example.com/logging"), record);
    }
}
