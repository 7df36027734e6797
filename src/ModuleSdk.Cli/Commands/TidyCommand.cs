using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Resolution;

namespace ModuleSdk.Cli.Commands;

/// <summary><c>dotnet mod tidy</c>: minimal requirements, indirect markers and a pruned module.sum (go mod tidy, module level).</summary>
public sealed class TidyCommand : Command
{
    public override string Name => "tidy";
    public override string Summary => "minimise requirements and prune module.sum";
    public override string Usage => "dotnet mod tidy";
    public override string Description =>
        "Tidy rewrites module.mod with the minimal requirements that reproduce the build list (direct\n" +
        "requirements stay direct, the others are marked // indirect) and keeps in module.sum exactly\n" +
        "the hashes the build needs. Usage analysis of C# code comes with the MSBuild SDK.";
    public override IReadOnlyCollection<string> BoolFlags => ["v", "e"];

    public override async Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        if (args.Positionals.Count > 0) throw new UsageException("tidy takes no arguments");
        var ws = Workspace.Open(context);
        await ModuleTidy.TidyAsync(ws.Loader);
        ws.Main.Save();
        ws.Loader.Sums.Save(force: true);
        return 0;
    }
}
