using System.Text;
using ModuleSdk.Cli;
using ModuleSdk.ModFile;
using ModuleSdk.Modules;
using ModuleSdk.Zips;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// One end-to-end world: a <c>file://</c> module proxy made from source snapshots
/// (<c>samples/modules/&lt;name&gt;/&lt;version&gt;/</c>), its own module cache, and a consumer
/// app with a nuget.config that sees only the packed SDK feed and nuget.org.
/// </summary>
public sealed class Scenario : IDisposable
{
    private static readonly DateTimeOffset Time = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public Scenario(string name)
    {
        Dir = Path.Combine(SdkFeed.Root, name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Proxy = Path.Combine(Dir, "proxy");
        Cache = Path.Combine(Dir, "cache");
        App = Path.Combine(Dir, "app");
        Directory.CreateDirectory(App);
        WriteProxy(Path.Combine(SdkFeed.RepoRoot, "samples", "modules"), Proxy);
        foreach (var file in Directory.GetFiles(Path.Combine(SdkFeed.RepoRoot, "samples", "app")))
            File.Copy(file, Path.Combine(App, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(App, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{SdkFeed.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{SdkFeed.Packages}" />
              </config>
            </configuration>
            """);
    }

    public string Dir { get; }
    public string Proxy { get; }
    public string Cache { get; }
    public string App { get; }

    public Dictionary<string, string> Environment => new()
    {
        ["MODPROXY"] = new Uri(Proxy + "/").AbsoluteUri.TrimEnd('/'),
        ["MODCACHE"] = Cache,
        ["NUGET_PACKAGES"] = SdkFeed.Packages,
    };

    public string ModFile => Path.Combine(App, "module.mod");
    public string SumFile => Path.Combine(App, "module.sum");

    /// <summary>Runs <c>dotnet &lt;verb&gt;</c> in the app with a binary log; the log is kept only when the run's expectation fails.</summary>
    public (int ExitCode, string Output) Dotnet(params string[] args)
    {
        string log = Path.Combine(Dir, $"{args[0]}-{Guid.NewGuid().ToString("N")[..6]}.binlog");
        string[] full = args[0] == "run" || args[0] == "exec" ? args : [.. args, "-nodeReuse:false", "-bl:" + log];
        return SdkFeed.Run(App, Environment, full);
    }

    /// <summary>Asserts success and returns the output; on failure the message names the binlog (kept under the run root with MODULESDK_E2E_KEEP=1).</summary>
    public string Succeed(params string[] args)
    {
        var (code, output) = Dotnet(args);
        Assert.AreEqual(0, code, $"dotnet {string.Join(' ', args)} failed in {App}:\n{output}");
        return output;
    }

    public string Fail(params string[] args)
    {
        var (code, output) = Dotnet(args);
        Assert.AreNotEqual(0, code, $"dotnet {string.Join(' ', args)} should have failed in {App}:\n{output}");
        return output;
    }

    /// <summary>Runs the built app (no build).</summary>
    public string RunApp()
    {
        var (code, output) = SdkFeed.Run(App, Environment, "exec", Path.Combine(App, "bin", "Debug", "net10.0", "App.dll"));
        Assert.AreEqual(0, code, output);
        return output;
    }

    /// <summary>Runs <c>dotnet mod</c> in process.</summary>
    public (int ExitCode, string Out, string Error) Mod(params string[] args)
    {
        var env = Environment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        env["HOME"] = Dir;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.RunAsync(new CliContext(App, env, stdout, stderr), args).GetAwaiter().GetResult();
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        if (System.Environment.GetEnvironmentVariable("MODULESDK_E2E_KEEP") is null) Delete(Dir);
    }

    /// <summary>Writes a GOPROXY-layout directory from <c>&lt;name&gt;/&lt;version&gt;/</c> source snapshots.</summary>
    public static void WriteProxy(string snapshots, string proxy)
    {
        foreach (var moduleDir in Directory.GetDirectories(snapshots).Order(StringComparer.Ordinal))
        {
            foreach (var versionDir in Directory.GetDirectories(moduleDir).Order(StringComparer.Ordinal))
            {
                string version = Path.GetFileName(versionDir);
                string modText = File.ReadAllText(Path.Combine(versionDir, "module.mod"));
                string path = ModuleFile.ParseLax("module.mod", modText).Module!.Path;
                string dir = Path.Combine(proxy, PathEscaping.EscapePath(path), "@v");
                Directory.CreateDirectory(dir);
                string v = PathEscaping.EscapeVersion(version);
                File.WriteAllText(Path.Combine(dir, v + ".mod"), modText);
                File.WriteAllText(Path.Combine(dir, v + ".info"), $"{{\"Version\":\"{version}\",\"Time\":\"{Time:yyyy-MM-ddTHH:mm:ssZ}\"}}\n");
                using (var zip = File.Create(Path.Combine(dir, v + ".zip")))
                    ModuleZip.CreateFromDirectory(zip, new ModuleId(path, version), versionDir);
                File.AppendAllText(Path.Combine(dir, "list"), version + "\n", Encoding.UTF8);
            }
        }
    }

    /// <summary>Deletes a tree even where the module cache made directories read-only.</summary>
    public static void Delete(string path)
    {
        if (!Directory.Exists(path)) return;
        if (!OperatingSystem.IsWindows())
            foreach (var d in Directory.EnumerateDirectories(path, "*", SearchOption.AllDirectories).Prepend(path))
                try { File.SetUnixFileMode(d, File.GetUnixFileMode(d) | UnixFileMode.UserWrite | UnixFileMode.UserRead | UnixFileMode.UserExecute); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        try { Directory.Delete(path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
