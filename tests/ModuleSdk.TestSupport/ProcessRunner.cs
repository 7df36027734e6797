using System.Diagnostics;
using System.Text;

namespace ModuleSdk.Tests.TestSupport;

/// <summary>
/// Runs a program to completion and captures what it wrote: the one process runner of the test
/// projects. Both streams are read while the process runs (a full pipe would block it), and a
/// process still running at the timeout is killed with its children and reported. (Tests that
/// drive a process while it runs, signal it or kill it midway start it themselves.)
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
    /// <paramref name="environment"/> sets variables (a null value removes one) over this process's
    /// variables, or over none when <paramref name="inheritEnvironment"/> is false.
    /// </summary>
    public static Result Run(string fileName, IEnumerable<string> args, string? workingDirectory = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null, TimeSpan? timeout = null, bool inheritEnvironment = true)
    {
        var argList = args.ToList();
        using var p = Start(fileName, argList, workingDirectory, environment, inheritEnvironment);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Wait(p, fileName, argList, timeout, () => stdout.Result + stderr.Result);
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// <see cref="Run"/> with standard output and standard error as one text, lines in the order
    /// they arrived, as a terminal shows a build's output.
    /// </summary>
    public static (int ExitCode, string Output) RunCombined(string fileName, IEnumerable<string> args, string? workingDirectory = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null, TimeSpan? timeout = null)
    {
        var argList = args.ToList();
        var output = new StringBuilder();
        using var p = Start(fileName, argList, workingDirectory, environment, inheritEnvironment: true);
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        Wait(p, fileName, argList, timeout, () => { lock (output) return output.ToString(); });
        lock (output) return (p.ExitCode, output.ToString());
    }

    private static Process Start(string fileName, List<string> args, string? workingDirectory,
        IEnumerable<KeyValuePair<string, string?>>? environment, bool inheritEnvironment)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (!inheritEnvironment) psi.Environment.Clear();
        foreach (var (k, v) in environment ?? [])
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start " + fileName);
    }

    private static void Wait(Process p, string fileName, List<string> args, TimeSpan? timeout, Func<string> output)
    {
        var limit = timeout ?? TimeSpan.FromMinutes(10);
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {limit.TotalSeconds:F0} s\n{output()}");
        }
        p.WaitForExit(); // drains the redirected streams
    }
}
