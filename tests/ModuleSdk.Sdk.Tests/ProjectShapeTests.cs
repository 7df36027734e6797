using System.Diagnostics;
using System.Text.Json;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// The shapes real repositories take, on real <c>dotnet</c> runs: a multi-targeting consumer, a
/// solution of two projects under one module.mod (built in parallel with node reuse on),
/// static-graph restore, <c>dotnet run</c>, and the design-time build IntelliSense runs.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class ProjectShapeTests
{
    [TestMethod]
    public void Build_MultiTargetingConsumer_RestoresOnceBuildsEachFrameworkStampsEach()
    {
        using var s = new Scenario("multitarget");
        string snapshots = Path.Combine(s.Dir, "extra");
        // multi targets both frameworks and picks its text per framework; old targets net9.0 only,
        // which both of multi's frameworks can reference.
        Write(Path.Combine(snapshots, "multi", "v1.0.0"), "module example.com/multi\n\nrequire example.com/old v1.0.0\n",
            ("Multi.csproj", Project("<TargetFrameworks>net10.0;net9.0</TargetFrameworks>")),
            ("Info.cs", """
                namespace Multi;

                public static class Info
                {
                #if NET10_0_OR_GREATER
                    public static string Text => "multi net10.0 with " + Old.Info.Text;
                #else
                    public static string Text => "multi net9.0 with " + Old.Info.Text;
                #endif
                }
                """));
        Write(Path.Combine(snapshots, "old", "v1.0.0"), "module example.com/old\n",
            ("Old.csproj", Project("<TargetFramework>net9.0</TargetFramework>")),
            ("Info.cs", "namespace Old;\n\npublic static class Info\n{\n    public const string Text = \"old v1.0.0\";\n}\n"));
        Scenario.WriteProxy(snapshots, s.Proxy);
        File.WriteAllText(s.ModFile, "module example.com/app\n\nrequire example.com/multi v1.0.0\n");
        File.WriteAllText(Path.Combine(s.App, "Program.cs"), "System.Console.WriteLine(Multi.Info.Text);\n");
        string project = Path.Combine(s.App, "App.csproj");
        File.WriteAllText(project,
            File.ReadAllText(project).Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFrameworks>net10.0;net9.0</TargetFrameworks>"));

        string output = s.Succeed("build");
        // One resolution for the project, not one per framework.
        Assert.AreEqual(1, Count(output, "example.com/app: 2 module(s) in the build list"), output);
        StringAssert.Contains(s.RunApp(), "multi net10.0 with old v1.0.0");

        foreach (var tfm in new[] { "net10.0", "net9.0" })
        {
            string bin = Path.Combine("bin", "Debug", tfm);
            var (code, stdout, error) = s.Mod("version", "-m", Path.Combine(bin, "App.dll"));
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(stdout, "\tpath\texample.com/app\n");
            StringAssert.Contains(stdout, "\tdep\texample.com/multi\tv1.0.0\th1:");
            StringAssert.Contains(stdout, "\tdep\texample.com/old\tv1.0.0\th1:");
            StringAssert.Contains(stdout, $"\tbuild\tTargetFramework={tfm}\n");
            (code, stdout, error) = s.Mod("version", "-m", Path.Combine(bin, "Multi.dll"));
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(stdout, "\tpath\texample.com/multi\n");
            StringAssert.Contains(stdout, $"\tbuild\tTargetFramework={tfm}\n");
            (code, stdout, error) = s.Mod("version", "-m", Path.Combine(bin, "Old.dll"));
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(stdout, "\tpath\texample.com/old\n");
            StringAssert.Contains(stdout, "\tbuild\tTargetFramework=net9.0\n");
        }
    }

    [TestMethod]
    public void Build_SolutionOfTwoProjectsUnderOneModFile_ParallelWithNodeReuseFromCleanThenNoOp()
    {
        using var s = new Scenario("solution");
        string root = Path.Combine(s.Dir, "repo");
        WriteSolution(s, root);
        // Node reuse on, in a handshake of this test's own so its nodes serve no other build, and
        // are found again to be shut down.
        string salt = "modulesdk-e2e-" + Guid.NewGuid().ToString("N")[..8];
        var env = new Dictionary<string, string>(s.Environment) { ["MSBUILDDISABLENODEREUSE"] = "", ["MSBUILDNODEHANDSHAKESALT"] = salt };
        try
        {
            string first = s.Expect(true, root, env, "build", "App.sln", "-m");
            Assert.AreEqual(2, Count(first, "example.com/app: 3 module(s) in the build list"), first);
            foreach (var app in new[] { "App1", "App2" })
            {
                var (code, output) = SdkFeed.Run(root, s.Environment, "exec", Path.Combine(root, app, "bin", "Debug", "net10.0", app + ".dll"));
                Assert.AreEqual(0, code, output);
                StringAssert.Contains(output, "selected logging module: v1.2.0");
            }

            string dll = Path.Combine(root, "App1", "bin", "Debug", "net10.0", "App1.dll");
            var written = File.GetLastWriteTimeUtc(dll);
            string second = s.Expect(true, root, env, "build", "App.sln", "-m", "-v:n");
            Assert.AreEqual(2, Count(second, "modules of example.com/app are up to date"), second);
            Assert.AreEqual(0, Count(second, "module(s) in the build list"), second);
            Assert.AreEqual(written, File.GetLastWriteTimeUtc(dll), "a no-op rebuild rewrote App1.dll");
        }
        finally
        {
            ShutDownNodes(s, root, env, salt);
        }
    }

    [TestMethod]
    public void Restore_StaticGraph_ProjectWorksFirstTime_SolutionAsksForASecondRun()
    {
        using var s = new Scenario("staticgraph");
        // A project: the entry project resolves before NuGet evaluates it out of process.
        string restore = s.Succeed("restore", "-p:RestoreUseStaticGraphEvaluation=true");
        StringAssert.Contains(restore, "example.com/app: 3 module(s) in the build list");
        s.Succeed("build", "--no-restore");
        StringAssert.Contains(s.RunApp(), "selected logging module: v1.2.0");

        // A solution: no target of ours runs before NuGet's evaluation, so the first restore
        // resolves and refuses (MOD9008); the second sees the modules.
        string root = Path.Combine(s.Dir, "repo");
        WriteSolution(s, root);
        string refused = s.FailIn(root, "restore", "App.sln", "-p:RestoreUseStaticGraphEvaluation=true");
        StringAssert.Contains(refused, "error MOD9008");
        StringAssert.Contains(refused, "run the restore again");
        // That restore's output lacks the modules: a --no-restore build refuses it.
        StringAssert.Contains(s.FailIn(root, "build", "App.sln", "--no-restore"), "error MOD9008");
        s.SucceedIn(root, "restore", "App.sln", "-p:RestoreUseStaticGraphEvaluation=true");
        foreach (var app in new[] { "App1", "App2" })
        {
            string assets = File.ReadAllText(Path.Combine(root, app, "obj", "project.assets.json"));
            StringAssert.Contains(assets, "obj/modules/example.com/alpha@v1.0.0/Alpha.csproj");
            StringAssert.Contains(assets, "obj/modules/example.com/beta@v1.2.0/Beta.csproj");
        }
        // A build straight after the refused restore is refused too, never built without modules.
        string other = Path.Combine(s.Dir, "repo2");
        WriteSolution(s, other);
        string build = s.FailIn(other, "build", "App.sln", "-p:RestoreUseStaticGraphEvaluation=true");
        StringAssert.Contains(build, "error MOD9008");
        Assert.IsFalse(File.Exists(Path.Combine(other, "App1", "bin", "Debug", "net10.0", "App1.dll")));
    }

    [TestMethod]
    public void Run_Consumer_ImplicitRestoreBuildAndRun()
    {
        using var s = new Scenario("run");
        string output = s.Succeed("run");
        StringAssert.Contains(output, "selected logging module: v1.2.0");
        StringAssert.Contains(output, "hello from alpha v1.0.0");
    }

    [TestMethod]
    public void DesignTimeBuild_AfterRestore_SeesModuleReferences()
    {
        using var s = new Scenario("designtime");
        s.Succeed("restore");
        // What an IDE asks for after a restore, before anything is built.
        string output = s.Succeed("msbuild", "-t:ResolveAssemblyReferencesDesignTime;ResolveProjectReferencesDesignTime",
            "-p:DesignTimeBuild=true", "-p:BuildProjectReferences=false", "-p:SkipCompilerExecution=true",
            "-getTargetResult:ResolveProjectReferencesDesignTime");
        using var json = JsonDocument.Parse(output[output.IndexOf('{')..]);
        var items = json.RootElement.GetProperty("TargetResults").GetProperty("ResolveProjectReferencesDesignTime").GetProperty("Items")
            .EnumerateArray().Select(i => (Path: i.GetProperty("Identity").GetString()!,
                Generated: i.TryGetProperty("ModuleSdkGenerated", out var g) ? g.GetString() : null)).ToList();
        // The required modules come from the generated references; logging, which Program.cs uses
        // too, arrives as a transitive project reference through the restore's assets file.
        CollectionAssert.AreEquivalent(new[] { "Alpha.dll", "Beta.dll", "Logging.dll" }, items.Select(i => Path.GetFileName(i.Path)).ToList(), output);
        CollectionAssert.AreEquivalent(new[] { "Alpha.dll", "Beta.dll" },
            items.Where(i => i.Generated == "true").Select(i => Path.GetFileName(i.Path)).ToList(), output);
        Assert.IsTrue(items.All(i => i.Path.StartsWith(Path.Combine(s.App, "obj", "modules"), StringComparison.Ordinal)), output);
        Assert.IsFalse(File.Exists(Path.Combine(s.App, "bin", "Debug", "net10.0", "App.dll")), "a design-time build compiled the app");
    }

    [TestMethod]
    public void Expect_FailedExpectation_KeepsBinlogOutsideTheRunRoot()
    {
        using var s = new Scenario("keeplog");
        var e = Assert.ThrowsExactly<AssertFailedException>(() => s.Succeed("msbuild", "-t:NoSuchTarget"));
        var kept = System.Text.RegularExpressions.Regex.Match(e.Message, @"binlog: (?<path>\S+\.binlog)");
        Assert.IsTrue(kept.Success, e.Message);
        string path = kept.Groups["path"].Value;
        try
        {
            Assert.IsTrue(File.Exists(path), path);
            Assert.IsTrue(path.StartsWith(Path.Combine(SdkFeed.RepoRoot, "artifacts", "e2e-logs"), StringComparison.Ordinal), path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A repository root with module.mod and App.sln holding App1 and App2, each a copy of the sample app.</summary>
    private static void WriteSolution(Scenario s, string root)
    {
        Directory.CreateDirectory(root);
        File.Copy(s.ModFile, Path.Combine(root, "module.mod"));
        File.Copy(Path.Combine(s.App, "nuget.config"), Path.Combine(root, "nuget.config"));
        foreach (var app in new[] { "App1", "App2" })
        {
            Directory.CreateDirectory(Path.Combine(root, app));
            File.Copy(Path.Combine(s.App, "App.csproj"), Path.Combine(root, app, app + ".csproj"));
            File.Copy(Path.Combine(s.App, "Program.cs"), Path.Combine(root, app, "Program.cs"));
        }
        Check(SdkFeed.Run(root, s.Environment, "new", "sln", "-n", "App", "--format", "sln"));
        Check(SdkFeed.Run(root, s.Environment, "sln", "App.sln", "add", Path.Combine("App1", "App1.csproj"), Path.Combine("App2", "App2.csproj")));

        static void Check((int ExitCode, string Output) r) => Assert.AreEqual(0, r.ExitCode, r.Output);
    }

    // The nodes a test started with node reuse on: asked to stop in the test's own handshake, then,
    // where /proc shows them (Linux), any still running are ended by process id.
    private static void ShutDownNodes(Scenario s, string root, Dictionary<string, string> env, string salt)
    {
        SdkFeed.Run(root, env, "build-server", "shutdown", "--msbuild");
        if (!Directory.Exists("/proc")) return;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var ours = Directory.GetDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? pid : 0)
                .Where(pid => pid > 0 && HasSalt(pid, salt)).ToList();
            if (ours.Count == 0) return;
            if (DateTime.UtcNow > deadline)
            {
                foreach (var pid in ours)
                    try { using var p = Process.GetProcessById(pid); p.Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
                return;
            }
            Thread.Sleep(200);
        }
    }

    private static bool HasSalt(int pid, string salt)
    {
        try { return File.ReadAllText($"/proc/{pid}/environ").Contains("MSBUILDNODEHANDSHAKESALT=" + salt + "\0", StringComparison.Ordinal); }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static string Project(string frameworks) => $"""
        <Project Sdk="ModuleSdk/1.0.0">
          <PropertyGroup>
            {frameworks}
            <Nullable>enable</Nullable>
          </PropertyGroup>
        </Project>
        """;

    internal static void Write(string dir, string modFile, params (string Name, string Text)[] files)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "module.mod"), modFile);
        foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir, name), text);
    }

    internal static int Count(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
