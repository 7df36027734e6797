using ModuleSdk.Cli;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// The graceful API update of issue 14, end to end (samples/inline): example.com/p v1.0.0 has
/// EnableFoo/DisableFoo; v1.1.0 requires example.com/p/v2 and turns them into [Inline] forwarders
/// to v2's SetFoo(bool). The app upgrades to v1.1.0, sees MOD9100 in its build output, runs
/// dotnet mod fix (its code now calls v2, module.mod requires v2), builds and runs with the same
/// behaviour, and dotnet mod tidy drops example.com/p.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class InlineFixTests
{
    private const string Fixed = """
        using P.V2;

        Foo.SetFoo(true);
        System.Console.WriteLine($"foo enabled: {Foo.Enabled}");
        Foo.SetFoo(false);
        System.Console.WriteLine($"foo enabled: {Foo.Enabled}");

        """;

    [TestMethod]
    public void Upgrade_Fix_Tidy_EndsOnV2WithTheSameBehaviour()
    {
        using var s = new Scenario("inlinefix");
        string sample = Path.Combine(SdkFeed.RepoRoot, "samples", "inline");
        foreach (var file in Directory.GetFiles(s.App, "*.cs*").Append(s.ModFile)) File.Delete(file);
        foreach (var file in Directory.GetFiles(Path.Combine(sample, "app"))) File.Copy(file, Path.Combine(s.App, Path.GetFileName(file)));
        Scenario.WriteProxy(Path.Combine(sample, "modules"), s.Proxy);
        string program = Path.Combine(s.App, "Program.cs");

        // v1.0.0: no suggestion.
        Assert.IsFalse(s.Succeed("build").Contains("MOD9100"));
        Assert.AreEqual("foo enabled: True\nfoo enabled: False\n", s.RunApp().ReplaceLineEndings("\n"));

        // Upgrade: the forwarders compile as before, and each use is a suggestion in the build output.
        var get = Mod(s, "get", "example.com/p@v1.1.0");
        Assert.AreEqual(0, get.ExitCode, get.Error);
        string build = s.Succeed("build");
        StringAssert.Contains(build, "Program.cs(3,1): info MOD9100: P.Foo.EnableFoo(...) is marked [Inline] by its module");
        StringAssert.Contains(build, "Program.cs(5,1): info MOD9100: P.Foo.DisableFoo(...) is marked [Inline] by its module");
        Assert.AreEqual("foo enabled: True\nfoo enabled: False\n", s.RunApp().ReplaceLineEndings("\n"));

        // Fix: the app calls v2 directly, and requires it.
        var fix = Mod(s, "fix");
        Assert.AreEqual(0, fix.ExitCode, fix.Error);
        StringAssert.Contains(fix.Out, "Program.cs: inlined 4 uses\n");
        StringAssert.Contains(fix.Out, "module.mod: require example.com/p/v2 v2.0.0 (now used directly)\n");
        Assert.AreEqual(Fixed, File.ReadAllText(program).ReplaceLineEndings("\n"));
        StringAssert.Contains(File.ReadAllText(s.ModFile), "example.com/p/v2 v2.0.0");

        // Again: nothing to do, nothing touched.
        var programBytes = File.ReadAllBytes(program);
        var programTime = File.GetLastWriteTimeUtc(program);
        string modText = File.ReadAllText(s.ModFile);
        var again = Mod(s, "fix");
        Assert.AreEqual(0, again.ExitCode, again.Error);
        StringAssert.Contains(again.Error, "dotnet mod: nothing to fix");
        CollectionAssert.AreEqual(programBytes, File.ReadAllBytes(program));
        Assert.AreEqual(programTime, File.GetLastWriteTimeUtc(program));
        Assert.AreEqual(modText, File.ReadAllText(s.ModFile));

        // The next build compiles, without suggestions, and behaves the same.
        Assert.IsFalse(s.Succeed("build").Contains("MOD9100"));
        Assert.AreEqual("foo enabled: True\nfoo enabled: False\n", s.RunApp().ReplaceLineEndings("\n"));

        // Tidy: nothing uses example.com/p any more.
        var tidy = Mod(s, "tidy", "-v");
        Assert.AreEqual(0, tidy.ExitCode, tidy.Error);
        StringAssert.Contains(tidy.Error, "unused example.com/p\n");
        Assert.AreEqual("module example.com/app\n\nrequire example.com/p/v2 v2.0.0\n", File.ReadAllText(s.ModFile));
        s.Succeed("build");
        Assert.AreEqual("foo enabled: True\nfoo enabled: False\n", s.RunApp().ReplaceLineEndings("\n"));

        // The MSBuild way, on the fixed app: nothing to inline.
        StringAssert.Contains(s.Succeed("build", "-t:FixModules"), "ModuleSdk: App.csproj: nothing to inline");
        Assert.AreEqual(Fixed, File.ReadAllText(program).ReplaceLineEndings("\n"));
    }

    // dotnet mod in process, with what its fix build needs from the machine: dotnet on PATH.
    private static (int ExitCode, string Out, string Error) Mod(Scenario s, params string[] args)
    {
        var env = s.Environment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        env["HOME"] = s.Dir;
        env["PATH"] = Environment.GetEnvironmentVariable("PATH");
        env["DOTNET_ROOT"] = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        env["MSBUILDDISABLENODEREUSE"] = "1";
        env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        env["DOTNET_NOLOGO"] = "1";
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.RunAsync(new CliContext(s.App, env, stdout, stderr), args).GetAwaiter().GetResult();
        return (code, stdout.ToString(), stderr.ToString());
    }
}
