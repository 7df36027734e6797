using ModuleSdk.Cli.CommandLine;

namespace ModuleSdk.Cli.Commands;

/// <summary>One <c>dotnet mod</c> verb: its flags, its help, and a thin adapter over the core.</summary>
public abstract class Command
{
    /// <summary>The verb (<c>list</c>).</summary>
    public abstract string Name { get; }

    /// <summary>One line for <c>dotnet mod help</c>.</summary>
    public abstract string Summary { get; }

    /// <summary>The usage line (<c>dotnet mod list [-m] [-json] ...</c>).</summary>
    public abstract string Usage { get; }

    /// <summary>The longer help text.</summary>
    public virtual string Description => Summary;

    /// <summary>Flags without a value.</summary>
    public virtual IReadOnlyCollection<string> BoolFlags => [];

    /// <summary>Flags with a value.</summary>
    public virtual IReadOnlyCollection<string> ValueFlags => [];

    /// <summary>Runs the verb; returns the exit code. Throws ModuleException for failures and UsageException for bad usage.</summary>
    public abstract Task<int> RunAsync(CliContext context, ParsedArguments args);
}
