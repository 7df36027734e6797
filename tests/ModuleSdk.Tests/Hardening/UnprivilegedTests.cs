using ModuleSdk.Tests.Cli;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Hardening;

/// <summary>
/// A main module or cache file the user cannot read or write: a coded error naming the file, no
/// stack trace, module.mod and module.sum as they were. The permissions are real: as root (who
/// reads everything) the CLI runs out of process as user nobody (setpriv); otherwise in process.
/// </summary>
[TestClass]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UnprivilegedTests
{
    [TestInitialize]
    public void UnixOnly()
    {
        if (OperatingSystem.IsWindows()) Assert.Inconclusive("Unix permissions");
    }

    private const string RequireA = "module example.com/main\n\nrequire example.com/a v1.0.0\n";

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task<CliResult> RunUnprivileged(CliFixture f, params string[] args)
    {
        if (!IsRoot) return await f.Run(args);
        Run("chown", "-R", "65534:65534", f.Root);
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_HOME"] = f.Home,
        };
        foreach (var (k, v) in f.Env) env[k] = v;
        var r = await Task.Run(() => ProcessRunner.Run("setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", Path.Combine(AppContext.BaseDirectory, "dotnet-mod.dll"), .. args],
            f.Work, env, TimeSpan.FromSeconds(60), inheritEnvironment: false));
        return new CliResult(r.ExitCode, r.Stdout, r.Stderr);
    }

    private static void Run(string file, params string[] args)
    {
        var r = ProcessRunner.Run(file, args);
        Assert.AreEqual(0, r.ExitCode, $"{file} {string.Join(' ', args)}\n{r}");
    }

    private static void AssertCoded(CliResult r, string verb, string mention)
    {
        Assert.AreEqual(1, r.ExitCode, verb + "\n" + r);
        var lines = r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Length, verb + "\n" + r);
        StringAssert.Matches(lines[0], new System.Text.RegularExpressions.Regex(@"^error MOD[1-9]\d{3}: "), verb + "\n" + r);
        Assert.IsFalse(lines[0].StartsWith("error MOD8004", StringComparison.Ordinal), "internal error: " + verb + "\n" + r);
        StringAssert.Contains(lines[0], mention, verb + "\n" + r);
    }

    private static readonly string[][] Verbs =
    [
        ["list", "-m", "all"], ["download"], ["get", "example.com/a@v1.0.1"], ["tidy"], ["vendor"], ["edit", "-require=example.com/d@v1.0.0"],
    ];

    [TestMethod]
    public async Task ModFile_Unreadable_CodedError_Everywhere()
    {
        using var f = Universe.Create(RequireA);
        await f.Ok("download");
        string sum = f.Sum!;
        File.SetUnixFileMode(f.ModFile, UnixFileMode.None);
        foreach (var verb in Verbs)
        {
            var r = await RunUnprivileged(f, verb);
            AssertCoded(r, string.Join(' ', verb), "module.mod");
        }
        File.SetUnixFileMode(f.ModFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.AreEqual(RequireA, f.Mod);
        Assert.AreEqual(sum, f.Sum);
    }

    [TestMethod]
    public async Task SumFile_Unreadable_CodedError()
    {
        using var f = Universe.Create(RequireA);
        await f.Ok("download");
        string sum = f.Sum!;
        File.SetUnixFileMode(f.SumFile, UnixFileMode.None);
        // edit reads and writes only module.mod, as go mod edit.
        foreach (var verb in Verbs.Where(v => v[0] != "edit"))
        {
            var r = await RunUnprivileged(f, verb);
            AssertCoded(r, string.Join(' ', verb), "module.sum");
        }
        File.SetUnixFileMode(f.SumFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.AreEqual(RequireA, f.Mod);
        Assert.AreEqual(sum, f.Sum);
    }

    [TestMethod]
    public async Task MainDirectory_NotWritable_CodedError_NothingHalfWritten()
    {
        using var f = Universe.Create(RequireA);
        // No module.sum yet: every verb but edit has lines to write; edit writes module.mod.
        var readOnly = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        foreach (var verb in Verbs)
        {
            File.SetUnixFileMode(f.Work, readOnly);
            var r = await RunUnprivileged(f, verb);
            File.SetUnixFileMode(f.Work, readOnly | UnixFileMode.UserWrite);
            AssertCoded(r, string.Join(' ', verb), f.Work);
            Assert.AreEqual(RequireA, f.Mod, string.Join(' ', verb));
            Assert.IsNull(f.Sum, string.Join(' ', verb));
            CollectionAssert.AreEquivalent(new[] { "module.mod" }, Directory.EnumerateFileSystemEntries(f.Work).Select(Path.GetFileName).ToArray(),
                string.Join(' ', verb));
        }
    }

    [TestMethod]
    public async Task CachedInfo_Unreadable_CodedError()
    {
        using var f = Universe.Create(RequireA);
        await f.Ok("download");
        string info = f.CacheFile("example.com/a", "v1.0.0", "info");
        File.SetUnixFileMode(info, UnixFileMode.None);
        if (IsRoot) Run("chown", "-R", "65534:65534", f.Root);
        foreach (var verb in new[] { new[] { "download", "example.com/a@v1.0.0" }, ["list", "-m", "-json", "example.com/a@v1.0.0"] })
        {
            var r = await RunUnprivileged(f, verb);
            AssertCoded(r, string.Join(' ', verb), info);
            StringAssert.StartsWith(r.Error, "error MOD7008: ");
        }
    }
}
