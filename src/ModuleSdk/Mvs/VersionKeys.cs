using System.Collections.Concurrent;
using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

/// <summary>
/// Versions parsed once per distinct version string of a graph, for requirement graphs that keep the default
/// <see cref="IRequirements.Max"/> (<see cref="ModuleVersionOrder"/>). Building a graph compares
/// a version once per edge; comparing pre-parsed numbers instead of re-parsing both strings each
/// time is what keeps MVS on large graphs within its budget. Custom orders get no keys and every
/// comparison goes through their <c>Max</c>, as Go does.
/// </summary>
internal sealed class VersionKeys
{
    private const byte Invalid = 0, Valid = 1, Main = 2; // "none" and other non-semver < semver < ""

    private static readonly ConcurrentDictionary<Type, bool> s_usesDefaultMax = new();

    private Key[] _keys = new Key[64];

    private struct Key
    {
        public byte Kind;
        public bool Exact;        // numbers fit in ulong and there is no prerelease
        public ulong Major, Minor, Patch;
    }

    /// <summary>Returns keys for <paramref name="order"/> if it uses the default version order, else null.</summary>
    public static VersionKeys? For(IRequirements order)
    {
        while (order is OverrideRequirements o) order = o.Inner;
        return s_usesDefaultMax.GetOrAdd(order.GetType(), UsesDefaultMax) ? new VersionKeys() : null;
    }

    private static bool UsesDefaultMax(Type type)
    {
        System.Reflection.InterfaceMapping map;
        try
        {
            map = type.GetInterfaceMap(typeof(IRequirements));
        }
        catch (NotSupportedException)
        {
            // Native AOT has no interface maps: compare through Max, which is correct for any order.
            return false;
        }
        for (int i = 0; i < map.InterfaceMethods.Length; i++)
            if (map.InterfaceMethods[i].Name == nameof(IRequirements.Max))
                return map.TargetMethods[i].DeclaringType == typeof(IRequirements);
        return false;
    }

    public void Add(int id, string version)
    {
        if (id >= _keys.Length) Array.Resize(ref _keys, Math.Max(id + 1, _keys.Length * 2));
        _keys[id] = Parse(version);
    }

    /// <summary>Reports whether version <paramref name="v"/> (interned as <paramref name="vId"/>) is below <paramref name="w"/>.</summary>
    public bool Less(int vId, string v, int wId, string w)
    {
        ref readonly var kv = ref _keys[vId];
        ref readonly var kw = ref _keys[wId];
        if (kv.Kind != kw.Kind) return kv.Kind < kw.Kind;
        if (kv.Kind != Valid) return false;
        if (kv.Exact && kw.Exact)
        {
            if (kv.Major != kw.Major) return kv.Major < kw.Major;
            if (kv.Minor != kw.Minor) return kv.Minor < kw.Minor;
            return kv.Patch < kw.Patch;
        }
        // Prereleases and huge numbers: rare, so the full comparison is fine.
        return Semver.Compare(v, w) < 0;
    }

    private static Key Parse(string v)
    {
        if (v.Length == 0) return new Key { Kind = Main };
        if (!Semver.TryParse(v, out var p)) return new Key { Kind = Invalid };
        var key = new Key { Kind = Valid };
        key.Exact = p.Prerelease.Length == 0
            && TryNumber(p.Major.Of(v), out key.Major)
            && (p.Minor.End == 0 ? (key.Minor = 0) == 0 : TryNumber(p.Minor.Of(v), out key.Minor))
            && (p.Patch.End == 0 ? (key.Patch = 0) == 0 : TryNumber(p.Patch.Of(v), out key.Patch));
        return key;
    }

    private static bool TryNumber(ReadOnlySpan<char> digits, out ulong value)
    {
        value = 0;
        if (digits.Length > 19) return false; // 19 digits always fit in a ulong
        foreach (char c in digits) value = value * 10 + (ulong)(c - '0');
        return true;
    }
}
