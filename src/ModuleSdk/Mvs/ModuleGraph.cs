using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

/// <summary>
/// The requirement graph of every module version reached from the roots, with the version of each
/// path that MVS selects: Go's <c>mvs.Graph</c>. It keeps versions that lost the selection too,
/// because <c>dotnet mod graph</c> prints their edges (as <c>go mod graph</c> does) and
/// <c>dotnet mod why</c> walks them. Built by <see cref="MinimalVersionSelection.BuildGraph"/>;
/// read-only and thread-safe once returned.
/// </summary>
/// <remarks>
/// Paths and version strings are interned to small integers and module versions to nodes, so
/// that building the graph costs a hash of the path and a comparison of the (short) version with
/// the path's few versions per edge, and comparisons touch only small, cache-resident tables: MVS
/// runs on every restore. The loader pools the strings of parsed requirements
/// (<see cref="ModuleIdPool"/>), so those hashes and comparisons read a few hot strings.
/// </remarks>
public sealed class ModuleGraph
{
    private readonly IRequirements _order;
    private readonly ModuleId[] _roots;

    // Per path.
    private readonly Dictionary<string, int> _pathIndex = new(StringComparer.Ordinal);
    private int _pathCount;
    private int[] _selected = new int[64];      // node of the selected version, -1 for none
    private int[] _firstVersion = new int[64];  // head of the path's list of nodes, -1 when empty

    // Per distinct version string; version 0 is "none".
    private readonly Dictionary<string, int> _versionIndex = new(StringComparer.Ordinal);
    private string[] _versions = new string[64];
    private int _versionCount;

    // Per node (module version).
    private int _nodeCount;
    private ModuleId[] _nodes = new ModuleId[64];
    private int[] _nodePath = new int[64];
    private int[] _nodeVersion = new int[64];
    private int[] _nextVersion = new int[64];   // next node of the same path, -1 at the end
    private IReadOnlyList<ModuleId>?[] _required = new IReadOnlyList<ModuleId>?[64];
    private int[]?[] _requiredNodes = new int[]?[64];
    private readonly VersionKeys? _keys;

    internal ModuleGraph(IRequirements order, IReadOnlyList<ModuleId> roots)
    {
        _order = order;
        _keys = VersionKeys.For(order);
        InternVersion(ModuleVersionOrder.None);
        _roots = roots.ToArray();
        RootNodes = new int[_roots.Length];
        for (int i = 0; i < _roots.Length; i++)
        {
            int n = Intern(_roots[i], out _);
            RootNodes[i] = n;
            Raise(_nodePath[n], n);
        }
    }

    /// <summary>The roots: the targets MVS started from, main module first.</summary>
    public IReadOnlyList<ModuleId> Roots => _roots;

    /// <summary>How many module versions the graph reached (including <c>none</c> versions and roots).</summary>
    public int Count => _nodeCount;

    internal int[] RootNodes { get; }

    internal ModuleId Node(int n) => _nodes[n];

    /// <summary>
    /// The requirements recorded for <paramref name="module"/> (in the order its module file lists
    /// them, after an explicit upgrade step if there was one), or <see langword="null"/> when the
    /// module version is not in the graph. Go's <c>Graph.RequiredBy</c>.
    /// </summary>
    public IReadOnlyList<ModuleId>? RequiredBy(ModuleId module)
    {
        int n = Find(module);
        return n < 0 ? null : _required[n];
    }

    /// <summary>Reports whether the module version was reached from the roots (selected or not).</summary>
    public bool Contains(ModuleId module) => Find(module) >= 0;

    /// <summary>The version of <paramref name="path"/> that MVS selected, or <c>"none"</c>.</summary>
    public string Selected(string path) =>
        _pathIndex.TryGetValue(path, out int p) && _selected[p] >= 0 ? _nodes[_selected[p]].Version : ModuleVersionOrder.None;

