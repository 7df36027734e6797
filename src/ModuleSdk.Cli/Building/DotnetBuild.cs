using System.Diagnostics;
using System.Text;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Cli.Building;

/// <summary>
/// Runs <c>dotnet build</c> for a verb that needs the compiler (<c>dotnet mod fix</c>): the CLI stays
/// Native AOT (no MSBuild, no Roslyn workspace inside it), and the build runs the SDK's own
/// analyzers with exactly the project's settings. The <c>dotnet</c> is <c>DOTNET_HOST_PATH</c>
/// (set by the .NET SDK for the processes it starts) or else the first on <c>PATH</c>.
/// </summary>
internal static class DotnetBuild
{
    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="directory"/>; returns the exit code and the output.</summary>
    public static (int ExitCode, string Output) Run(CliContext context, string directory, IEnumerable<string> arguments)
    {
        string dotnet = Find(context) ?? throw new ModuleException(DiagnosticCodes.FixDotnetNotFound,
            "dotnet mod fix runs 'dotnet build' and found no dotnet: put the .NET SDK's dotnet on PATH (or set DOTNET_HOST_PATH)");
        var psi = new ProcessStartInfo(dotnet) { WorkingDirectory = directory, RedirectStandardOutput = true,
            RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in context.Environment)
            if (v is not null) psi.Environment[k] = v;
        var output = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        p.WaitForExit();
        lock (output) return (p.ExitCode, output.ToString());
    }

    private static string? Find(CliContext context)
    {
        if (context.Environment.TryGetValue("DOTNET_HOST_PATH", out var host) && host is { Length: > 0 } && File.Exists(host)) return host;
        string exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (context.Environment.TryGetValue("PATH", out var path) && path is not null)
            foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(dir, exe);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}
