using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Cli.Output;
using ModuleSdk.Resolution;

namespace ModuleSdk.Cli.Commands;

/// <summary><c>dotnet mod download</c>: fill the module cache (go mod download).</summary>
public sealed class DownloadCommand : Command
{
    public override string Name => "download";
    public override string Summary => "download modules to the module cache";
    public override string Usage => "dotnet mod download [-json] [-x] [all | <path>[@<version>] ...]";
    public override string Description =>
        "Download fetches, verifies and extracts modules into the module cache. With no arguments\n" +
        "or 'all' it downloads every module of the build list (replacements in their place).\n" +
        "-json prints one object per module: Path, Version, Query, Error, Info, Mod, Zip, Dir, Sum, ModSum,\n" +
        "Origin (Query and Origin for path@query arguments, as the go command prints them).\n" +
        "-x adds the stack trace to an internal error (MOD8004); the go command's -x lists the commands\n" +
        "it runs, and download runs none (git is a library here).";
    public override IReadOnlyCollection<string> BoolFlags => ["json", "x"];

    public override async Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        var ws = Workspace.Open(context);
        bool json = args.Has("json");
        var results = await ModuleDownload.RunAsync(ws.Loader, args.Positionals, context.CancellationToken);
        bool failed = false;
        foreach (var r in results)
        {
            var (m, query, origin) = (r.Module, r.Argument.Query, GoJson.Origin(r.Argument.Origin));
            // Each per-module error carries its code, as every other command's errors do:
            // "MOD7003: message" in -json's Error (the go command's field, a string), and the
            // usual "error MOD7003: ..." line on stderr.
            if (json)
            {
                var obj = new GoJson().Add("Path", m.Path).Add("Version", m.Version).Add("Query", query);
                if (r.Error is { } error) obj.Add("Error", $"{CliApp.RootCode(error)}: {r.ErrorMessage}");
                else obj.Add("Info", r.InfoFile).Add("Mod", r.ModFile).Add("Zip", r.ZipFile).Add("Dir", r.Dir).Add("Sum", r.Sum).Add("ModSum", r.ModSum);
                context.Out.WriteLine(obj.Add("Origin", origin).ToString());
            }
            if (r.Error is { } e)
            {
                failed = true;
                if (!json) context.Error.WriteLine($"error {CliApp.RootCode(e)}: {r.ErrorMessage}");
            }
        }
        return failed ? 1 : 0;
    }
}
