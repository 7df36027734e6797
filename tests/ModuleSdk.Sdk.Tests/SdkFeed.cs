using System.Diagnostics;
using System.Text;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// The repository packed once per test run into a temporary feed (the SDK, the tool, the templates), with a global packages folder of its
/// own (repacking one version into a shared folder silently serves the old package), and the
/// process runner every end-to-end test uses.
/// </summary>
[TestClass]
public static class SdkFeed
{
    private static readonly Lazy<string> Packed = new(Pack, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The run's root: feed/, artifacts/, packages/ and one folder per scenario.</summary>
    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "modsdk-e2e-" + Guid.NewGuid().ToString("N")[..8]);

    public static string Feed => Packed.Value;

    public static string Packages => Path.Combine(Root, "packages");

    public static string RepoRoot => ModuleSdk.Tests.TestSupport.RepositoryRoot.Path;

    [AssemblyCleanup]
    public static void Cleanup()
    {
        if (Environment.GetEnvironmentVariable("MODULESDK_E2E_KEEP") is null) Scenario.Delete(Root);
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

    /// <summary>Runs <c>dotnet</c> with node reuse off (unless <paramref name="env"/> says otherwise) and telemetry off; returns the exit code and the combined output.</summary>
    public static (int ExitCode, string Output) Run(string workDir, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // The test host's own MSBuild/MTP variables must not leak into the child builds.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && k != "MSBUILDDISABLENODEREUSE").ToList())
            psi.Environment.Remove(key);
        foreach (var name in new[] { "MODPROXY", "MODCACHE", "MODPRIVATE", "MODREPOS", "MODLOCKED", "CI", "ContinuousIntegrationBuild", "TF_BUILD", "GITHUB_ACTIONS" })
            psi.Environment.Remove(name);
        // An empty value removes a variable: MSBUILDDISABLENODEREUSE="" turns node reuse back on.
        if (env is not null)
            foreach (var (k, v) in env)
                if (v.Length == 0) psi.Environment.Remove(k);
                else psi.Environment[k] = v;
        var output = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        // A guard against a hung process, not a performance bound: a loaded 2-core machine needs minutes for a first build.
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} timed out:\n{output}");
        }
        p.WaitForExit();
        lock (output) return (p.ExitCode, output.ToString());
    }
}
