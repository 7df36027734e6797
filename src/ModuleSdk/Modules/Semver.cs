namespace ModuleSdk.Modules;

/// <summary>
/// Semantic versions with a <c>v</c> prefix, exactly as Go's <c>golang.org/x/mod/semver</c>:
/// the same accepted syntax (including the shorthands <c>v1</c> and <c>v1.2</c>, numbers of any
/// length, no leading zeros), the same canonical form and the same SemVer 2.0 precedence
/// (prerelease identifiers compare numerically when numeric, otherwise in ASCII order, so
/// <c>-RC.2</c> sorts before <c>-alpha</c>). Invalid strings are not errors here: like Go, they
/// are simply not valid, compare equal to each other and below every valid version.
/// </summary>
/// <remarks>
/// The parser is hand-written over spans and allocates nothing: MVS compares versions hundreds
/// of thousands of times on large graphs. NuGet.Versioning cannot be used for ordering because
/// it compares prerelease labels case-insensitively and caps numbers at <see cref="int"/>.
/// </remarks>
public static class Semver
{
    /// <summary>Orders version strings as <see cref="Compare"/> does, ties broken ordinally (Go's <c>semver.Sort</c>).</summary>
    public static IComparer<string> Comparer { get; } = Comparer<string>.Create(static (a, b) =>
    {
        int c = Compare(a, b);
        return c != 0 ? c : string.CompareOrdinal(a, b);
    });

    /// <summary>Reports whether <paramref name="v"/> is a valid semantic version string.</summary>
    public static bool IsValid(string? v) => v is not null && TryParse(v, out _);

    /// <summary>
    /// Returns the canonical form of <paramref name="v"/>: shorthands expanded, build metadata
    /// dropped (all of it: <see cref="ModuleVersion.Canonical"/> keeps <c>+incompatible</c>).
    /// Returns <c>""</c> for an invalid version.
    /// </summary>
    public static string Canonical(string? v)
    {
        if (v is null || !TryParse(v, out var p)) return "";
        if (p.Short.Length > 0) return v.Substring(0, p.Patch.End > 0 ? p.Patch.End : p.Minor.End > 0 ? p.Minor.End : p.Major.End) + p.Short;
        return p.Build.Length > 0 ? v.Substring(0, p.Build.Start) : v;
    }

    /// <summary>Returns the major prefix (<c>v2</c>) of a valid version, or <c>""</c>.</summary>
    public static string Major(string? v) => v is not null && TryParse(v, out var p) ? v.Substring(0, p.Major.End) : "";

    /// <summary>Returns the major.minor prefix (<c>v2.1</c>) of a valid version, or <c>""</c>.</summary>
    public static string MajorMinor(string? v)
    {
        if (v is null || !TryParse(v, out var p)) return "";
        if (p.Minor.End > 0) return v.Substring(0, p.Minor.End);
        return v.Substring(0, p.Major.End) + ".0";
    }

    /// <summary>Returns the prerelease suffix including the dash (<c>-pre.1</c>), or <c>""</c>.</summary>
    public static string Prerelease(string? v) => v is not null && TryParse(v, out var p) ? p.Prerelease.Get(v) : "";

    /// <summary>Returns the build suffix including the plus (<c>+meta</c>), or <c>""</c>.</summary>
    public static string Build(string? v) => v is not null && TryParse(v, out var p) ? p.Build.Get(v) : "";

    /// <summary>
    /// Compares two versions by SemVer precedence: -1, 0 or +1. An invalid version is equal to
    /// another invalid one and less than any valid one. Build metadata is ignored.
    /// </summary>
    public static int Compare(string? v, string? w)
    {
        v ??= "";
        w ??= "";
        if (ReferenceEquals(v, w) || v == w) return 0;
        bool okV = TryParse(v, out var pv), okW = TryParse(w, out var pw);
        if (!okV) return okW ? -1 : 0;
        if (!okW) return 1;
        return CompareParsed(v, pv, w, pw);
    }

    /// <summary>Returns the larger of two versions, canonicalized (Go's <c>semver.Max</c>).</summary>
    public static string Max(string v, string w)
    {
        v = Canonical(v);
        w = Canonical(w);
        return Compare(v, w) > 0 ? v : w;
    }

    /// <summary>Sorts versions in increasing precedence, ties broken ordinally.</summary>
    public static void Sort(List<string> versions) => versions.Sort(Comparer);

    /// <summary>Reports whether the version has a prerelease part.</summary>
    public static bool IsPrerelease(string v) => TryParse(v, out var p) && p.Prerelease.Length > 0;

    internal readonly struct Span(int start, int end)
    {
        public int Start { get; } = start;
        public int End { get; } = end;
        public int Length => End - Start;
        public ReadOnlySpan<char> Of(string s) => s.AsSpan(Start, Length);
        public string Get(string s) => Length == 0 ? "" : s.Substring(Start, Length);
    }

