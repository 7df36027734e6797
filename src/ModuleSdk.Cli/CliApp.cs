namespace ModuleSdk.Cli;

/// <summary>The <c>dotnet mod</c> entry point, callable in process (tests) and from Program.</summary>
public static class CliApp
{
    /// <summary>Runs one command line; returns the process exit code (0 success, 1 failure, 2 usage).</summary>
    public static Task<int> RunAsync(CliContext context, string[] args) => throw new NotImplementedException();
}
