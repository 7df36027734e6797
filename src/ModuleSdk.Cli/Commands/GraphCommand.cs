using System.Text;
using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Modules;

namespace ModuleSdk.Cli.Commands;

/// <summary><c>dotnet mod graph</c>: the module requirement graph (go mod graph), or a picture of it.</summary>
public sealed class GraphCommand : Command
{
    public override string Name => "graph";
    public override string Summary => "print the module requirement graph";
    public override string Usage => "dotnet mod graph [--format text|dot|mermaid]";
    public override string Description =>
        "Graph prints each requirement edge of the module graph as 'from to', with path@version\n" +
        "(the main module without a version), in the order of go mod graph. --format dot writes a\n" +
        "Graphviz digraph and --format mermaid a Mermaid flowchart; both mark selected versions.";
    public override IReadOnlyCollection<string> ValueFlags => ["format"];

    public override async Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        if (args.Positionals.Count > 0) throw new UsageException("graph takes no arguments");
        string format = args.Value("format") ?? "text";
        if (format is not ("text" or "dot" or "mermaid")) throw new UsageException($"unknown format \"{format}\" (want text, dot or mermaid)");
        var ws = Workspace.Open(context);
        var graph = await ws.Loader.LoadGraphAsync(context.CancellationToken);
        var edges = graph.Edges().ToList();
        var sb = new StringBuilder();
        switch (format)
        {
            case "text":
                foreach (var (from, to) in edges) sb.Append(from).Append(' ').Append(to).Append('\n');
                break;
            case "dot":
                sb.Append("digraph modules {\n\trankdir=LR;\n\tnode [shape=box];\n");
                foreach (var node in Nodes(edges, graph.Roots))
                {
                    bool selected = node.Version.Length == 0 || graph.Selected(node.Path) == node.Version;
                    sb.Append('\t').Append(DotQuote(node.ToString())).Append(selected ? " [style=bold];\n" : " [style=dashed, color=gray];\n");
                }
                foreach (var (from, to) in edges) sb.Append('\t').Append(DotQuote(from.ToString())).Append(" -> ")
                    .Append(DotQuote(to.ToString())).Append(";\n");
                sb.Append("}\n");
                break;
            case "mermaid":
                var ids = new Dictionary<ModuleId, string>();
                sb.Append("graph LR\n");
                foreach (var node in Nodes(edges, graph.Roots))
                {
                    string id = "m" + ids.Count;
                    ids[node] = id;
                    bool selected = node.Version.Length == 0 || graph.Selected(node.Path) == node.Version;
                    sb.Append("    ").Append(id).Append("[\"").Append(node.ToString().Replace("\"", "#quot;")).Append("\"]");
                    if (selected) sb.Append(":::selected");
                    sb.Append('\n');
                }
                foreach (var (from, to) in edges) sb.Append("    ").Append(ids[from]).Append(" --> ").Append(ids[to]).Append('\n');
                sb.Append("    classDef selected stroke-width:3px;\n");
                break;
        }
        context.Out.Write(sb.ToString());
        ws.SaveSums();
        return 0;
    }

    private static List<ModuleId> Nodes(List<(ModuleId From, ModuleId To)> edges, IReadOnlyList<ModuleId> roots)
    {
        var seen = new HashSet<ModuleId>();
        var nodes = new List<ModuleId>();
        foreach (var r in roots) if (seen.Add(r)) nodes.Add(r);
        foreach (var (from, to) in edges)
        {
            if (seen.Add(from)) nodes.Add(from);
            if (seen.Add(to)) nodes.Add(to);
        }
        return nodes;
    }

    private static string DotQuote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
