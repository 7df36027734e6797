using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;

namespace ModuleSdk.Cli.Commands;

/// <summary>
/// <c>dotnet mod tidy</c>: minimal requirements, indirect markers and a pruned module.sum (go mod
/// tidy), with usage analysis from the build's records when every project of the main module has
/// fresh ones.
/// </summary>
public sealed class TidyCommand : Command
{
    public override string Name => "tidy";
    public override string Summary => "add used and remove unused requirements, prune module.sum";
    public override string Usage => "dotnet mod tidy [-e] [-v] [-usage]";
    public override string Description =>
        "Tidy makes module.mod match the main module's code: a module whose assemblies a project of\n" +
        "the main module uses is required directly, a requirement no project uses (and no used module\n" +
        "needs) is removed, and the others needed to keep the selected versions are marked // indirect.\n" +
        "module.sum keeps exactly the hashes the build needs.\n\n" +
        "What the code uses comes from the build: after compiling, each ModuleSdk project records the\n" +
        "modules its assemblies reference (obj/modulesdk/usage/). Build first (dotnet build), or do both\n" +
        "in one step with 'dotnet build -t:TidyModules'. When a project has no record, or one older than\n" +
        "its sources, tidy warns, names the project, and tidies requirements only: nothing is removed\n" +
        "for lack of use. A main module without projects is tidied at the requirement level.\n\n" +
        "ModuleReference items in the projects count as uses too; a project path no required module\n" +
        "provides is looked up at @latest (its path prefixes, longest first) and the module required.\n\n" +
        "The -usage flag makes missing or stale records an error (MOD5305) instead, for CI.\n" +
        "The -v flag prints the records used and the requirements removed ('unused <path>').\n" +
        "The -e flag, as Go's, proceeds despite errors: a ModuleReference project path no module is found\n" +
        "for is reported as a warning and left out, instead of failing tidy.";
    public override IReadOnlyCollection<string> BoolFlags => ["v", "e", "usage"];

    public override async Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        if (args.Positionals.Count > 0) throw new UsageException("tidy takes no arguments");
        bool verbose = args.Has("v"), required = args.Has("usage");
        var ws = Workspace.Open(context);
        var tidy = MainModuleTidy.Prepare(ws.Main, required, "tidy -usage");
        var usage = tidy.Usage;
        string Rel(string file) => Path.GetRelativePath(ws.Main.Directory, file);

        if (usage.IsComplete)
        {
            if (verbose)
                foreach (var p in usage.Projects)
                    foreach (var f in p.RecordFiles) context.Error.WriteLine($"dotnet mod: usage of {Rel(p.Project)}: {Rel(f)}");
        }
        else if (usage.Projects.Count > 0)
        {
            foreach (var p in usage.Problems()) context.Error.WriteLine($"dotnet mod: warning: {p.Code}: {p.Message}");
            context.Error.WriteLine("dotnet mod: warning: tidying requirements only: no requirement is removed for lack of use");
        }
        else if (verbose)
        {
            context.Error.WriteLine("dotnet mod: the main module has no ModuleSdk projects: tidying requirements only");
        }

        var result = await tidy.RunAsync(ws.Loader, context.CancellationToken, continueOnError: args.Has("e"));
        foreach (var (projectPath, error) in result.Errors)
            context.Error.WriteLine($"dotnet mod: warning: {error.Cause.Code}: {projectPath}: {error.LocatedMessage}");
        foreach (var (projectPath, module) in result.Found)
            context.Error.WriteLine($"dotnet mod: found {projectPath} in {module.Path} {module.Version}");

        foreach (var path in result.NotInBuildList)
            context.Error.WriteLine($"dotnet mod: warning: {DiagnosticCodes.UsedModuleNotInBuildList}: {path} is used by {Rel(usage.UsedBy(path)!.Project)} " +
                $"but is not in the build list; add it with: dotnet mod get {path}");
        foreach (var m in result.NewlyDirect)
            context.Error.WriteLine($"dotnet mod: {m.Path} {m.Version} is used by " +
                $"{(usage.UsedBy(m.Path) is { } user ? Rel(user.Project) : "a ModuleReference item")}: now required directly");
        if (verbose)
            foreach (var m in result.Unused) context.Error.WriteLine($"unused {m.Path}");
        return 0;
    }
}
