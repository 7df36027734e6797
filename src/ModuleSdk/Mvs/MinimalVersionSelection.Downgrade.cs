using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

public static partial class MinimalVersionSelection
{
    /// <summary>
    /// Returns a build list for <paramref name="target"/> in which the modules in
    /// <paramref name="downgrades"/> are at most the versions given, overriding the target's own
    /// requirements. Downgrades only ever lower versions: a module whose requirements would be too
    /// high (or would raise anything already in the build) is stepped back with
    /// <see cref="IDowngradeRequirements.Previous"/> until it fits, or dropped when no version fits.
    /// Go's <c>mvs.Downgrade</c> (https://research.swtch.com/vgo-mvs#algorithm_4).
    /// </summary>
    /// <exception cref="BuildListException">The build list could not be built (MOD5001).</exception>
    /// <remarks>
    /// Exceptions from <see cref="IDowngradeRequirements.Previous"/> propagate unchanged (Go treats
    /// them as transient). A module version whose requirements cannot be loaded is treated as too high.
    /// </remarks>
    public static IReadOnlyList<ModuleId> Downgrade(ModuleId target, IDowngradeRequirements reqs, params IReadOnlyList<ModuleId> downgrades)
    {
        ArgumentNullException.ThrowIfNull(reqs);
        ArgumentNullException.ThrowIfNull(downgrades);
        // Versions for every module of the build list, not only the target's requirements: a
        // downgrade may need new requirements to keep other modules where they are.
        var list = BuildList([target], reqs).Skip(1).ToArray();

        var max = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in list) max[r.Path] = r.Version;
        foreach (var d in downgrades)
            if (!max.TryGetValue(d.Path, out var v) || reqs.Max(v, d.Version) != d.Version)
                max[d.Path] = d.Version;

        var state = new DowngradeState(reqs, max);
        var downgraded = new List<ModuleId>(list.Length + 1) { target };
        foreach (var start in list)
        {
            var r = start;
            state.Add(r);
            bool dropped = false;
            while (state.IsExcluded(r))
            {
                var p = reqs.Previous(r);
                // Previous may skip the allowed version itself (a pseudo-version, say): land on it.
                string v = max.GetValueOrDefault(r.Path, "");
                if (reqs.Max(v, r.Version) != v && reqs.Max(p.Version, v) != p.Version)
                    p = p with { Version = v };
                if (p.Version == ModuleVersionOrder.None)
                {
                    dropped = true;
                    break;
                }
                state.Add(p);
                r = p;
            }
            if (!dropped) downgraded.Add(r);
        }

        // Previous skips versions (pseudo-versions, retracted ones) that other requirements may
        // still select. Rebuild with the versions MVS actually picks for the downgraded modules,
        // so that requirements of versions that were passed over do not linger.
        var actual = BuildList([target], new OverrideRequirements(target, downgraded, reqs));
        var actualVersion = new Dictionary<string, string>(actual.Count, StringComparer.Ordinal);
        foreach (var m in actual) actualVersion[m.Path] = m.Version;

        var final = new List<ModuleId>(list.Length);
        foreach (var m in list)
            if (actualVersion.TryGetValue(m.Path, out var v))
                final.Add(new ModuleId(m.Path, v));
        return BuildList([target], new OverrideRequirements(target, final, reqs));
    }

    /// <summary>Which module versions Downgrade may use: Go's <c>add</c> and <c>exclude</c> closures.</summary>
    private sealed class DowngradeState(IDowngradeRequirements reqs, Dictionary<string, string> max)
    {
        private readonly HashSet<ModuleId> _added = new();
        private readonly HashSet<ModuleId> _excluded = new();
        private readonly Dictionary<ModuleId, List<ModuleId>> _requiredBy = new();

        public bool IsExcluded(ModuleId m) => _excluded.Contains(m);

        /// <summary>Visits m and its requirements, excluding every version that would go above the allowed maximum.</summary>
        public void Add(ModuleId m)
        {
            if (!_added.Add(m)) return;
            if (max.TryGetValue(m.Path, out var v) && reqs.Max(m.Version, v) != v)
            {
                // Not a strict downgrade: m would raise a module already in the build.
                Exclude(m);
                return;
            }
            IReadOnlyList<ModuleId> required;
            try
            {
                required = reqs.Required(m);
            }
            catch (Exception)
            {
                // Usually an older version without a usable module file: do not land on it.
                Exclude(m);
                return;
            }
            foreach (var r in required)
            {
                Add(r);
                if (_excluded.Contains(r))
                {
                    Exclude(m);
                    return;
                }
                if (!_requiredBy.TryGetValue(r, out var users)) _requiredBy[r] = users = new List<ModuleId>();
                users.Add(m);
            }
        }

        /// <summary>Excludes m and, transitively, every added module that requires it.</summary>
        private void Exclude(ModuleId m)
        {
            if (!_excluded.Add(m)) return;
            var todo = new Stack<ModuleId>();
            todo.Push(m);
            while (todo.Count > 0)
            {
                if (!_requiredBy.TryGetValue(todo.Pop(), out var users)) continue;
                foreach (var u in users)
                    if (_excluded.Add(u)) todo.Push(u);
            }
        }
    }
}
