namespace ModuleSdk.ModFile;

/// <summary>
/// A closed interval of versions, <c>[Low, High]</c>; a single retracted version has
/// <c>Low == High</c>.
/// </summary>
/// <param name="Low">The lowest version in the interval.</param>
/// <param name="High">The highest version in the interval.</param>
public readonly record struct VersionInterval(string Low, string High)
{
    /// <summary>The interval holding just <paramref name="version"/>.</summary>
    public static VersionInterval Single(string version) => new(version, version);
}

/// <summary>A <c>retract</c> line: versions of this module its authors withdrew, and why.</summary>
public sealed class Retract
{
    /// <summary>The retracted versions.</summary>
    public VersionInterval Interval { get; set; }

    /// <summary>The lowest retracted version.</summary>
    public string Low => Interval.Low;

    /// <summary>The highest retracted version.</summary>
    public string High => Interval.High;

    /// <summary>The rationale: the text of the comments on the line (or on its block).</summary>
    public string Rationale { get; set; } = "";

    /// <summary>The line.</summary>
    public required Line Syntax { get; set; }

    internal bool IsRemoved => string.IsNullOrEmpty(Interval.Low) && string.IsNullOrEmpty(Interval.High);
}
