using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Resolution;

namespace ModuleSdk.Cli.Commands;

/// <summary><c>dotnet mod verify</c>: re-hash the cached modules of the build list (go mod verify).</summary>
public sealed class VerifyCommand : Command
{
    public override string Name => "verify";
    public override string Summary => "verify cached modules have not been modified since download";
    public override string Usage => "dotnet mod verify";
    public override string Description =>
        "Verify re-hashes, for each module of the build list, the cached zip and the extracted\n" +
        "directory against the hash recorded at download and against module.sum. It prints\n" +
        "'all modules verified', or one line per problem and exits 1.";

    public override async Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        if (args.Positionals.Count > 0) throw new UsageException("verify takes no arguments");
        var ws = Workspace.Open(context);
        var result = await BuildListModules.VerifyAsync(ws.Loader, context.CancellationToken);
        ws.SaveSums();
        var problems = result.Modules.SelectMany(m => m.Problems).ToList();
        if (problems.Count == 0)
        {
            context.Out.WriteLine("all modules verified");
            return 0;
        }
        foreach (var p in problems) context.Error.WriteLine(p.Message);
        return 1;
    }
}
