using System.Diagnostics;
using ModuleSdk.Cli;

namespace ModuleSdk.Sample;

/// <summary>
/// How every step of the sample runs a command: it prints the command line and one
/// "#   flag: meaning" line per explanation, runs it, prints its output, and fails the sample
/// when it exits non-zero.
/// </summary>
internal static class SampleCommands
{
    /// <summary>Prints the command, then one <c>#   flag: meaning</c> line per explanation.</summary>
    public static void Show(string command, string[] explain)
    {
        Console.WriteLine("$ " + command);
        foreach (var line in explain) Console.WriteLine("#   " + line);
    }

    /// <summary><c>dotnet mod</c>, run in this process (the CLI's own entry point); returns its standard output.</summary>
    public static async Task<string> Mod(string dir, IReadOnlyDictionary<string, string?> env, string[] explain, params string[] args)
    {
        Show("dotnet mod " + string.Join(' ', args), explain);
        var stdout = new StringWriter();
        int code = await CliApp.RunAsync(new CliContext(dir, env, stdout, Console.Error), args);
        Console.Write(stdout.ToString());
        Console.WriteLine();
        if (code != 0) throw new InvalidOperationException($"dotnet mod {string.Join(' ', args)} exited with {code}");
        return stdout.ToString();
    }

    /// <summary>The <c>dotnet</c> command in a process of its own; returns its standard output and error.</summary>
    public static string Dotnet(string dir, IReadOnlyDictionary<string, string?>? env, string[] explain, params string[] args)
    {
        Show("dotnet " + string.Join(' ', args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a)), explain);
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        output += err.Result;
        Console.WriteLine(output.TrimEnd());
        Console.WriteLine();
        if (p.ExitCode != 0) throw new InvalidOperationException($"dotnet {string.Join(' ', args)} exited with {p.ExitCode}");
        return output;
    }
}