    internal struct Parsed
    {
        public Span Major, Minor, Patch, Prerelease, Build;
        /// <summary>The text a shorthand lacks (<c>.0.0</c> or <c>.0</c>), else empty.</summary>
        public string Short;
    }

    internal static bool TryParse(string v, out Parsed p)
    {
        p = default;
        p.Short = "";
        if (v.Length == 0 || v[0] != 'v') return false;
        int i = 1;
        if (!ParseInt(v, ref i, out p.Major)) return false;
        if (i == v.Length) { p.Short = ".0.0"; return true; }
        if (v[i] != '.') return false;
        i++;
        if (!ParseInt(v, ref i, out p.Minor)) return false;
        if (i == v.Length) { p.Short = ".0"; return true; }
        if (v[i] != '.') return false;
        i++;
        if (!ParseInt(v, ref i, out p.Patch)) return false;
        p.Prerelease = new Span(i, i);
        if (i < v.Length && v[i] == '-')
        {
            int start = i;
            if (!ParseIdents(v, ref i, prerelease: true)) return false;
            p.Prerelease = new Span(start, i);
        }
        p.Build = new Span(i, i);
        if (i < v.Length && v[i] == '+')
        {
            int start = i;
            if (!ParseIdents(v, ref i, prerelease: false)) return false;
            p.Build = new Span(start, i);
        }
        return i == v.Length;
    }

    private static bool ParseInt(string v, ref int i, out Span span)
    {
        int start = i;
        while (i < v.Length && v[i] >= '0' && v[i] <= '9') i++;
        span = new Span(start, i);
        if (i == start) return false;
        return !(v[start] == '0' && i - start > 1);
    }

    // Parses "-a.b.c" or "+a.b.c" starting at the sign.
    private static bool ParseIdents(string v, ref int i, bool prerelease)
    {
        i++;
        int start = i;
        while (true)
        {
            if (i == v.Length || v[i] == '.' || (prerelease && v[i] == '+'))
            {
                if (i == start) return false;
                if (prerelease && IsBadNumber(v, start, i)) return false;
                if (i == v.Length || v[i] != '.') return true;
                i++;
                start = i;
                continue;
            }
            if (!IsIdentChar(v[i])) return false;
            i++;
        }
    }

    private static bool IsIdentChar(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '-';

    private static bool IsBadNumber(string v, int start, int end)
    {
        for (int k = start; k < end; k++)
            if (v[k] < '0' || v[k] > '9') return false;
        return v[start] == '0' && end - start > 1;
    }

    internal static int CompareParsed(string v, in Parsed pv, string w, in Parsed pw)
    {
        int c = CompareInt(pv.Major.Of(v), pw.Major.Of(w));
        if (c != 0) return c;
        c = CompareInt(MinorOf(v, pv), MinorOf(w, pw));
        if (c != 0) return c;
        c = CompareInt(PatchOf(v, pv), PatchOf(w, pw));
        if (c != 0) return c;
        return ComparePrerelease(pv.Prerelease.Of(v), pw.Prerelease.Of(w));
    }

    private static ReadOnlySpan<char> MinorOf(string v, in Parsed p) => p.Minor.End > 0 ? p.Minor.Of(v) : "0";
    private static ReadOnlySpan<char> PatchOf(string v, in Parsed p) => p.Patch.End > 0 ? p.Patch.Of(v) : "0";

    private static int CompareInt(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        if (x.Length != y.Length) return x.Length < y.Length ? -1 : 1;
        int c = x.SequenceCompareTo(y);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }

    private static int ComparePrerelease(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        // "" (a release) is above every prerelease.
        if (x.SequenceEqual(y)) return 0;
        if (x.Length == 0) return 1;
        if (y.Length == 0) return -1;
        while (x.Length > 0 && y.Length > 0)
        {
            x = x[1..]; // skip '-' or '.'
            y = y[1..];
            var dx = NextIdent(ref x);
            var dy = NextIdent(ref y);
            if (!dx.SequenceEqual(dy))
            {
                bool ix = IsNum(dx), iy = IsNum(dy);
                if (ix != iy) return ix ? -1 : 1;
                if (ix && dx.Length != dy.Length) return dx.Length < dy.Length ? -1 : 1;
                return dx.SequenceCompareTo(dy) < 0 ? -1 : 1;
            }
        }
        return x.Length == 0 ? -1 : 1;
    }

    private static ReadOnlySpan<char> NextIdent(ref ReadOnlySpan<char> x)
    {
        int i = x.IndexOf('.');
        if (i < 0) i = x.Length;
        var ident = x[..i];
        x = x[i..];
        return ident;
    }

    private static bool IsNum(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
            if (c < '0' || c > '9') return false;
        return s.Length > 0;
    }
}
