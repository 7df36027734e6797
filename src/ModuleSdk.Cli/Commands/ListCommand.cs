using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Cli.Output;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Mvs;
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
        "-retracted includes and marks retracted versions; -json prints Go's Module objects.";
    public override IReadOnlyCollection<string> BoolFlags => ["m", "json", "u", "versions", "retracted", "x"];

    public override async Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        var ws = Workspace.Open(context);
        var loader = ws.Loader;
        bool json = args.Has("json"), update = args.Has("u"), versions = args.Has("versions"), retracted = args.Has("retracted");
        var ct = CancellationToken.None;

        var patterns = args.Positionals.Count == 0 ? [""] : args.Positionals;
        ModuleGraph? graph = null;
        var results = new List<ListedModule>();
        foreach (var pattern in patterns)
        {
            if (pattern.Length == 0)
            {
                results.Add(new ListedModule(loader.Main.Id, IsMain: true));
                continue;
            }
            if (pattern.Contains('@'))
            {
                int at = pattern.IndexOf('@');
                string path = pattern[..at], query = pattern[(at + 1)..];
                graph ??= await loader.LoadGraphAsync(ct);
                var info = await loader.Query.QueryAsync(path, query, graph.Selected(path), ct);
                // Go's query reads the module file of the version it resolves (so its "GoMod" is
                // in the cache); recorded in module.sum only if the graph needs it.
                var resolved = loader.Index.Resolve(new ModuleId(path, info.Version));
                if (resolved.Version.Length > 0) await loader.Fetcher.GetModAsync(resolved, ct);
                // As go list: resolved outside the build list, with Query only when it says
                // something the version does not, and the query's Origin.
                results.Add(new ListedModule(new ModuleId(path, info.Version), Query: query == info.Version ? null : query, Origin: info.Origin, OutsideBuildList: true));
                continue;
            }
            graph ??= await loader.LoadGraphAsync(ct);
            if (pattern == "all")
            {
                foreach (var m in graph.BuildList())
                    results.Add(new ListedModule(m, IsMain: m == loader.Main.Id));
                continue;
            }
            if (pattern == loader.Main.Path)
            {
                results.Add(new ListedModule(loader.Main.Id, IsMain: true));
                continue;
            }
            string selected = graph.Selected(pattern);
            if (selected == ModuleVersionOrder.None && versions)
            {
                // As go list -m -versions: asking for the versions needs no dependency on the module.
                results.Add(new ListedModule(new ModuleId(pattern, "")));
                continue;
            }
            if (selected == ModuleVersionOrder.None)
                throw new ModuleException(DiagnosticCodes.NotInBuildList, $"module {pattern}: not a known dependency");
            results.Add(new ListedModule(new ModuleId(pattern, selected)));
        }

        var infos = new ModuleInfo[results.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, results.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
        {
            infos[i] = await ModuleInfo.DescribeAsync(loader, results[i], new ModuleInfo.Options(json, update, versions, retracted), token);
        });

        bool failed = false;
        foreach (var info in infos)
        {
            if (info.Error is not null) failed = true;
            if (json) context.Out.WriteLine(info.ToJson().ToString());
            else if (info.Error is not null && !json) context.Error.WriteLine("error " + info.Error);
            else context.Out.WriteLine(info.ToText(versions));
        }
        // As go list: new lines only for the graph's module files, none for versions looked at.
        ws.Loader.SaveSums(graph);
        return failed ? 1 : 0;
    }
}

/// <summary>A module to describe, and how it was asked for.</summary>
internal sealed record ListedModule(ModuleId Module, bool IsMain = false, string? Query = null, Fetching.RevOrigin? Origin = null, bool OutsideBuildList = false);
