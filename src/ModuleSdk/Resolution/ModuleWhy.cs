using ModuleSdk.Mvs;

namespace ModuleSdk.Resolution;

/// <summary><c>why -m</c>: the shortest chain of requirements from the main module to a module of the build list.</summary>
public static class ModuleWhy
{
    /// <summary>The module paths from the main module to <paramref name="path"/>, or null when the build does not need it.</summary>
    public static IReadOnlyList<string>? Explain(ModuleGraph graph, string path)
    {
        string selected = graph.Selected(path);
        if (selected == ModuleVersionOrder.None) return null;
        var chain = graph.FindPath(m => m.Path == path);
        return chain?.Select(m => m.Path).ToList();
    }

    /// <summary>
    /// <c>why -m</c>'s output, a line each: for each of <paramref name="paths"/> a <c># path</c>
    /// heading and its chain, or <c>(main module does not need module path)</c>; a blank line
    /// between modules, as <c>go mod why</c> prints them.
    /// </summary>
    public static IReadOnlyList<string> Describe(ModuleGraph graph, IEnumerable<string> paths)
    {
        var lines = new List<string>();
        foreach (var path in paths)
        {
            if (lines.Count > 0) lines.Add("");
            lines.Add("# " + path);
            var chain = Explain(graph, path);
            if (chain is null) lines.Add($"(main module does not need module {path})");
            else lines.AddRange(chain);
        }
        return lines;
    }
}
