using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// The repository packed once per test run into a temporary feed (the SDK, the tool, the templates), with a global packages folder of its
/// own (repacking one version into a shared folder silently serves the old package), and the
/// way every end-to-end test runs <c>dotnet</c> (through <see cref="ProcessRunner"/>).
/// </summary>
[TestClass]
public static class SdkFeed
{
    private static readonly Lazy<string> Packed = new(Pack, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly TempDir RootDir = new("e2e");

    /// <summary>The run's root: feed/, artifacts/, packages/ and one folder per scenario.</summary>
    public static string Root => RootDir.Path;

    public static string Feed => Packed.Value;

    public static string Packages => Path.Combine(Root, "packages");

    public static string RepoRoot => RepositoryRoot.Path;

    [AssemblyCleanup]
    public static void Cleanup()
    {
        if (Environment.GetEnvironmentVariable("MODULESDK_E2E_KEEP") is null) RootDir.Dispose();
    }

    private static string Pack()
    {
        string feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(feed);
        // The README's one command for the whole package set (the SDK, the dotnet-mod tool, the
        // templates), with an artifacts folder of the run's own: the checkout's bin/ and obj/ are
        // left to the developer's and the other test classes' builds.
        var r = Run(RepoRoot, null, "pack", "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(Root, "artifacts"), "-nodeReuse:false");
        if (r.ExitCode != 0 || !File.Exists(Path.Combine(feed, "ModuleSdk.1.0.0.nupkg")))
            throw new InvalidOperationException("dotnet pack -c Release at the repository root failed:\n" + r.Output);
        return feed;
    }

    /// <summary>
    /// Runs <c>dotnet</c> with node reuse off (unless <paramref name="env"/> says otherwise) and telemetry off; returns the exit code and the
    /// combined output.
    /// </summary>
    public static (int ExitCode, string Output) Run(string workDir, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var vars = new List<KeyValuePair<string, string?>>
        {
            new("MSBUILDDISABLENODEREUSE", "1"),
            new("DOTNET_CLI_TELEMETRY_OPTOUT", "1"),
            new("DOTNET_NOLOGO", "1"),
            new("DOTNET_SKIP_FIRST_TIME_EXPERIENCE", "1"),
        };
        // The test host's own MSBuild/MTP variables must not leak into the child builds.
        foreach (var key in Environment.GetEnvironmentVariables().Keys.OfType<string>()
                     .Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && k != "MSBUILDDISABLENODEREUSE"))
            vars.Add(new(key, null));
        foreach (var name in new[] { "MODPROXY", "MODCACHE", "MODPRIVATE", "MODREPOS", "MODLOCKED", "CI", "ContinuousIntegrationBuild", "TF_BUILD",
            "GITHUB_ACTIONS" })
            vars.Add(new(name, null));
        // An empty value removes a variable: MSBUILDDISABLENODEREUSE="" turns node reuse back on.
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
            vars.Add(new(k, v.Length == 0 ? null : v));
        // The time limit guards against a hung process, not a performance bound: a loaded 2-core machine needs minutes for a first build.
        return ProcessRunner.RunCombined("dotnet", args, workDir, vars, TimeSpan.FromMinutes(10));
    }
}
