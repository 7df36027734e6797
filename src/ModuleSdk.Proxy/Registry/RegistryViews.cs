using ModuleSdk.Modules;

namespace ModuleSdk.Proxy.Registry;

/// <summary>One search result.</summary>
public sealed record SearchHit(string Path, string? Latest, string Description, int UsedBy, string Url);

/// <summary>The search page (<c>/?q=</c>) and its JSON twin.</summary>
/// <param name="Query">The query.</param>
/// <param name="Total">How many modules match (more than <see cref="Results"/> holds when cut).</param>
/// <param name="Complete">False while the start-up scan of storage is still running.</param>
/// <param name="Results">The best matches.</param>
public sealed record SearchView(string Query, int Total, bool Complete, IReadOnlyList<SearchHit> Results);

/// <summary>One row of a module's version list.</summary>
public sealed record VersionRow(string Version, DateTimeOffset? Time, bool Pseudo, bool Prerelease, bool Incompatible, bool Retracted,
    string? Rationale, string Score, string ModFile, string Url);

/// <summary>A requirement, linked to its module page when this registry stores it.</summary>
public sealed record Requirement(string Path, string Version, string? Url);

/// <summary>Copy-paste lines for using a version.</summary>
public sealed record InstallLines(string DotnetModGet, string ModuleReference, string ModuleSum, string ModuleSumMod);

/// <summary>The module page (<c>/&lt;module path&gt;</c>) and its JSON twin.</summary>
public sealed record ModuleView(
    string Path,
    string? Latest,
    string Description,
    IReadOnlyList<VersionRow> Versions,
    IReadOnlyList<RetractionFact> Retractions,
    IReadOnlyList<Requirement> Requires,
    int UsedByCount,
    IReadOnlyList<string> UsedBy,
    string? ReadmeName,
    string? ReadmeHtml,
    InstallLines? Install,
    Scorecard? Scorecard);

/// <summary>The version page (<c>/&lt;module path&gt;@&lt;version&gt;</c>) and its JSON twin.</summary>
public sealed record VersionView(
    string Path,
    string Version,
    DateTimeOffset? Time,
    bool IsLatest,
    string? Latest,
    bool Incompatible,
    RetractionFact? Retraction,
    string? ZipHash,
    string ModHash,
    long ZipBytes,
    IReadOnlyList<FileFact> Files,
    string ModFile,
    IReadOnlyList<Requirement> Requires,
    Scorecard Scorecard,
    InstallLines Install,
    string? Problem);

/// <summary>Builds the views from the index.</summary>
public static class RegistryViews
{
    /// <summary>The module page's URL.</summary>
    public static string ModuleUrl(string path) => "/" + path;

    /// <summary>The version page's URL.</summary>
    public static string VersionUrl(string path, string version) => "/" + path + "@" + version;

    /// <summary>The copy-paste lines for <paramref name="facts"/>.</summary>
    public static InstallLines Install(VersionFacts facts) => new(
        $"dotnet mod get {facts.Path}@{facts.Version}",
        $"<ModuleReference Include=\"{facts.Path}\" />",
        facts.ZipHash is { Length: > 0 } h ? $"{facts.Path} {facts.Version} {h}" : "",
        $"{facts.Path} {facts.Version}/module.mod {facts.ModHash}");

    /// <summary>The module view: every version's facts come from the index's cache.</summary>
    public static async Task<ModuleView> ModuleAsync(RegistryIndex index, ModuleEntry entry, Func<string, bool> visible, CancellationToken ct)
    {
        var rows = new List<VersionRow>(entry.Versions.Count);
        foreach (var v in entry.Versions)
        {
            var f = await index.FactsAsync(entry.Path, v, ct).ConfigureAwait(false);
            var retraction = entry.RetractionOf(v);
            var score = f is null ? null : Scorecard.For(f, retraction);
            rows.Add(new VersionRow(v, f?.Time, PseudoVersion.IsPseudoVersion(v), Semver.IsPrerelease(v) && !PseudoVersion.IsPseudoVersion(v),
                v.EndsWith("+incompatible", StringComparison.Ordinal), retraction is not null, retraction?.Rationale,
                score is null ? "" : $"{score.Passed}/{score.Total}", f?.ModText ?? "", VersionUrl(entry.Path, v)));
        }
        var latest = entry.LatestFacts;
        // Counted among the modules this client may see: a private dependent is not even a number.
        var usedBy = index.UsedBy(entry.Path, int.MaxValue).Where(visible).ToList();
        return new ModuleView(
            entry.Path, entry.Latest, entry.Description, rows, entry.Retractions,
            Requirements(index, latest, visible),
            usedBy.Count, usedBy.Take(100).ToList(),
            latest?.ReadmeName, latest?.ReadmeHtml,
            latest is null ? null : Install(latest),
            latest is null ? null : Scorecard.For(latest, entry.RetractionOf(latest.Version)));
    }

    /// <summary>The version view.</summary>
    public static VersionView Version(RegistryIndex index, ModuleEntry entry, VersionFacts f, Func<string, bool> visible)
    {
        var retraction = entry.RetractionOf(f.Version);
        return new VersionView(f.Path, f.Version, f.Time, entry.Latest == f.Version, entry.Latest, f.IsIncompatible, retraction,
            f.ZipHash, f.ModHash, f.ZipBytes, f.Files, f.ModText, Requirements(index, f, visible),
            Scorecard.For(f, retraction), Install(f), f.Problem);
    }

    private static IReadOnlyList<Requirement> Requirements(RegistryIndex index, VersionFacts? f, Func<string, bool> visible) =>
        (f?.Requires ?? []).Select(r => new Requirement(r.Path, r.Version, index.IsKnown(r.Path) && visible(r.Path) ? ModuleUrl(r.Path) : null)).ToList();
}
