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
}
