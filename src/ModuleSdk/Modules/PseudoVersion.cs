namespace ModuleSdk.Modules;

/// <summary>
/// Pseudo-versions: versions that name untagged commits, in Go's three forms
/// (<c>vX.0.0-yyyymmddhhmmss-abcdefabcdef</c>, <c>vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdefabcdef</c>,
/// <c>vX.Y.Z-pre.0.yyyymmddhhmmss-abcdefabcdef</c>) (golang.org/x/mod/module/pseudo.go).
/// </summary>
public static class PseudoVersion
{
    /// <summary>Reports whether <paramref name="v"/> is a pseudo-version.</summary>
    public static bool IsPseudoVersion(string v) => throw new NotImplementedException();

    /// <summary>
    /// Builds a pseudo-version: <paramref name="major"/> (<c>v2</c>, or <c>""</c> for v0) when
    /// there is no base tag, else from <paramref name="older"/> (the base tag); the time in UTC;
    /// <paramref name="rev"/> the 12-hex-digit short revision.
    /// </summary>
    public static string Build(string major, string older, DateTimeOffset time, string rev) => throw new NotImplementedException();

    /// <summary>The commit time a pseudo-version encodes; throws MOD1007 when malformed.</summary>
    public static DateTimeOffset Time(string v) => throw new NotImplementedException();

    /// <summary>The revision identifier (12 hex digits) a pseudo-version encodes.</summary>
    public static string Revision(string v) => throw new NotImplementedException();

    /// <summary>The base version a pseudo-version was built on (<c>""</c> for the no-tag form), as Go's PseudoVersionBase.</summary>
    public static string Base(string v) => throw new NotImplementedException();

    /// <summary>Reports whether <paramref name="v"/> is a pseudo-version with no base tag (<c>vX.0.0-timestamp-rev</c>).</summary>
    public static bool IsZeroPseudoVersion(string v) => throw new NotImplementedException();
}
