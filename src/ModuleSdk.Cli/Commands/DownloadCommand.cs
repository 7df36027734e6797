using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Cli.Output;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Resolution;
using ModuleSdk.Sums;

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
        var loader = ws.Loader;
        bool json = args.Has("json");
        var ct = context.CancellationToken;
        var patterns = args.Positionals.Count == 0 ? ["all"] : args.Positionals;
        var arguments = await ModuleArguments.ResolveAsync(loader, patterns, new ModuleArguments.Options(Download: true), ct);
        var targets = arguments.Modules;
        var graph = arguments.Graph;

        var results = new GoJson[targets.Count];
        var errors = new ModuleException?[targets.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (i, token) =>
        {
            var (m, query, origin, error) = (targets[i].Module, targets[i].Query, targets[i].Origin, targets[i].Error);
            var obj = new GoJson().Add("Path", m.Path).Add("Version", m.Version).Add("Query", query);
            if (error is null)
            {
                try
                {
                    // The .info is part of what download leaves in the cache, as in Go.
                    await loader.Fetcher.GetInfoAsync(m.Path, m.Version, token);
                    var mod = await loader.Fetcher.GetModAsync(m, token);
                    string dir = await loader.Fetcher.DownloadAsync(m, token);
                    obj.Add("Info", loader.Cache.InfoFile(m))
                        .Add("Mod", loader.Cache.ModFile(m))
                        .Add("Zip", loader.Cache.ZipFile(m))
                        .Add("Dir", dir)
                        .Add("Sum", loader.Cache.ReadZipHash(m))
                        .Add("ModSum", Hash1.HashModFile(mod))
                        .Add("Origin", GoJson.Origin(origin));
                }
                catch (ModuleException e)
                {
                    error = e;
                }
            }
            // Each per-module error carries its code, as every other command's errors do:
            // "MOD7003: message" in -json's Error (the go command's field, a string), and the
            // usual "error MOD7003: ..." line on stderr.
            if (error is not null)
                obj = new GoJson().Add("Path", m.Path).Add("Version", m.Version).Add("Query", query)
                    .Add("Error", $"{CliApp.RootCode(error)}: {Located(m, error)}").Add("Origin", GoJson.Origin(origin));
            results[i] = obj;
            errors[i] = error;
        });

        bool failed = false;
        for (int i = 0; i < targets.Count; i++)
        {
            if (json) context.Out.WriteLine(results[i].ToString());
            if (errors[i] is { } e)
            {
                failed = true;
                if (!json) context.Error.WriteLine($"error {CliApp.RootCode(e)}: {Located(targets[i].Module, e)}");
            }
        }
        if (patterns.Contains("all")) ws.SaveSums();
        else
        {
            // Lines for what was downloaded (and the graph, when loaded), none for the versions a
            // query only looked at (the module file read for retractions, say).
            ws.Loader.SaveSums(graph, targets.Where((t, i) => errors[i] is null).Select(t => t.Module).ToList());
        }
        return failed ? 1 : 0;
    }

    // The message names the module it concerns, as Go's "path@version: ..." does.
    private static string Located(ModuleId m, ModuleException e) =>
        e.LocatedMessage.StartsWith(m.Path, StringComparison.Ordinal) || e.LocatedMessage.StartsWith("module " + m.Path, StringComparison.Ordinal)
            ? e.LocatedMessage : $"{m}: {e.LocatedMessage}";
}
