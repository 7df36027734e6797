namespace ModuleSdk.Tests.TestSupport;

/// <summary>
/// Runs the go command (the conformance oracle) offline: a private GOPATH and module cache,
/// no checksum database, an optional file:// proxy. Tests that need it call
/// <see cref="RequireGo"/>, which marks them inconclusive when go is not installed (.ci/run
/// installs it, so CI always runs them).
/// </summary>
public static class GoTool
{
    private static readonly Lazy<string?> GoPath = new(() =>
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "go");
            if (File.Exists(candidate)) return candidate;
        }
        return File.Exists("/usr/lib/go/bin/go") ? "/usr/lib/go/bin/go" : null;
    });

    /// <summary>The go command's path; marks the calling test inconclusive when go is absent.</summary>
    public static string Executable
    {
        get
        {
            RequireGo();
            return GoPath.Value!;
        }
    }

    /// <summary>Reports whether the go command is available.</summary>
    public static bool IsAvailable => GoPath.Value is not null;

    /// <summary>Marks the calling test inconclusive when go is absent.</summary>
    public static void RequireGo()
    {
        if (!IsAvailable) Assert.Inconclusive("the go command is not installed (apt-get install -y golang-go)");
    }

    /// <summary>The result of one go command run.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>
    /// Runs <c>go args...</c> in <paramref name="workDir"/> with GOPROXY set to
    /// <paramref name="proxy"/> (a file:// URL, or "off"), GOSUMDB=off, GOFLAGS=-mod=mod and
    /// GOPATH/GOMODCACHE under <paramref name="goPath"/>.
    /// </summary>
    public static Result Run(string workDir, string goPath, string proxy, params string[] args) =>
        RunWith(workDir, goPath, proxy, null, null, args);

    /// <summary>
    /// <see cref="Run"/> with more variables (<paramref name="environment"/> wins over the
    /// defaults: a checksum database, GOINSECURE...) and a time limit other than ProcessRunner's.
    /// </summary>
    public static Result RunWith(string workDir, string goPath, string proxy, IReadOnlyDictionary<string, string?>? environment,
        TimeSpan? timeout, params string[] args)
    {
        RequireGo();
        var env = new Dictionary<string, string?>
        {
            ["GOPROXY"] = proxy,
            ["GOSUMDB"] = "off",
            ["GONOSUMDB"] = "",
            ["GOPRIVATE"] = "",
            ["GOFLAGS"] = "-mod=mod",
            ["GOPATH"] = goPath,
            ["GOMODCACHE"] = Path.Combine(goPath, "pkg", "mod"),
            ["GOCACHE"] = Path.Combine(goPath, "cache"),
            ["GOTOOLCHAIN"] = "local",
            ["GO111MODULE"] = "on",
            ["GOWORK"] = "off",
            ["HOME"] = goPath,
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) env[k] = v;
        var r = ProcessRunner.Run(GoPath.Value!, args, workDir, env, timeout);
        return new Result(r.ExitCode, r.Stdout, r.Stderr);
    }
}
