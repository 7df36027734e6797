using System.Diagnostics;

namespace ModuleSdk.Tests.TestSupport;

/// <summary>
/// Runs a program to completion and captures what it wrote: the one process runner of the test
/// projects. Both streams are read while the process runs (a full pipe would block it), and a
/// process still running at the timeout is killed with its children and reported.
/// </summary>
public static class ProcessRunner
{
    /// <summary>What one run produced.</summary>
    /// <param name="ExitCode">The exit code.</param>
    /// <param name="Stdout">Standard output.</param>
    /// <param name="Stderr">Standard error.</param>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <inheritdoc/>
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
    }

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>;
    /// <paramref name="environment"/> sets variables (a null value removes one).
    /// </summary>
    public static Result Run(string fileName, IEnumerable<string> args, string? workingDirectory = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? [])
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + fileName);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(10);
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {limit.TotalSeconds:F0} s\n{stdout.Result}{stderr.Result}");
        }
        p.WaitForExit(); // drains the redirected streams
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
