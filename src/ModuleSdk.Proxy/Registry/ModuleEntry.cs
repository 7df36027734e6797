using ModuleSdk.Modules;

namespace ModuleSdk.Proxy.Registry;

/// <summary>
/// What the registry knows of one module, replaced whole (never mutated) whenever a version is
/// added, so readers need no lock: its stored versions (highest first), the version Go would
/// read retractions from, the latest version that is not retracted, and the latter's facts.
/// </summary>
public sealed record ModuleEntry(string Path, IReadOnlyList<string> Versions, VersionFacts? RetractionSource, string? Latest, VersionFacts? LatestFacts)
{
    /// <summary>The retractions in force: those of <see cref="RetractionSource"/>'s module file.</summary>
    public IReadOnlyList<RetractionFact> Retractions => RetractionSource?.Retractions ?? [];

    /// <summary>The retraction covering <paramref name="version"/>, or null.</summary>
    public RetractionFact? RetractionOf(string version) => Retractions.FirstOrDefault(r => r.Covers(version));

    /// <summary>The module's description: the latest version's README's first paragraph.</summary>
    public string Description => LatestFacts?.Description ?? "";

    /// <summary>The path, lowercased once for search.</summary>
    internal string SearchPath { get; } = Path.ToLowerInvariant();

    /// <summary>The description, lowercased once for search.</summary>
    internal string SearchDescription { get; } = (LatestFacts?.Description ?? "").ToLowerInvariant();

    /// <summary>
    /// Go's choice of "latest" among <paramref name="versions"/> (highest release, else highest
    /// prerelease, else highest pseudo-version), skipping versions <paramref name="skip"/> says.
    /// </summary>
    public static string? GoLatest(IEnumerable<string> versions, Func<string, bool>? skip = null)
    {
        string? release = null, pre = null, pseudo = null;
        foreach (var v in versions)
        {
            if (skip is not null && skip(v)) continue;
            if (PseudoVersion.IsPseudoVersion(v)) pseudo = Max(pseudo, v);
            else if (Semver.IsPrerelease(v)) pre = Max(pre, v);
            else release = Max(release, v);
        }
        return release ?? pre ?? pseudo;
    }

    private static string Max(string? a, string b) => a is null ? b : Semver.Max(a, b);
}
