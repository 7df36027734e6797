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
    // Kelvin sign to k; Greek sigma forms to sigma). Two exceptions to .NET's invariant casing:
    // dotted capital I and dotless small i have case mappings but fold only in Turkish
    // (CaseFolding.txt status T), so Go keeps them apart from i and I, and so must we; and the
    // long s folds to s although .NET's invariant upper-casing leaves it alone. Checked against
    // every letter of Go 1.19's unicode.SimpleFold: nothing Go folds together is kept apart.
    // Letters added after Unicode 13 (Go 1.19's tables) may fold here and not in Go 1.19.
    private static Rune Fold(Rune r)
    {
        if (r.Value is 0x130 or 0x131) return r;
        if (r.Value == 0x17F) return new Rune('s');
        return Rune.ToLowerInvariant(Rune.ToUpperInvariant(r));
    }
}
