using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Cli.Output;
using ModuleSdk.Resolution;

namespace ModuleSdk.Cli.Commands;

/// <summary><c>dotnet mod list -m</c>: modules of the build list, versions, upgrades (go list -m).</summary>
public sealed class ListCommand : Command
{
    public override string Name => "list";
    public override string Summary => "list modules of the build list, their versions and upgrades";
    public override string Usage => "dotnet mod list -m [-json] [-u] [-versions] [-retracted] [all | <path>[@<query>] ...]";
    public override string Description =>
        "List prints the main module, or with 'all' the whole build list: the main module, then\n" +
        "'path version' lines sorted by path, with '=> replacement' where replaced.\n" +
        "-versions lists the known versions of each module; -u adds available upgrades in brackets;\n" +
        "-retracted includes and marks retracted versions; -json prints Go's Module objects.\n" +
        "-m is required: the go command's list without -m lists packages.\n" +
        "-x adds the stack trace to an internal error (MOD8004).";
    public override IReadOnlyCollection<string> BoolFlags => ["m", "json", "u", "versions", "retracted", "x"];

    public override async Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        // Go's list without -m lists packages; there are none here (projects are named by project
        // path), so the flag is required rather than parsed and ignored.
        if (!args.Has("m")) throw new UsageException("list lists modules: use list -m (the go command's list without -m lists packages)");
        var ws = Workspace.Open(context);
        var loader = ws.Loader;
        bool json = args.Has("json"), update = args.Has("u"), versions = args.Has("versions"), retracted = args.Has("retracted");
        var ct = context.CancellationToken;

        var infos = await ModuleList.RunAsync(loader, args.Positionals, new ModulePublic.Options(json, update, versions, retracted), ct);

        bool failed = false;
        foreach (var info in infos)
        {
            if (info.Error is not null) failed = true;
            if (json) context.Out.WriteLine(info.ToJson().ToString());
            else if (info.Error is not null && !json) context.Error.WriteLine("error " + info.Error);
            else context.Out.WriteLine(info.ToText(versions));
        }
        return failed ? 1 : 0;
    }
}

