using NuGet.Versioning;

namespace ModuleSdk.Modules;

/// <summary>
/// Orders NuGet.Versioning's <see cref="SemanticVersion"/> values by SemVer 2.0 precedence
/// exactly as Go's <c>semver.Compare</c> does. NuGet's own comparers compare prerelease labels
/// case-insensitively (<c>-alpha</c> before <c>-RC.2</c>); SemVer and Go compare them in ASCII
/// order (<c>-RC.2</c> before <c>-alpha</c>), and module versions must follow Go. Build metadata
/// is ignored, as in Go.
/// </summary>
public sealed class SemverComparer : IComparer<SemanticVersion>, IEqualityComparer<SemanticVersion>
{
    /// <summary>The one instance.</summary>
    public static SemverComparer Instance { get; } = new();

    private SemverComparer() { }

    /// <inheritdoc/>
    public int Compare(SemanticVersion? x, SemanticVersion? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int c = x.Major.CompareTo(y.Major);
        if (c == 0) c = x.Minor.CompareTo(y.Minor);
        if (c == 0) c = x.Patch.CompareTo(y.Patch);
        if (c != 0) return Math.Sign(c);
        return ComparePrerelease(x.ReleaseLabels.ToArray(), y.ReleaseLabels.ToArray());
    }

    /// <inheritdoc/>
    public bool Equals(SemanticVersion? x, SemanticVersion? y) => Compare(x, y) == 0;

    /// <inheritdoc/>
    public int GetHashCode(SemanticVersion obj) =>
        HashCode.Combine(obj.Major, obj.Minor, obj.Patch, string.Join('.', obj.ReleaseLabels));

    private static int ComparePrerelease(string[] x, string[] y)
    {
        if (x.Length == 0 || y.Length == 0) return x.Length == y.Length ? 0 : x.Length == 0 ? 1 : -1;
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            if (x[i] == y[i]) continue;
            bool nx = IsNumber(x[i]), ny = IsNumber(y[i]);
            if (nx != ny) return nx ? -1 : 1;
            if (nx && x[i].Length != y[i].Length) return x[i].Length < y[i].Length ? -1 : 1;
            return string.CompareOrdinal(x[i], y[i]) < 0 ? -1 : 1;
        }
        return x.Length.CompareTo(y.Length);
    }

    private static bool IsNumber(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);
}
