using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Resolution;

namespace ModuleSdk.Cli.Commands;

/// <summary><c>dotnet mod why -m</c>: why a module is in the build (go mod why -m).</summary>
public sealed class WhyCommand : Command
{
    public override string Name => "why";
    public override string Summary => "explain why modules are needed";
    public override string Usage => "dotnet mod why -m [-vendor] <module path>...";
    public override string Description =>
        "Why prints, for each module, the shortest chain of requirements from the main module to it,\n" +
        "one module path a line under a '# path' heading, or a note that the main module does not need it.\n" +
        "-m is required: the go command's why without -m explains packages.\n" +
        "-vendor is accepted and changes nothing: Go's -vendor leaves out imports in tests of other\n" +
        "modules' packages, and why -m follows module requirements, which tests do not add.";
    public override IReadOnlyCollection<string> BoolFlags => ["m", "vendor"];

    public override async Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        // Go's why without -m explains packages; here it explains modules only, so -m is required
        // rather than parsed and ignored.
        if (!args.Has("m")) throw new UsageException("why explains modules: use why -m (the go command's why without -m explains packages)");
        if (args.Positionals.Count == 0) throw new UsageException("why needs at least one module path");
        var ws = Workspace.Open(context);
        var graph = await ws.Loader.LoadGraphAsync(context.CancellationToken);
        context.Out.Write(string.Concat(ModuleWhy.Describe(graph, args.Positionals).Select(line => line + "\n")));
        ws.SaveSums();
        return 0;
    }
}
