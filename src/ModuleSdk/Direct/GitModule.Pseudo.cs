using LibGit2Sharp;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Direct;

internal sealed partial class GitModule
{
    /// <summary>
    /// Checks that a pseudo-version found in a module file really names <paramref name="commit"/>
    /// (Go's <c>validatePseudoVersion</c>): the 12-digit short hash and the commit time must
    /// match, and the base must be a tag of this module that the commit descends from. This
    /// stops a module file from naming an arbitrarily high pseudo-version, which MVS would prefer.
    /// </summary>
    private void ValidatePseudoVersion(Repository repo, Commit commit, string version, bool incompatibleOk)
    {
        bool plusIncompatible = Semver.Build(version) == "+incompatible";
        if (plusIncompatible && !incompatibleOk)
            throw Invalid(version, $"+incompatible suffix not allowed: module contains a {ModFileName} file or is not at the repository root");
        if (!plusIncompatible && !ModulePath.MatchPathMajor(version, _pathMajor))
            throw Invalid(version, ModulePath.PathMajorProblem(version, _pathMajor)!);

        string shortRev = commit.Sha[..12];
        string rev = PseudoVersion.Revision(version);
        if (rev != shortRev)
        {
            string why = rev.StartsWith(shortRev, StringComparison.Ordinal) ? $"revision is longer than canonical (expected {shortRev})"
                : shortRev.StartsWith(rev, StringComparison.Ordinal) ? $"revision is shorter than canonical (expected {shortRev})"
                : $"does not match short name of revision (expected {shortRev})";
            throw Pseudo(version, why);
        }
        var time = commit.Committer.When.ToUniversalTime();
        if (PseudoVersion.Time(version) != new DateTimeOffset(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second, TimeSpan.Zero))
            throw Pseudo(version,
                "does not match version-control timestamp " +
                $"(expected {time.UtcDateTime.ToString(PseudoVersion.TimestampFormat, System.Globalization.CultureInfo.InvariantCulture)})");

        string baseVersion = PseudoVersion.Base(plusIncompatible ? version[..^"+incompatible".Length] : version);
        if (baseVersion.Length == 0)
        {
            if (_pseudoMajor.Length == 0 && Semver.Major(version) == "v1")
                throw Pseudo(version, "major version without preceding tag must be v0, not v1");
            return;
        }

        var tags = _repo.TagCommits(repo);
        foreach (var (tag, sha) in tags)
        {
            if (sha.Equals(commit.Id) && tag.StartsWith(_tagPrefix, StringComparison.Ordinal) && tag[_tagPrefix.Length..] == baseVersion)
                throw Pseudo(version,
                    $"tag ({tag}) found on revision {shortRev} is already canonical, so should not be replaced with a pseudo-version derived from that tag");
        }

        string? lastTag = null;
        bool ancestorFound = false;
        foreach (var (tag, sha) in tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!tag.StartsWith(_tagPrefix, StringComparison.Ordinal)) continue;
            string v = tag[_tagPrefix.Length..];
            if (!Semver.IsValid(v) || Semver.Compare(v, baseVersion) != 0) continue;
            lastTag = tag;
            if (DescendsFrom(repo, commit, sha)) { ancestorFound = true; break; }
        }
        if (lastTag is null) throw Pseudo(version, $"preceding tag ({baseVersion}) not found");
        if (!ancestorFound) throw Pseudo(version, $"revision {rev} is not a descendent of preceding tag ({lastTag})");
    }

    private ModuleException Pseudo(string version, string why) =>
        new(DiagnosticCodes.PseudoVersionMismatch, $"{_path}@{version}: invalid pseudo-version: {why}");
}
