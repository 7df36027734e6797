using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

public static partial class MinimalVersionSelection
{
    /// <summary>
    /// Returns the minimal requirement list for <paramref name="mainModule"/>: the fewest modules
    /// whose requirements, followed by MVS, reproduce its build list, always including the paths
    /// in <paramref name="basePaths"/> (the direct dependencies a tidy module file keeps). The list
    /// is sorted by path. Go's <c>mvs.Req</c>.
    /// </summary>
    /// <exception cref="BuildListException">The build list could not be built (MOD5001).</exception>
    public static IReadOnlyList<ModuleId> Req(ModuleId mainModule, IReadOnlyList<string> basePaths, IRequirements reqs) =>
        Req(mainModule, BuildGraph([mainModule], reqs), basePaths);

    /// <summary>
    /// <see cref="Req(ModuleId, IReadOnlyList{string}, IRequirements)"/> over a graph already built
    /// for <paramref name="mainModule"/> (as <c>dotnet mod tidy</c> has it): the requirements it
    /// recorded are used instead of asking again, and a <c>none</c> version requires nothing (the
    /// go command's loader answers so too).
    /// </summary>
    public static IReadOnlyList<ModuleId> Req(ModuleId mainModule, ModuleGraph graph, IReadOnlyList<string> basePaths)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(basePaths);
        return graph.Req(mainModule, basePaths);
    }

    /// <summary>
    /// <see cref="Req(ModuleId, IReadOnlyList{string}, IRequirements)"/> from a build list already
    /// computed for <paramref name="mainModule"/> over the same <paramref name="reqs"/>.
    /// Exceptions from <see cref="IRequirements.Required"/> propagate unchanged.
    /// </summary>
    public static IReadOnlyList<ModuleId> Req(ModuleId mainModule, IReadOnlyList<ModuleId> buildList, IReadOnlyList<string> basePaths, IRequirements reqs)
    {
        ArgumentNullException.ThrowIfNull(buildList);
        ArgumentNullException.ThrowIfNull(basePaths);
        ArgumentNullException.ThrowIfNull(reqs);

        // Sequential on purpose: the build list was just loaded, so Required is answered from cache.
        var max = new Dictionary<string, string>(buildList.Count, StringComparer.Ordinal);
        foreach (var m in buildList) max[m.Path] = m.Version;

        // Postorder of the graph below the build list, with every module's requirements cached.
        var postorder = new List<ModuleId>();
        var reqCache = new Dictionary<ModuleId, IReadOnlyList<ModuleId>> { [mainModule] = [] };
        var stack = new Stack<(ModuleId Module, IReadOnlyList<ModuleId> Reqs, int Next)>();
        foreach (var root in buildList)
        {
            if (reqCache.ContainsKey(root)) continue;
            var rootReqs = reqs.Required(root);
            reqCache[root] = rootReqs;
            stack.Push((root, rootReqs, 0));
            while (stack.Count > 0)
            {
                var (m, required, next) = stack.Pop();
                if (next < required.Count)
                {
                    stack.Push((m, required, next + 1));
                    var m1 = required[next];
                    if (reqCache.ContainsKey(m1)) continue;
                    var r1 = reqs.Required(m1);
                    reqCache[m1] = r1;
                    stack.Push((m1, r1, 0));
                }
                else
                {
                    postorder.Add(m);
                }
            }
        }

        // Keep the base modules, then, in reverse postorder, each selected module that nothing
        // kept so far already implies.
        var have = new HashSet<ModuleId>();
        var min = new List<ModuleId>();
        var haveBase = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in basePaths)
        {
            if (!haveBase.Add(path)) continue;
            var m = new ModuleId(path, max.GetValueOrDefault(path, ""));
            min.Add(m);
            MarkReachable(m, reqCache, have);
        }
        for (int i = postorder.Count - 1; i >= 0; i--)
        {
            var m = postorder[i];
            if (max.GetValueOrDefault(m.Path, "") != m.Version) continue; // an older version
            if (have.Contains(m)) continue;
            min.Add(m);
            MarkReachable(m, reqCache, have);
        }
        return min.OrderBy(m => m.Path, StringComparer.Ordinal).ToArray();
    }

    private static void MarkReachable(ModuleId start, Dictionary<ModuleId, IReadOnlyList<ModuleId>> reqCache, HashSet<ModuleId> have)
    {
        if (!have.Add(start)) return;
        var todo = new Stack<ModuleId>();
        todo.Push(start);
        while (todo.Count > 0)
        {
            if (!reqCache.TryGetValue(todo.Pop(), out var required)) continue;
            foreach (var r in required)
                if (have.Add(r)) todo.Push(r);
        }
    }
}
