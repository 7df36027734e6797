namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// Scenarios beyond the first build: publishing a consumer, a module with a NuGet
/// PackageReference of its own, and two consumers building at once on one module cache (and so on
/// one build cache).
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class ScenarioCoverageTests
{
    [TestMethod]
    public void Publish_Consumer_CarriesModuleAssembliesAndRuns()
    {
        using var s = new Scenario("publish");
        string publish = Path.Combine(s.Dir, "out");
        s.Succeed("publish", "-o", publish);

        foreach (var name in new[] { "App.dll", "Alpha.dll", "Beta.dll", "Logging.dll" })
            Assert.IsTrue(File.Exists(Path.Combine(publish, name)), $"{name} missing from {publish}");
        var (code, output) = SdkFeed.Run(s.App, s.Environment, "exec", Path.Combine(publish, "App.dll"));
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "selected logging module: v1.2.0");

        // version -m on a directory reports every stamped assembly in it.
        var (exit, stdout, error) = s.Mod("version", "-m", publish);
        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(stdout, $"{Path.Combine(publish, "App.dll")}: .NETCoreApp,Version=v10.0\n");
        StringAssert.Contains(stdout, "\tpath\texample.com/app\n");
        StringAssert.Contains(stdout, $"\tdep\texample.com/logging\tv1.2.0\t{SumOf(s, "example.com/logging v1.2.0")}\n");
        StringAssert.Contains(stdout, $"{Path.Combine(publish, "Logging.dll")}: .NETCoreApp,Version=v10.0\n");
        StringAssert.Contains(stdout, "\tpath\texample.com/logging\n");

        // The ordinary version attributes carry the module's version too (NuGet.Versioning's
        // mapping), so tools that know nothing of module build info see it.
        string logging = Path.Combine(publish, "Logging.dll");
        Assert.AreEqual(new Version(1, 2, 0, 0), System.Reflection.AssemblyName.GetAssemblyName(logging).Version);
        var file = System.Diagnostics.FileVersionInfo.GetVersionInfo(logging);
        Assert.AreEqual("1.2.0.0", file.FileVersion);
        Assert.AreEqual($"v1.2.0 {SumOf(s, "example.com/logging v1.2.0")}", file.ProductVersion);
        Assert.AreEqual(new Version(1, 0, 0, 0), System.Reflection.AssemblyName.GetAssemblyName(Path.Combine(publish, "App.dll")).Version,
            "the main module keeps the SDK's default");
    }

    [TestMethod]
    public void Build_ModuleWithPackageReference_ConsumerRuns()
    {
        using var s = new Scenario("pkgref");
        string snapshots = Path.Combine(s.Dir, "extra");
        string v = Path.Combine(snapshots, "semverlib", "v1.0.0");
        Directory.CreateDirectory(v);
        File.WriteAllText(Path.Combine(v, "module.mod"), "module example.com/semverlib\n");
        File.WriteAllText(Path.Combine(v, "SemverLib.csproj"), """
            <Project Sdk="ModuleSdk/1.0.0">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="NuGet.Versioning" Version="8.0.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(v, "Versions.cs"), """
            namespace SemverLib;

            public static class Versions
            {
                public static string Max(string a, string b) =>
                    NuGet.Versioning.NuGetVersion.Parse(a) > NuGet.Versioning.NuGetVersion.Parse(b) ? a : b;
            }
            """);
        Scenario.WriteProxy(snapshots, s.Proxy);
        File.AppendAllText(s.ModFile, "\nrequire example.com/semverlib v1.0.0\n");
        File.AppendAllText(Path.Combine(s.App, "Program.cs"), "System.Console.WriteLine($\"max: {SemverLib.Versions.Max(\"1.10.0\", \"1.9.0\")}\");\n");

        s.Succeed("build");
        string output = s.RunApp();
        StringAssert.Contains(output, "max: 1.10.0");
        Assert.IsTrue(File.Exists(Path.Combine(s.App, "bin", "Debug", "net10.0", "NuGet.Versioning.dll")));
    }

    [TestMethod]
    public void Build_TwoConsumersAtOnceOnOneCache_BothSucceedAndCacheVerifies()
    {
        using var a = new Scenario("concurrent-a");
        using var b = new Scenario("concurrent-b");
        // b's consumer shares a's proxy and cache; it requires a different set (logging through gamma).
        var env = b.Environment;
        env["MODPROXY"] = a.Environment["MODPROXY"];
        env["MODCACHE"] = a.Cache;
        File.WriteAllText(b.ModFile,
            "module example.com/app\n\nrequire (\n\texample.com/alpha v1.0.0\n\texample.com/beta v1.2.0\n\texample.com/gamma v1.0.0\n)\n");
        _ = SdkFeed.Feed; // pack once before the two builds race

        var ta = Task.Run(() => SdkFeed.Run(a.App, a.Environment, "build", "-nodeReuse:false"));
        var tb = Task.Run(() => SdkFeed.Run(b.App, env, "build", "-nodeReuse:false"));
        var (ca, oa) = ta.GetAwaiter().GetResult();
        var (cb, ob) = tb.GetAwaiter().GetResult();
        Assert.AreEqual(0, ca, oa);
        Assert.AreEqual(0, cb, ob);

        var (code, output) = SdkFeed.Run(a.App, a.Environment, "exec", Path.Combine(a.App, "bin", "Debug", "net10.0", "App.dll"));
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "selected logging module: v1.2.0");
        (code, output) = SdkFeed.Run(b.App, env, "exec", Path.Combine(b.App, "bin", "Debug", "net10.0", "App.dll"));
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "selected logging module: v1.3.2");

        // The build cache beside the shared module cache took both builds' compilations whole: a's
        // alpha, beta, logging v1.2.0 and b's alpha, beta (against logging v1.3.2), gamma, logging
        // v1.3.2, each entry with its manifest, and no temporary directory left behind.
        string buildCache = a.Cache + "-build";
        var entries = Directory.GetDirectories(buildCache).Where(d => Path.GetFileName(d).Length == 2)
            .SelectMany(Directory.GetDirectories).ToList();
        Assert.HasCount(7, entries, string.Join("\n", entries));
        Assert.IsTrue(entries.All(e => File.Exists(Path.Combine(e, "manifest"))));
        Assert.IsEmpty(Directory.GetFileSystemEntries(Path.Combine(buildCache, "tmp")));

        // Both sum files agree with the shared cache.
        var va = a.Mod("verify");
        Assert.AreEqual(0, va.ExitCode, va.Error);
        StringAssert.Contains(va.Out, "all modules verified");
        (code, output) = SdkFeed.Run(b.App, env, "msbuild", "-t:VerifyModules", "-nodeReuse:false");
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "all modules verified");
    }

    [TestMethod]
    public void Build_MajorVersionsOneAndTwoTogether_BothAssembliesLoad()
    {
        using var s = new Scenario("majorv2");
        string snapshots = Path.Combine(s.Dir, "extra");
        // v2 keeps the project file name (as a Go module keeps its package names) and gives its
        // assembly and namespace a major-version suffix, so both can sit in one output folder.
        WriteModule(Path.Combine(snapshots, "lib", "v1.0.0"), "example.com/lib", "Lib.csproj", "", "Lib", "v1");
        WriteModule(Path.Combine(snapshots, "lib2", "v2.0.0"), "example.com/lib/v2", "Lib.csproj",
            "<AssemblyName>Lib.V2</AssemblyName><RootNamespace>Lib.V2</RootNamespace>", "Lib.V2", "v2");
        Scenario.WriteProxy(snapshots, s.Proxy);
        File.AppendAllText(s.ModFile, "\nrequire (\n\texample.com/lib v1.0.0\n\texample.com/lib/v2 v2.0.0\n)\n");
        File.AppendAllText(Path.Combine(s.App, "Program.cs"), "System.Console.WriteLine($\"lib {Lib.Info.Major} and {Lib.V2.Info.Major}\");\n");

        s.Succeed("build");
        StringAssert.Contains(s.RunApp(), "lib v1 and v2");
        Assert.IsTrue(File.Exists(Path.Combine(s.App, "bin", "Debug", "net10.0", "Lib.dll")));
        Assert.IsTrue(File.Exists(Path.Combine(s.App, "bin", "Debug", "net10.0", "Lib.V2.dll")));
        var v2 = s.Mod("version", "-m", Path.Combine("bin", "Debug", "net10.0", "Lib.V2.dll"));
        Assert.AreEqual(0, v2.ExitCode, v2.Error);
        StringAssert.Contains(v2.Out, "\tpath\texample.com/lib/v2\n");
    }

    private static void WriteModule(string dir, string path, string project, string properties, string ns, string major)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "module.mod"), $"module {path}\n");
        File.WriteAllText(Path.Combine(dir, project), $"""
            <Project Sdk="ModuleSdk/1.0.0">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                {properties}
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Info.cs"), $"namespace {ns};\n\npublic static class Info\n{{\n    public const string Major = \"{major}\";\n}}\n");
    }

    private static string SumOf(Scenario s, string prefix) =>
        File.ReadAllLines(s.SumFile).Single(l => l.StartsWith(prefix + " h1:", StringComparison.Ordinal)).Split(' ')[2];
}