    /// <summary>
    /// The build list: the selected version of each root's path first (in root order, each path
    /// once, skipping paths at <c>none</c>), then every other selected module sorted by path.
    /// Go's <c>Graph.BuildList</c>.
    /// </summary>
    public IReadOnlyList<ModuleId> BuildList() => _buildList ??= ComputeBuildList();

    private IReadOnlyList<ModuleId>? _buildList;

    private IReadOnlyList<ModuleId> ComputeBuildList()
    {
        var list = new List<ModuleId>(_pathCount);
        var rootPath = new bool[_pathCount];
        foreach (int r in RootNodes)
        {
            int p = _nodePath[r];
            if (rootPath[p]) continue;
            rootPath[p] = true;
            if (_selected[p] >= 0) list.Add(_nodes[_selected[p]]);
        }
        int head = list.Count;
        for (int p = 0; p < _pathCount; p++)
            if (!rootPath[p] && _selected[p] >= 0) list.Add(_nodes[_selected[p]]);
        // One version per path, so ordering by path is Go's module.Sort.
        list.Sort(head, list.Count - head, PathComparer.Instance);
        return list.AsReadOnly();
    }

    /// <summary>
    /// Calls <paramref name="visit"/> once for each module version in the graph other than
    /// <c>none</c> versions, breadth-first from the roots, following each module's requirements in
    /// order; selected or not. Go's <c>Graph.WalkBreadthFirst</c>.
    /// </summary>
    public void WalkBreadthFirst(Action<ModuleId> visit)
    {
        foreach (int n in BreadthFirstNodes()) visit(_nodes[n]);
    }

    /// <summary>
    /// Every requirement edge of every module version the graph reached, in the order
    /// <c>go mod graph</c> prints them: module versions breadth-first from the roots (see
    /// <see cref="WalkBreadthFirst"/>), and for each, its requirements in the order its module file
    /// lists them. Edges to <c>none</c> versions are included; <c>none</c> versions have no edges.
    /// Print each as <c>from to</c> with <see cref="ModuleId.ToString"/> (no <c>@</c> for the main module).
    /// </summary>
    public IEnumerable<(ModuleId From, ModuleId To)> Edges()
    {
        foreach (int n in BreadthFirstNodes())
        {
            var reqs = _required[n];
            if (reqs is null) continue;
            for (int i = 0; i < reqs.Count; i++) yield return (_nodes[n], reqs[i]);
        }
    }

    /// <summary>
    /// A shortest requirement path from a root to a module version for which
    /// <paramref name="match"/> is true (roots included, breadth-first in requirement order, so the
    /// first such path in that order), or <see langword="null"/>. Go's <c>Graph.FindPath</c>;
    /// <c>dotnet mod why -m</c> uses it with a match on the path.
    /// </summary>
    public IReadOnlyList<ModuleId>? FindPath(Func<ModuleId, bool> match)
    {
        var path = FindNodePath(n => match(_nodes[n]));
        if (path is null) return null;
        var result = new ModuleId[path.Count];
        for (int i = 0; i < result.Length; i++) result[i] = _nodes[path[i]];
        return result;
    }

    internal List<int>? FindNodePath(Func<int, bool> match)
    {
        var firstRequiredBy = new int[_nodeCount];
        Array.Fill(firstRequiredBy, -2);           // -2: not seen; -1: a root
        var queue = new Queue<int>();
        foreach (int r in RootNodes)
        {
            // Go queues every root, duplicates included, and marks them all seen.
            queue.Enqueue(r);
            firstRequiredBy[r] = -1;
        }
        while (queue.Count > 0)
        {
            int n = queue.Dequeue();
            if (match(n))
            {
                var path = new List<int>();
                for (int m = n; m >= 0; m = firstRequiredBy[m]) path.Add(m);
                path.Reverse();
                return path;
            }
            var reqs = _requiredNodes[n];
            if (reqs is null) continue;
            foreach (int r in reqs)
            {
                if (firstRequiredBy[r] != -2) continue;
                firstRequiredBy[r] = n;
                queue.Enqueue(r);
            }
        }
        return null;
    }

