using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Resolution;

namespace ModuleSdk.Cli.Commands;

/// <summary><c>dotnet mod get</c>: add, upgrade, downgrade or remove requirements (go get).</summary>
public sealed class GetCommand : Command
{
    public override string Name => "get";
    public override string Summary => "add, upgrade, downgrade or remove module requirements";
    public override string Usage => "dotnet mod get [-u] [-d] [-x] <path>[@version|@latest|@upgrade|@patch|@none] ...";
    public override string Description =>
        "Get changes module.mod so that the build selects the requested versions, upgrading or\n" +
        "downgrading other modules as MVS requires, and records new hashes in module.sum.\n" +
        "A bare path means @upgrade; @none removes the module. -u also upgrades the modules the\n" +
        "named ones need (or, with no paths, every module) to their latest versions.\n\n" +
        "A path may be a project path, module path + directory of a project (what a ModuleReference\n" +
        "item names, e.g. github.com/khellang/Scrutor/src/Scrutor): as go get does for a package, its\n" +
        "prefixes are tried longest first and the module holding that project is required.\n\n" +
        "-d is accepted for scripts written for the go command and changes nothing: as go get since\n" +
        "Go 1.18, get only updates module.mod and module.sum and never builds. -x adds the stack trace\n" +
        "to an internal error (MOD8004); the go command's -x lists the commands it runs, and get runs none.";
    public override IReadOnlyCollection<string> BoolFlags => ["u", "d", "x"];

    public override async Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        if (args.Positionals.Count == 0 && !args.Has("u")) throw new UsageException("get needs at least one module (or -u)");
        var targets = args.Positionals.Select(ModuleGet.Target.Parse).ToList();
        var ws = Workspace.Open(context);
        var ct = context.CancellationToken;
        var outcome = await ModuleGet.RunAsync(ws.Loader, targets, args.Has("u"), ct);
        foreach (var c in outcome.Changes)
        {
            string what = c.Kind switch
            {
                ModuleGet.ChangeKind.Added => $"{c.Path} {c.To}",
                ModuleGet.ChangeKind.Removed => $"{c.Path} {c.From}",
                _ => $"{c.Path} {c.From} => {c.To}",
            };
            context.Error.WriteLine($"dotnet mod: {c.Kind.ToString().ToLowerInvariant()} {what}");
        }
        foreach (var (m, rationale) in outcome.Retracted)
        {
            // The go command's warning, word for word apart from the tool name.
            context.Error.WriteLine($"dotnet mod: warning: {m}: retracted by module author{(rationale.Length > 0 ? ": " + rationale : "")}");
            context.Error.WriteLine($"dotnet mod: to switch to the latest unretracted version, run:\n\tdotnet mod get {m.Path}@latest");
        }
        return 0;
    }
}
