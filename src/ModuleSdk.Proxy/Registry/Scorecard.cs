using ModuleSdk.Modules;

namespace ModuleSdk.Proxy.Registry;

/// <summary>One signal of a <see cref="Scorecard"/>.</summary>
/// <param name="Name">What is checked.</param>
/// <param name="Passed">Whether the version passes.</param>
/// <param name="Detail">Why, in a sentence.</param>
public sealed record ScorecardCheck(string Name, bool Passed, string Detail);

/// <summary>
/// A version's scorecard: signals the proxy can check from the stored files alone, with no code
/// run and no network. Chosen: a <c>module.mod</c> in the zip (a module that states its path and
/// requirements, rather than a synthesized file), a tagged release (not a pseudo-version of an
/// untagged commit), a README, a licence file (without one nobody may use the code), not retracted
/// by its author, and requirements on tagged versions only (pseudo-versions pin commits nobody
/// released). "Builds" is left out: it would run untrusted module code on the proxy (MSBuild
/// targets execute), needs a sandbox and minutes per version, and a failure could be the
/// builder's as often as the module's.
/// </summary>
public sealed record Scorecard(IReadOnlyList<ScorecardCheck> Checks)
{
    /// <summary>How many checks pass.</summary>
    public int Passed => Checks.Count(c => c.Passed);

    /// <summary>How many checks there are.</summary>
    public int Total => Checks.Count;

    /// <summary>The scorecard of <paramref name="facts"/>; <paramref name="retraction"/> is the module's retraction covering it, if any.</summary>
    public static Scorecard For(VersionFacts facts, RetractionFact? retraction)
    {
        var pseudoRequires = facts.Requires.Where(r => PseudoVersion.IsPseudoVersion(r.Version)).Select(r => r.Path + "@" + r.Version).ToList();
        return new Scorecard(
        [
            new("module.mod", facts.HasModFile, facts.HasModFile ? "the zip has a module.mod"
                : "no module.mod in the zip: the proxy serves a synthesized one without requirements"),
            new("tagged release", !facts.IsPseudo, facts.IsPseudo ? "a pseudo-version of an untagged commit"
                : Semver.IsPrerelease(facts.Version) ? "a tagged prerelease" : "a tagged release"),
            new("README", facts.ReadmeName is not null, facts.ReadmeName is { } r ? r + " at the module root" : "no README at the module root"),
            new("licence", facts.LicenseName is not null, facts.LicenseName is { } l ? l + " at the module root"
                : "no LICENSE, LICENCE or COPYING file at the module root"),
            new("not retracted", retraction is null, retraction is null ? "not retracted"
                : "retracted" + (retraction.Rationale.Length > 0 ? ": " + retraction.Rationale : "")),
            new("tagged requirements", pseudoRequires.Count == 0, pseudoRequires.Count == 0 ? "every requirement is a tagged version"
                : "requires pseudo-versions: " + string.Join(", ", pseudoRequires)),
        ]);
    }
}
