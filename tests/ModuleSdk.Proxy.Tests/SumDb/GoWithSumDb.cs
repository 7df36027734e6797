using System.Diagnostics;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests.SumDb;

/// <summary>
/// Runs the go command as a client of a checksum database: <c>GOPROXY</c> at the proxy,
/// <c>GOSUMDB="&lt;verifier key&gt; &lt;url&gt;"</c>, nothing exempt (<c>GONOSUMDB=</c>,
/// <c>GOPRIVATE=</c>), a GOPATH of the caller's (its <c>pkg/sumdb</c> keeps the last tree the go
/// command verified, as on a developer's machine).
/// </summary>
internal static class GoWithSumDb
{
    public static GoTool.Result Run(string workDir, string goPath, string proxy, string gosumdb, params string[] args)
    {
        GoTool.RequireGo();
        Directory.CreateDirectory(workDir);
        if (!File.Exists(Path.Combine(workDir, "go.mod"))) File.WriteAllText(Path.Combine(workDir, "go.mod"), "module example.com/goclient\n\ngo 1.16\n");
        var psi = new ProcessStartInfo(Go())
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GOPROXY"] = proxy;
        psi.Environment["GOSUMDB"] = gosumdb;
        psi.Environment["GONOSUMDB"] = "";
        psi.Environment["GONOSUMCHECK"] = "";
        psi.Environment["GOPRIVATE"] = "";
        psi.Environment["GOINSECURE"] = "";
        psi.Environment["GOFLAGS"] = "-mod=mod";
        psi.Environment["GOPATH"] = goPath;
        psi.Environment["GOMODCACHE"] = Path.Combine(goPath, "pkg", "mod");
        psi.Environment["GOCACHE"] = Path.Combine(goPath, "cache");
        psi.Environment["GOTOOLCHAIN"] = "local";
        psi.Environment["GO111MODULE"] = "on";
        psi.Environment["GOWORK"] = "off";
        psi.Environment["HOME"] = goPath;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            throw new AssertFailedException("go " + string.Join(" ", args) + " did not finish in 3 minutes");
        }
        return new GoTool.Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The go command's path (GoTool's rule: PATH, then /usr/lib/go/bin).</summary>
    public static string Go()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "go");
            if (File.Exists(candidate)) return candidate;
        }
        return "/usr/lib/go/bin/go";
    }
}
