using ModuleSdk.Cli;
using ModuleSdk.ModFile;
using ModuleSdk.Modules;
using ModuleSdk.Tests.TestSupport;
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
        var (code, output, _) = DotnetIn(App, Environment, args);
        return (code, output);
    }

    /// <summary>
    /// Runs <c>dotnet &lt;verb&gt;</c> in <paramref name="dir"/> with a binary log (node reuse off
    /// unless <paramref name="env"/> clears MSBUILDDISABLENODEREUSE); returns the log's path too.
    /// </summary>
    public (int ExitCode, string Output, string Log) DotnetIn(string dir, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        string log = Path.Combine(Dir, $"{args[0]}-{Guid.NewGuid().ToString("N")[..6]}.binlog");
        bool msbuildArgs = args[0] != "exec" && args[0] != "sln" && args[0] != "new" && args[0] != "build-server";
        bool nodeReuse = env.TryGetValue("MSBUILDDISABLENODEREUSE", out var v) && v.Length == 0;
        string[] full = !msbuildArgs ? args : args[0] == "run" || nodeReuse ? [.. args, "-bl:" + log] : [.. args, "-nodeReuse:false", "-bl:" + log];
        var (code, output) = SdkFeed.Run(dir, env, full);
        return (code, output, log);
    }

    /// <summary>Asserts success and returns the output; on failure the message names a kept copy of the binlog.</summary>
    public string Succeed(params string[] args) => SucceedIn(App, args);

    /// <summary>Asserts failure and returns the output; when the run unexpectedly succeeds the message names a kept copy of the binlog.</summary>
    public string Fail(params string[] args) => FailIn(App, args);

    /// <summary>
    /// Appends a line to <paramref name="file"/> of the cached (read-only) tree of
    /// <paramref name="path"/>@<paramref name="version"/>, as a user or an attacker editing the
    /// cache would; returns the module's cache directory, which verification names.
    /// </summary>
    public string TamperCachedFile(string path, string version, string file)
    {
        string dir = Path.Combine(Cache, path.Replace('/', Path.DirectorySeparatorChar) + "@" + version);
        string target = Path.Combine(dir, file);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, File.GetUnixFileMode(dir) | UnixFileMode.UserWrite);
            File.SetUnixFileMode(target, File.GetUnixFileMode(target) | UnixFileMode.UserWrite);
        }
        else File.SetAttributes(target, FileAttributes.Normal);
        File.AppendAllText(target, "// tampered\n");
        return dir;
    }

    /// <summary><see cref="Succeed"/> in another directory of the scenario.</summary>
    public string SucceedIn(string dir, params string[] args) => Expect(true, dir, Environment, args);

    /// <summary><see cref="Fail"/> in another directory of the scenario.</summary>
    public string FailIn(string dir, params string[] args) => Expect(false, dir, Environment, args);

    /// <summary>Runs and asserts the outcome; a failed expectation keeps the binlog (see <see cref="KeepLog"/>).</summary>
    public string Expect(bool success, string dir, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var (code, output, log) = DotnetIn(dir, env, args);
        if ((code == 0) != success)
            Assert.Fail($"dotnet {string.Join(' ', args)} {(success ? "failed" : "should have failed")} (exit {code}) in {dir}; " +
                $"binlog: {KeepLog(log)}\n{output}");
        return output;
    }

    /// <summary>
    /// Copies a binlog to <c>artifacts/e2e-logs/</c> of the checkout (ignored by git, outside the
    /// run's temporary root, which is deleted at the end) so a CI failure can be diagnosed; returns its path.
    /// </summary>
    public string KeepLog(string log)
    {
        if (!File.Exists(log)) return "(no binlog was written)";
        string dir = Path.Combine(SdkFeed.RepoRoot, "artifacts", "e2e-logs");
        Directory.CreateDirectory(dir);
        string kept = Path.Combine(dir, Path.GetFileName(Dir) + "-" + Path.GetFileName(log));
        File.Copy(log, kept, overwrite: true);
        return kept;
    }

    /// <summary>Runs the built app (no build).</summary>
    public string RunApp()
    {
        var (code, output) = SdkFeed.Run(App, Environment, "exec", Path.Combine(App, "bin", "Debug", "net10.0", "App.dll"));
        Assert.AreEqual(0, code, output);
        return output;
    }

    /// <summary>Runs <c>dotnet mod</c> in process.</summary>
    public (int ExitCode, string Out, string Error) Mod(params string[] args) => ModWith(Environment, args);

    /// <summary>Runs <c>dotnet mod</c> in process with another environment (direct mode, another cache).</summary>
    public (int ExitCode, string Out, string Error) ModWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var env = environment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        env["HOME"] = Dir;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.RunAsync(new CliContext(App, env, stdout, stderr), args).GetAwaiter().GetResult();
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        if (System.Environment.GetEnvironmentVariable("MODULESDK_E2E_KEEP") is null) TempDir.Delete(Dir);
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
                // No encoding argument: UTF-8 without a byte order mark. A BOM would glue itself to the
                // first version of @v/list, which then parses as no version at all (issue 8).
                File.AppendAllText(Path.Combine(dir, "list"), version + "\n");
            }
        }
    }
}
