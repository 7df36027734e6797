using static ModuleSdk.Sample.SampleCommands;

namespace ModuleSdk.Sample;

/// <summary>
/// Step 4 of the sample (samples/inline): a graceful API update. example.com/p v1.1.0 keeps v1's
/// EnableFoo/DisableFoo as [Inline] forwarders to example.com/p/v2; the app upgrades, sees MOD9100
/// in its build output, runs dotnet mod fix and dotnet mod tidy, and ends up on v2 alone, printing
/// the same as before. Self-contained: its own proxy, cache and app under samples/.work/.
/// </summary>
internal static class SampleInline
{
    private static readonly string[] Build =
    [
        "-nodeReuse:false: no MSBuild node outlives the build",
        "-p:ModuleLockedMode=false: a missing module.sum line is added, not an error (the sample runs under CI too)",
    ];

    public static async Task RunAsync(string root, string work, string feed)
    {
        Console.WriteLine("# 4. A graceful API update: example.com/p v1.1.0 forwards v1's API to example.com/p/v2 with [Inline];");
        Console.WriteLine("#    dotnet mod fix rewrites the app's calls to v2, dotnet mod tidy drops v1 (samples/inline).\n");
        string proxy = Path.Combine(work, "proxy-inline");
        SampleProxy.Write(Path.Combine(root, "samples", "inline", "modules"), proxy);
        string app = Path.Combine(work, "app-inline");
        Directory.CreateDirectory(app);
        foreach (var file in Directory.GetFiles(Path.Combine(root, "samples", "inline", "app")))
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(app, "nuget.config"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n" +
            $"    <clear />\n    <add key=\"modulesdk\" value=\"{feed}\" />\n" +
            "    <add key=\"nuget.org\" value=\"https://api.nuget.org/v3/index.json\" />\n  </packageSources>\n</configuration>\n");
        var env = new Dictionary<string, string?>
        {
            ["MODPROXY"] = new Uri(proxy + "/").AbsoluteUri.TrimEnd('/'),
            ["MODCACHE"] = Path.Combine(work, "cache-inline"),
            ["MODPRIVATE"] = "",
            ["HOME"] = work,
            ["PATH"] = Environment.GetEnvironmentVariable("PATH"),
            ["DOTNET_ROOT"] = Environment.GetEnvironmentVariable("DOTNET_ROOT"),
            ["NUGET_PACKAGES"] = Path.Combine(work, "packages"),
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        string dll = Path.Combine(app, "bin", "Debug", "net10.0", "App.dll");
        const string Behaviour = "foo enabled: True\nfoo enabled: False\n";

        // Builds are the expensive part: the app is built after the upgrade and after the fix only
        // (tests/ModuleSdk.Sdk.Tests/InlineFixTests also builds it before the upgrade and after tidy).
        Console.WriteLine("$ cat Program.cs\n" + File.ReadAllText(Path.Combine(app, "Program.cs")));
        await Mod(app, env, ["example.com/p@v1.1.0: require v1.1.0, whose v1 API forwards to example.com/p/v2 with [Inline]"], "get", "example.com/p@v1.1.0");
        Expect(Dotnet(app, env, Build, "build", "-nodeReuse:false", "-p:ModuleLockedMode=false"), "info MOD9100: P.Foo.EnableFoo(...) is marked [Inline]");
        Same(Dotnet(app, env, ["exec <dll>: run the built app"], "exec", dll), Behaviour);
        Expect(await Mod(app, env, ["(no flags) inline every [Inline] use in the main module's projects and " +
            "require the modules the new code uses"], "fix"), "Program.cs: inlined 4 uses");
        Console.WriteLine("$ cat Program.cs\n" + File.ReadAllText(Path.Combine(app, "Program.cs")));
        Dotnet(app, env, Build, "build", "-nodeReuse:false", "-p:ModuleLockedMode=false");
        Same(Dotnet(app, env, ["exec <dll>: run the built app"], "exec", dll), Behaviour);
        await Mod(app, env, ["(no flags) require what the code uses, drop what it no longer uses (example.com/p)"], "tidy");
        string mod = File.ReadAllText(Path.Combine(app, "module.mod"));
        Console.WriteLine("$ cat module.mod\n" + mod);
        if (mod != "module example.com/app\n\nrequire example.com/p/v2 v2.0.0\n")
            throw new InvalidOperationException("tidy should leave only example.com/p/v2 in module.mod:\n" + mod);
        Console.WriteLine("The app now calls example.com/p/v2 directly, with the same behaviour, and no longer requires example.com/p.\n");
    }

    private static void Expect(string output, string text)
    {
        if (!output.Contains(text, StringComparison.Ordinal)) throw new InvalidOperationException($"expected \"{text}\" in:\n{output}");
    }

    private static void Same(string output, string expected)
    {
        if (output.ReplaceLineEndings("\n") != expected) throw new InvalidOperationException($"expected:\n{expected}got:\n{output}");
    }
}
