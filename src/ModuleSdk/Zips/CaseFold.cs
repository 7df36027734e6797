using System.Text;

namespace ModuleSdk.Zips;

/// <summary>
/// A key under which two paths are equal exactly when Go's <c>strings.EqualFold</c> (Unicode
/// simple case folding) says so: two files whose names differ only so would overwrite each other
/// on a case-insensitive file system.
/// </summary>
internal static class CaseFold
{
    /// <summary>Returns the fold key of <paramref name="s"/> (not for display).</summary>
    public static string Key(string s)
    {
        bool simple = true;
        foreach (char c in s)
        {
            if (c >= 0x80 || c is >= 'A' and <= 'Z') { simple = false; break; }
        }
        if (simple) return s;
        var sb = new StringBuilder(s.Length);
        foreach (var r in s.EnumerateRunes()) sb.Append(Fold(r));
        return sb.ToString();
    }

    /// <summary>Reports whether two strings are equal under simple case folding.</summary>
    public static bool EqualFold(string a, string b) => Key(a) == Key(b);

    // Lower(Upper(r)) sends every member of a simple-folding orbit to one rune (K, k and the
    // Kelvin sign to k; S, s and long s to s; Greek sigma forms to sigma). Dotted capital I and
    // dotless small i have case mappings but fold only in Turkish (CaseFolding.txt status T),
    // so Go keeps them apart from i and I: so must we.
    private static Rune Fold(Rune r)
    {
        if (r.Value is 0x130 or 0x131) return r;
        return Rune.ToLowerInvariant(Rune.ToUpperInvariant(r));
    }
}
