namespace ModuleSdk.Modules;

/// <summary>
/// Orders strings by their UTF-8 bytes, as Go's string comparison does. Plain ordinal comparison
/// of .NET strings compares UTF-16 code units, which puts supplementary characters (surrogate
/// pairs) before U+E000..U+FFFF; UTF-8 puts them after. Hash1, sum files and module zips sort
/// names this way, so the difference would change hashes. It lives here, below both Sums and
/// Zips, so that neither layer depends on the other for it.
/// </summary>
public sealed class Utf8Ordinal : IComparer<string>
{
    /// <summary>The single instance.</summary>
    public static Utf8Ordinal Instance { get; } = new();

    private Utf8Ordinal() { }

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int n = Math.Min(x.Length, y.Length);
        for (int i = 0; i < n; i++)
        {
            char a = x[i], b = y[i];
            if (a != b) return Fix(a) - Fix(b);
        }
        return x.Length - y.Length;
    }

    // Code-point order equals UTF-8 byte order. Within the BMP, UTF-16 order is code-point
    // order except that surrogates (D800-DFFF, standing for code points >= 0x10000) must rank
    // above E000-FFFF: shift the two ranges past each other.
    private static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
