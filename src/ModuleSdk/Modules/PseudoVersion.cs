using System.Globalization;
using System.Text.RegularExpressions;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Modules;

/// <summary>
/// Pseudo-versions: versions that name untagged commits, in Go's three forms
/// (<c>vX.0.0-yyyymmddhhmmss-abcdefabcdef</c> with no base tag,
/// <c>vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdefabcdef</c> after release vX.Y.Z, and
/// <c>vX.Y.Z-pre.0.yyyymmddhhmmss-abcdefabcdef</c> after prerelease vX.Y.Z-pre), each possibly
/// with <c>+incompatible</c> (golang.org/x/mod/module/pseudo.go).
/// </summary>
public static partial class PseudoVersion
{
    /// <summary>The layout of the timestamp part, in UTC.</summary>
    public const string TimestampFormat = "yyyyMMddHHmmss";

    [GeneratedRegex(@"^v[0-9]+\.(0\.0-|[0-9]+\.[0-9]+-([^+]*\.)?0\.)[0-9]{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Reports whether <paramref name="v"/> is a pseudo-version.</summary>
    public static bool IsPseudoVersion(string v) =>
        v.Count('-') >= 2 && Semver.IsValid(v) && Pattern().IsMatch(v);

    /// <summary>
    /// Builds a pseudo-version: from <paramref name="major"/> (<c>v2</c>; <c>""</c> means v0)
    /// when <paramref name="older"/> is empty, else from the base tag <paramref name="older"/>;
    /// <paramref name="time"/> is converted to UTC; <paramref name="rev"/> is the 12-hex-digit
    /// short revision.
    /// </summary>
    public static string Build(string major, string older, DateTimeOffset time, string rev)
    {
        if (major.Length == 0) major = "v0";
        string segment = time.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture) + "-" + rev;
        string build = Semver.Build(older);
        older = Semver.Canonical(older);
        if (older.Length == 0) return major + ".0.0-" + segment;
        if (Semver.Prerelease(older).Length > 0) return older + ".0." + segment + build;
        int i = older.LastIndexOf('.') + 1;
        return older[..i] + IncDecimal(older[i..]) + "-0." + segment + build;
    }

    /// <summary>The zero pseudo-version for a major (<c>v0.0.0-00010101000000-000000000000</c>).</summary>
    public static string Zero(string major) => Build(major, "", new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), "000000000000");

    /// <summary>Reports whether <paramref name="v"/> is the zero pseudo-version of its major.</summary>
    public static bool IsZeroPseudoVersion(string v) => v == Zero(Semver.Major(v));

    /// <summary>The commit time a pseudo-version encodes; throws MOD1007 when malformed.</summary>
    public static DateTimeOffset Time(string v)
    {
        var (_, timestamp, _, _) = Parse(v);
        if (!DateTime.TryParseExact(timestamp, TimestampFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
            throw Invalid(v, $"malformed time \"{timestamp}\"");
        return new DateTimeOffset(t, TimeSpan.Zero);
    }

    /// <summary>The revision identifier a pseudo-version encodes.</summary>
    public static string Revision(string v) => Parse(v).Rev;

    /// <summary>
    /// The base version a pseudo-version was built on: <c>""</c> for the no-tag form, the release
    /// vX.Y.Z for <c>vX.Y.(Z+1)-0.…</c>, the prerelease for <c>vX.Y.Z-pre.0.…</c>, keeping
    /// <c>+incompatible</c>. Throws MOD1007 when <paramref name="v"/> is not a pseudo-version.
    /// </summary>
    public static string Base(string v)
    {
        var (baseVersion, _, _, build) = Parse(v);
        string pre = Semver.Prerelease(baseVersion);
        switch (pre)
        {
            case "":
                if (build.Length > 0)
                    throw Invalid(v, $"lacks base version, but has build metadata \"{build}\"");
                return "";
            case "-0":
            {
                string b = baseVersion[..^pre.Length];
                int i = b.LastIndexOf('.');
                string patch = DecDecimal(b[(i + 1)..]);
                if (patch.Length == 0)
                    throw Invalid(v, $"version before {b} would have negative patch number");
                return b[..(i + 1)] + patch + build;
            }
            default:
                return baseVersion[..^".0".Length] + build;
        }
    }

    private static (string Base, string Timestamp, string Rev, string Build) Parse(string v)
    {
        if (!IsPseudoVersion(v)) throw Invalid(v, "syntax error");
        string build = Semver.Build(v);
        v = v[..^build.Length];
        int j = v.LastIndexOf('-');
        string rev = v[(j + 1)..];
        v = v[..j];
        int i = v.LastIndexOf('-');
        int dot = v.LastIndexOf('.');
        return dot > i
            ? (v[..dot], v[(dot + 1)..], rev, build)
            : (v[..i], v[(i + 1)..], rev, build);
    }

    private static ModuleException Invalid(string v, string why) =>
        new(DiagnosticCodes.InvalidPseudoVersion, $"pseudo-version \"{v}\" invalid: {why}");

    // Adds one to a decimal string of any length.
    internal static string IncDecimal(string d)
    {
        var digits = d.ToCharArray();
        int i = digits.Length - 1;
        for (; i >= 0 && digits[i] == '9'; i--) digits[i] = '0';
        if (i >= 0) { digits[i]++; return new string(digits); }
        return "1" + new string(digits);
    }

    // Subtracts one from a decimal string; "" when it is all zeros (or empty), as Go's decDecimal.
    internal static string DecDecimal(string d)
    {
        var digits = d.ToCharArray();
        int i = digits.Length - 1;
        for (; i >= 0 && digits[i] == '0'; i--) digits[i] = '9';
        if (i < 0) return "";
        if (i == 0 && digits[i] == '1' && digits.Length > 1) return new string(digits, 1, digits.Length - 1);
        digits[i]--;
        return new string(digits);
    }
}
