namespace ModuleSdk.Cli;

/// <summary>
/// Everything a command may touch of the outside world: the working directory, the environment
/// variables (an explicit dictionary, so tests and the in-process conformance runs stay hermetic)
/// and the two output streams.
/// </summary>
public sealed record CliContext(
    string WorkingDirectory,
    IReadOnlyDictionary<string, string?> Environment,
    TextWriter Out,
    TextWriter Error)
{
    /// <summary>Cancelled on Ctrl+C: the commands pass it into the core's loads, fetches and extractions.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>The context of the current process.</summary>
    public static CliContext FromProcess()
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            env[(string)e.Key] = (string?)e.Value;
        return new CliContext(Directory.GetCurrentDirectory(), env, Console.Out, Console.Error);
    }
}
