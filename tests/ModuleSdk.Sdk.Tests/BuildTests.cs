namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// dotnet build of the MVS walkthrough app against the packed SDK: the first build selects MVS
/// versions and runs; a rebuild resolves nothing; a module.mod edit needs a restore and then
/// moves the selection; built assemblies carry their module information.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class BuildTests
{
    [TestMethod]
    public void Build_FirstBuildSelectsMvsVersions_ThenNoOpThenModFileChange()
    {
        using var s = new Scenario("build");

        // 1. First build on a fresh tree: NuGet's first restore sees the module projects.
        string first = s.Succeed("build");
        StringAssert.Contains(first, "example.com/app: 3 module(s) in the build list");
        StringAssert.Contains(s.RunApp(), "selected logging module: v1.2.0");
        StringAssert.Contains(File.ReadAllText(s.SumFile), "example.com/logging v1.2.0 h1:");
        Assert.IsTrue(File.Exists(Path.Combine(s.App, "obj", "modules", "example.com", "logging@v1.2.0", "Logging.csproj")));
        // Nothing was built inside the cache.
        Assert.IsFalse(Directory.Exists(Path.Combine(s.Cache, "example.com", "logging@v1.2.0", "obj")));
        Assert.IsFalse(Directory.Exists(Path.Combine(s.Cache, "example.com", "logging@v1.2.0", "bin")));

        // 2. Rebuild: the restore is a no-op.
        string modBefore = File.ReadAllText(s.ModFile), sumBefore = File.ReadAllText(s.SumFile);
        string second = s.Succeed("build", "-v:n");
        StringAssert.Contains(second, "modules of example.com/app are up to date");
        Assert.IsFalse(second.Contains("module(s) in the build list"), second);
        Assert.AreEqual(modBefore, File.ReadAllText(s.ModFile));
        Assert.AreEqual(sumBefore, File.ReadAllText(s.SumFile));

        // 3. module.mod edit: a --no-restore build refuses; a build moves logging to v1.3.2.
        File.WriteAllText(s.ModFile, modBefore.Replace("\texample.com/beta v1.2.0\n", "\texample.com/beta v1.2.0\n\texample.com/gamma v1.0.0\n"));
        string stale = s.Fail("build", "--no-restore");
        StringAssert.Contains(stale, "error MOD9001");
        StringAssert.Contains(stale, "run 'dotnet restore'");
        s.Succeed("build");
        StringAssert.Contains(s.RunApp(), "selected logging module: v1.3.2");

        // 4. Stamping, read back without loading: main assembly and a module assembly.
        var (code, output, error) = s.Mod("version", "-m", Path.Combine("bin", "Debug", "net10.0", "App.dll"));
        Assert.AreEqual(0, code, error);
        string sum = File.ReadAllLines(s.SumFile).Single(l => l.StartsWith("example.com/logging v1.3.2 h1:", StringComparison.Ordinal)).Split(' ')[2];
        CollectionAssert.AreEqual(new[]
        {
            $"{Path.Combine("bin", "Debug", "net10.0", "App.dll")}: .NETCoreApp,Version=v10.0",
            "\tpath\texample.com/app",
            "\tmod\texample.com/app\t(devel)\t",
            $"\tdep\texample.com/alpha\tv1.0.0\t{SumOf(s, "example.com/alpha v1.0.0")}",
            $"\tdep\texample.com/beta\tv1.2.0\t{SumOf(s, "example.com/beta v1.2.0")}",
            $"\tdep\texample.com/gamma\tv1.0.0\t{SumOf(s, "example.com/gamma v1.0.0")}",
            $"\tdep\texample.com/logging\tv1.3.2\t{sum}",
            "\tbuild\tConfiguration=Debug",
            "\tbuild\tTargetFramework=net10.0",
        }, output.TrimEnd('\n').Split('\n'));
        var module = s.Mod("version", "-m", "-json", Path.Combine("bin", "Debug", "net10.0", "Logging.dll"));
        Assert.AreEqual(0, module.ExitCode, module.Error);
        StringAssert.Contains(module.Out, "\"Path\": \"example.com/logging\"");
        StringAssert.Contains(module.Out, $"\"Sum\": \"{sum}\"");
        StringAssert.Contains(module.Out, "\"Version\": \"v1.3.2\"");
        var notAssembly = s.Mod("version", "-m", "module.mod");
        Assert.AreEqual(1, notAssembly.ExitCode);
        StringAssert.Contains(notAssembly.Error, "module.mod: not a .NET assembly");
    }

    private static string SumOf(Scenario s, string prefix) =>
        File.ReadAllLines(s.SumFile).Single(l => l.StartsWith(prefix + " h1:", StringComparison.Ordinal)).Split(' ')[2];
}
