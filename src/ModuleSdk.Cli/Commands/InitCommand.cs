using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Resolution;

namespace ModuleSdk.Cli.Commands;

/// <summary><c>dotnet mod init</c>: create module.mod (go mod init).</summary>
public sealed class InitCommand : Command
{
    public override string Name => "init";
    public override string Summary => "create module.mod in the current directory";
    public override string Usage => "dotnet mod init <module path>";

    public override Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        if (args.Positionals.Count != 1) throw new UsageException("init needs exactly one module path");
        string path = args.Positionals[0];
        ModuleInit.Create(context.WorkingDirectory, path);
        context.Error.WriteLine($"dotnet mod: creating new {MainModule.ModFileName}: module {path}");
        return Task.FromResult(0);
    }
}