    /// <summary>
    /// Go's <c>mvs.Req</c> over this graph's recorded requirements (see
    /// <see cref="MinimalVersionSelection.Req(ModuleId, ModuleGraph, IReadOnlyList{string})"/>).
    /// </summary>
    internal IReadOnlyList<ModuleId> Req(ModuleId mainModule, IReadOnlyList<string> basePaths)
    {
        var list = BuildList();
        int main = Find(mainModule);

        // Postorder below the build list; the main module's own requirements are not followed.
        var visited = new bool[_nodeCount];
        if (main >= 0) visited[main] = true;
        var postorder = new List<int>(_nodeCount);
        var stack = new Stack<(int Node, int Next)>();
        foreach (var m in list)
        {
            int root = Find(m);
            if (root < 0 || visited[root]) continue;
            visited[root] = true;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (n, next) = stack.Pop();
                var reqs = _requiredNodes[n] ?? [];
                if (next < reqs.Length)
                {
                    stack.Push((n, next + 1));
                    int r = reqs[next];
                    if (visited[r]) continue;
                    visited[r] = true;
                    stack.Push((r, 0));
                }
                else
                {
                    postorder.Add(n);
                }
            }
        }

        var have = new bool[_nodeCount];
        var min = new List<ModuleId>();
        var haveBase = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in basePaths)
        {
            if (!haveBase.Add(path)) continue;
            var m = new ModuleId(path, _pathIndex.TryGetValue(path, out int p) && _selected[p] >= 0 ? _nodes[_selected[p]].Version : "");
            min.Add(m);
            MarkReachable(Find(m), main, have);
        }
        for (int i = postorder.Count - 1; i >= 0; i--)
        {
            int n = postorder[i];
            if (_selected[_nodePath[n]] != n || have[n]) continue; // an older version, or implied
            min.Add(_nodes[n]);
            MarkReachable(n, main, have);
        }
        return min.OrderBy(m => m.Path, StringComparer.Ordinal).ToArray();
    }

    private void MarkReachable(int start, int main, bool[] have)
    {
        if (start < 0 || have[start]) return;
        have[start] = true;
        var todo = new Stack<int>();
        todo.Push(start);
        while (todo.Count > 0)
        {
            int n = todo.Pop();
            if (n == main || _requiredNodes[n] is not { } reqs) continue;
            foreach (int r in reqs)
            {
                if (have[r]) continue;
                have[r] = true;
                todo.Push(r);
            }
        }
    }

    private IEnumerable<int> BreadthFirstNodes()
    {
        var enqueued = new bool[_nodeCount];
        var queue = new Queue<int>();
        foreach (int r in RootNodes)
        {
            if (enqueued[r] || IsNone(r)) continue;
            enqueued[r] = true;
            queue.Enqueue(r);
        }
        while (queue.Count > 0)
        {
            int n = queue.Dequeue();
            yield return n;
            var reqs = _requiredNodes[n];
            if (reqs is null) continue;
            foreach (int r in reqs)
            {
                if (enqueued[r] || IsNone(r)) continue;
                enqueued[r] = true;
                queue.Enqueue(r);
            }
        }
    }

    private bool IsNone(int n) => _nodeVersion[n] == NoneVersion;

    private const int NoneVersion = 0;

    /// <summary>
    /// Records that <paramref name="node"/> requires <paramref name="reqs"/>, raising the selected
    /// version of each path, and calls <paramref name="reached"/> for each module version seen for
    /// the first time. Go's <c>Graph.Require</c>. Not thread-safe: the loader serializes calls.
    /// </summary>
    internal void Require(int node, IReadOnlyList<ModuleId> reqs, Action<int, ModuleId>? reached)
    {
        if (_requiredNodes[node] is not null)
            throw new InvalidOperationException($"requirements of {_nodes[node]} have already been set");
        var nodes = reqs.Count == 0 ? [] : new int[reqs.Count];
        for (int i = 0; i < nodes.Length; i++)
        {
            var dep = reqs[i];
            int d = Intern(dep, out bool added);
            nodes[i] = d;
            if (added) reached?.Invoke(d, dep);
            Raise(_nodePath[d], d);
        }
        _required[node] = reqs;
        _requiredNodes[node] = nodes;
        _buildList = null;
    }

    /// <summary>Makes <paramref name="node"/> the selected version of path <paramref name="p"/> if it is higher.</summary>
    private void Raise(int p, int node)
    {
        int s = _selected[p];
        if (s == node) return;
        // Nothing selected yet means "none"; a "none" requirement selects nothing.
        if (Less(s < 0 ? NoneVersion : _nodeVersion[s], _nodeVersion[node])) _selected[p] = node;
    }

    /// <summary>Reports whether interned version <paramref name="v"/> is below <paramref name="w"/>.</summary>
    private bool Less(int v, int w)
    {
        if (v == w) return false;
        if (_keys is not null) return _keys.Less(v, _versions[v], w, _versions[w]);
        string vs = _versions[v];
        return !string.Equals(_order.Max(vs, _versions[w]), vs, StringComparison.Ordinal);
    }

    private int Find(ModuleId m)
    {
        if (m.Path is null || m.Version is null) return -1;
        if (!_pathIndex.TryGetValue(m.Path, out int p) || !_versionIndex.TryGetValue(m.Version, out int v)) return -1;
        for (int n = _firstVersion[p]; n >= 0; n = _nextVersion[n])
            if (_nodeVersion[n] == v) return n;
        return -1;
    }

    private int InternVersion(string version)
    {
        ref int slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_versionIndex, version, out bool exists);
        if (exists) return slot;
        if (_versionCount == _versions.Length) Array.Resize(ref _versions, _versionCount * 2);
        slot = _versionCount++;
        _versions[slot] = version;
        _keys?.Add(slot, version);
        return slot;
    }

    private int Intern(ModuleId m, out bool added)
    {
        if (m.Path is null || m.Version is null) throw new ArgumentException("A requirement has no path or version.");
        ref int slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_pathIndex, m.Path, out bool exists);
        if (!exists)
        {
            if (_pathCount == _selected.Length)
            {
                Array.Resize(ref _selected, _pathCount * 2);
                Array.Resize(ref _firstVersion, _pathCount * 2);
            }
            slot = _pathCount++;
            _selected[slot] = -1;
            _firstVersion[slot] = -1;
        }
        int p = slot;
        // A path has a few versions in a graph: comparing the requirement's version with theirs
        // (a reference comparison when the loader pooled the strings) is cheaper than hashing it
        // again. Only a new node interns its version.
        for (int n = _firstVersion[p]; n >= 0; n = _nextVersion[n])
        {
            if (string.Equals(_versions[_nodeVersion[n]], m.Version))
            {
                added = false;
                return n;
            }
        }
        int v = InternVersion(m.Version);
        if (_nodeCount == _nodes.Length)
        {
            int size = _nodeCount * 2;
            Array.Resize(ref _nodes, size);
            Array.Resize(ref _nodePath, size);
            Array.Resize(ref _nodeVersion, size);
            Array.Resize(ref _nextVersion, size);
            Array.Resize(ref _required, size);
            Array.Resize(ref _requiredNodes, size);
        }
        int node = _nodeCount++;
        _nodes[node] = m;
        _nodePath[node] = p;
        _nodeVersion[node] = v;
        _nextVersion[node] = _firstVersion[p];
        _firstVersion[p] = node;
        added = true;
        return node;
    }

    private sealed class PathComparer : IComparer<ModuleId>
    {
        public static readonly PathComparer Instance = new();
        public int Compare(ModuleId x, ModuleId y) => string.CompareOrdinal(x.Path, y.Path);
    }
}
