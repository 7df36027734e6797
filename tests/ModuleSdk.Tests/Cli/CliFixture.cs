using System.Text;
using System.Text.Json;
using ModuleSdk.Cli;
using ModuleSdk.Modules;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Cli;

/// <summary>What one <c>dotnet mod</c> run left behind: exit code and both streams.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Error}";
}

/// <summary>
/// One hermetic <c>dotnet mod</c> world in a temp directory: a file:// proxy (<see cref="Proxy"/>),
/// a module cache, a home directory and a work directory holding the main module. The CLI runs
/// in process with an explicit environment; the process environment is never read. The same
/// proxy serves the go command: dependency module files carry no <c>go</c> line, so their text
/// is a valid go.mod as well as a valid module.mod, and <see cref="Go"/> runs Go 1.19 on a
/// go.mod twin of the main module.
/// </summary>
internal sealed class CliFixture : IDisposable
{
    private readonly TempDir _temp = new("cli");

    public CliFixture()
    {
        Proxy = new ModuleProxyBuilder(_temp.Combine("proxy"));
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(Home);
        Env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["MODPROXY"] = Proxy.Url,
            ["MODCACHE"] = Cache,
            ["HOME"] = Home,
        };
    }

    public ModuleProxyBuilder Proxy { get; }

    public string Root => _temp.Path;

    public string Work => _temp.Combine("work");

    public string Cache => _temp.Combine("cache");

    public string Home => _temp.Combine("home");

    public string GoWork => _temp.Combine("gowork");

    public string GoPath => _temp.Combine("gopath");

    public Dictionary<string, string?> Env { get; }

    public string ModFile => Path.Combine(Work, "module.mod");

    public string SumFile => Path.Combine(Work, "module.sum");

    /// <summary>module.mod's text, or null when absent.</summary>
    public string? Mod => File.Exists(ModFile) ? File.ReadAllText(ModFile) : null;

    /// <summary>module.sum's text, or null when absent.</summary>
    public string? Sum => File.Exists(SumFile) ? File.ReadAllText(SumFile) : null;

    public CliFixture WriteMod(string text)
    {
        File.WriteAllText(ModFile, text);
        return this;
    }

    public CliFixture WriteSum(string text)
    {
        File.WriteAllText(SumFile, text);
        return this;
    }

    /// <summary>Runs <c>dotnet mod args...</c> in the work directory.</summary>
    public Task<CliResult> Run(params string[] args) => RunIn(Work, Env, args);

    /// <summary>Runs <c>dotnet mod args...</c> with one environment variable changed.</summary>
    public Task<CliResult> RunWith(string name, string? value, params string[] args)
    {
        var env = new Dictionary<string, string?>(Env, StringComparer.Ordinal) { [name] = value };
        return RunIn(Work, env, args);
    }

    public static async Task<CliResult> RunIn(string dir, IReadOnlyDictionary<string, string?> env, string[] args)
    {
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        // A hang is a failure too: no verb may wait on a dead proxy for long.
        var run = CliApp.RunAsync(new CliContext(dir, env, o, e), args);
        var done = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.AreSame(run, done, $"dotnet mod {string.Join(' ', args)} did not finish within 20 s");
        int code = await run;
        return new CliResult(code, o.ToString(), e.ToString());
    }

    /// <summary>Runs and asserts success; returns stdout.</summary>
    public async Task<CliResult> Ok(params string[] args)
    {
        var r = await Run(args);
        Assert.AreEqual(0, r.ExitCode, $"dotnet mod {string.Join(' ', args)}\n{r}");
        return r;
    }

    /// <summary>Runs and asserts the exit code is <paramref name="code"/>.</summary>
    public async Task<CliResult> Fails(int code, params string[] args)
    {
        var r = await Run(args);
        Assert.AreEqual(code, r.ExitCode, $"dotnet mod {string.Join(' ', args)}\n{r}");
        return r;
    }

    // ---- the module cache

    public string CacheDownload(string path) => Path.Combine(Cache, "cache", "download", PathEscaping.EscapePath(path), "@v");

    public string CacheFile(string path, string version, string ext) =>
        Path.Combine(CacheDownload(path), PathEscaping.EscapeVersion(version) + "." + ext);

    public string CacheDir(string path, string version) =>
        Path.Combine(Cache, PathEscaping.EscapePath(path) + "@" + PathEscaping.EscapeVersion(version));

    /// <summary>Reports whether the cache holds anything for this version (.info aside: Go keeps those too).</summary>
    public bool CacheHasAnything(string path, string version) =>
        File.Exists(CacheFile(path, version, "mod")) || File.Exists(CacheFile(path, version, "zip"))
        || File.Exists(CacheFile(path, version, "ziphash")) || Directory.Exists(CacheDir(path, version));

    // ---- the go command on the same proxy

    /// <summary>
    /// Runs <c>go args...</c> in a go.mod twin of the main module: <paramref name="goMod"/> is
    /// written as go.mod (callers add <c>go 1.16</c> for classic MVS) in a fresh directory
    /// beside the work directory, so relative directory replacements resolve the same way.
    /// </summary>
    public GoTool.Result Go(string goMod, params string[] args)
    {
        Directory.CreateDirectory(GoWork);
        File.WriteAllText(Path.Combine(GoWork, "go.mod"), goMod);
        var sum = Path.Combine(GoWork, "go.sum");
        if (!File.Exists(sum)) File.WriteAllText(sum, "");
        return GoTool.Run(GoWork, GoPath, Proxy.Url, args);
    }

    /// <summary>Runs <c>go args...</c> and asserts success; returns stdout.</summary>
    public string GoOk(string goMod, params string[] args)
    {
        var r = Go(goMod, args);
        Assert.AreEqual(0, r.ExitCode, $"go {string.Join(' ', args)}\nstdout:\n{r.Stdout}\nstderr:\n{r.Stderr}");
        return r.Stdout;
    }

    /// <summary>Splits a stream of JSON objects (list -m -json, download -json) into documents.</summary>
    public static List<JsonElement> JsonObjects(string text)
    {
        var result = new List<JsonElement>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            result.Add(doc.RootElement.Clone());
        }
        return result;
    }

    /// <summary>Makes a tree writable again (the cache is read-only) so a test can tamper with it.</summary>
    public static void MakeWritable(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        var rwx = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        File.SetUnixFileMode(path, rwx);
        if (!Directory.Exists(path)) return;
        foreach (var d in Directory.EnumerateDirectories(path, "*", SearchOption.AllDirectories)) File.SetUnixFileMode(d, rwx);
        foreach (var f in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Dispose() => _temp.Dispose();
}
