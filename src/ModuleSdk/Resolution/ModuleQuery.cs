using System.Collections.Concurrent;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;
using ModuleSdk.Mvs;

namespace ModuleSdk.Resolution;

/// <summary>
/// Version queries as the go command understands them (Go's <c>modload.Query</c>):
/// <c>latest</c>, <c>upgrade</c>, <c>patch</c>, a version prefix (<c>v1</c>, <c>v1.2</c>), a
/// comparison (<c>&lt;v1.2.3</c>, <c>&gt;=v1.2</c>), an exact version, or a revision (branch,
/// commit hash). Versions the main module excludes are never chosen; retracted versions (from
/// the <c>retract</c> directives of the module's latest version) are chosen only by an exact query.
/// </summary>
public sealed class ModuleQuery
{
    /// <summary>The highest allowed release, else prerelease, else the source's latest revision.</summary>
    public const string Latest = "latest";

    /// <summary>Like <see cref="Latest"/>, but never below the current version.</summary>
    public const string Upgrade = "upgrade";

    /// <summary>The highest allowed version with the current major.minor.</summary>
    public const string Patch = "patch";

    private readonly ModuleLoader _loader;
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<ModuleSummary?>>> _latestSummary = new(StringComparer.Ordinal);

    internal ModuleQuery(ModuleLoader loader) => _loader = loader;

    /// <summary>The tagged versions the source knows, sorted (cached for this run).</summary>
    public Task<IReadOnlyList<string>> VersionsAsync(string path, CancellationToken cancellationToken) =>
        _versions.GetOrAdd(path, p => new Lazy<Task<IReadOnlyList<string>>>(async () =>
        {
            try
            {
                return await _loader.Source.VersionsAsync(p, "", CancellationToken.None).ConfigureAwait(false);
            }
            catch (ModuleNotFoundException)
            {
                return [];
            }
        })).Value.WaitAsync(cancellationToken);

    /// <summary>The versions neither excluded nor retracted, sorted.</summary>
    public async Task<IReadOnlyList<string>> AllowedVersionsAsync(string path, CancellationToken cancellationToken)
    {
        var versions = await VersionsAsync(path, cancellationToken).ConfigureAwait(false);
        var result = new List<string>(versions.Count);
        foreach (var v in versions)
            if (await IsAllowedAsync(path, v, cancellationToken).ConfigureAwait(false)) result.Add(v);
        return result;
    }

    /// <summary>
    /// The module file summary of the latest version of <paramref name="path"/> (release if any,
    /// else prerelease, exclusions ignored), whose retractions and deprecation apply to every
    /// version, as Go reads them. Null when the module has no versions.
    /// </summary>
    public Task<ModuleSummary?> LatestSummaryAsync(string path, CancellationToken cancellationToken) =>
        _latestSummary.GetOrAdd(path, p => new Lazy<Task<ModuleSummary?>>(async () =>
        {
            var versions = await VersionsAsync(p, CancellationToken.None).ConfigureAwait(false);
            // Like Go (queryLatestVersionIgnoringRetractions), the latest version is chosen
            // ignoring exclusions and retractions, but not the +incompatible rule.
            string? latest;
            try
            {
                latest = Highest(await DropIncompatibleAsync(p, versions, preferIncompatible: false, CancellationToken.None).ConfigureAwait(false));
            }
            catch (ModuleException)
            {
                return null;
            }
            if (latest is null) return null;
            try
            {
                return await _loader.SummaryAsync(new ModuleId(p, latest), CancellationToken.None).ConfigureAwait(false);
            }
            catch (ModuleException)
            {
                // Go ignores errors loading retractions; the module stays usable.
                return null;
            }
        })).Value.WaitAsync(cancellationToken);

    /// <summary>The retraction that covers <paramref name="version"/>, or null.</summary>
    public async Task<ModFile.Retract?> RetractionAsync(string path, string version, CancellationToken cancellationToken)
    {
        var summary = await LatestSummaryAsync(path, cancellationToken).ConfigureAwait(false);
        return summary?.RetractionOf(version);
    }

    /// <summary>
    /// The modules of <paramref name="modules"/> whose versions are retracted, with the
    /// rationale (<c>""</c> when the retraction gives none), for warnings after <c>get</c> as
    /// the go command prints them.
    /// </summary>
    public async Task<IReadOnlyList<(ModuleId Module, string Rationale)>> RetractedAsync(IEnumerable<ModuleId> modules, CancellationToken cancellationToken)
    {
        var result = new List<(ModuleId, string)>();
        foreach (var m in modules)
        {
            if (m.Version.Length == 0 || m.Version == Mvs.ModuleVersionOrder.None) continue;
            var r = await RetractionAsync(m.Path, m.Version, cancellationToken).ConfigureAwait(false);
            if (r is not null) result.Add((m, r.Rationale));
        }
        return result;
    }

    private async Task<bool> IsAllowedAsync(string path, string version, CancellationToken cancellationToken) =>
        !_loader.Index.IsExcluded(new ModuleId(path, version))
        && await RetractionAsync(path, version, cancellationToken).ConfigureAwait(false) is null;

    /// <summary>
    /// Resolves <paramref name="query"/> for <paramref name="path"/>; <paramref name="current"/>
    /// is the version in the build list (<c>""</c> or <c>none</c> when absent).
    /// </summary>
    public async Task<RevInfo> QueryAsync(string path, string query, string current, CancellationToken cancellationToken)
    {
        ModulePath.CheckPath(path);
        if (current == ModuleVersionOrder.None) current = "";
        if (query.Length == 0) query = Latest;

        if (Semver.IsValid(query) && ModuleVersion.Canonical(query) == query)
        {
            if (_loader.Index.IsExcluded(new ModuleId(path, query)))
                throw new ModuleException(DiagnosticCodes.NoMatchingVersion, $"{path}@{query}: excluded by the main module's {MainModule.ModFileName}");
            return await StatAsync(path, query, cancellationToken).ConfigureAwait(false);
        }

        Func<string, bool> filter;
        bool preferLowest = false;
        switch (query)
        {
            case Latest:
                filter = _ => true;
                break;
            case Upgrade:
                filter = _ => true;
                break;
            case Patch:
                if (current.Length == 0) goto case Latest;
                string mm = Semver.MajorMinor(current) + ".";
                filter = v => v.StartsWith(mm, StringComparison.Ordinal);
                break;
            default:
                if (TryComparison(query, out var op, out var bound))
                {
                    filter = op switch
                    {
                        "<" => v => Semver.Compare(v, bound) < 0,
                        "<=" => v => Semver.Compare(v, bound) <= 0,
                        ">" => v => Semver.Compare(v, bound) > 0,
                        _ => v => Semver.Compare(v, bound) >= 0,
                    };
                    preferLowest = op[0] == '>';
                }
                else if (Semver.IsValid(query) && Semver.Prerelease(query).Length == 0 && Semver.Build(query).Length == 0 && query.Count('.') < 2)
                {
                    // "v1.2" means v1.2.*, but never below v1.2.0: its prereleases stay out (Go issue 31972).
                    string prefix = query + ".";
                    filter = v => v.StartsWith(prefix, StringComparison.Ordinal) && Semver.Compare(v, query) >= 0;
                }
                else if (Semver.IsValid(query))
                {
                    // A valid but non-canonical version (v1.2.3+meta): ask for it as written.
                    return await StatAsync(path, query, cancellationToken).ConfigureAwait(false);
                }
                else if (query.StartsWith('<') || query.StartsWith('>'))
                {
                    throw new ModuleException(DiagnosticCodes.InvalidQuery,
                        $"invalid version query {ModulePath.Quote(query)}: the bound must be a semantic version such as v1.2.3");
                }
                else
                {
                    // A branch, tag or commit: the source resolves it (to a pseudo-version for commits).
                    return await StatAsync(path, query, cancellationToken).ConfigureAwait(false);
                }
                break;
        }

        var allowed = await AllowedVersionsAsync(path, cancellationToken).ConfigureAwait(false);
        var candidates = await DropIncompatibleAsync(path, allowed.Where(filter).ToList(),
            preferIncompatible: current.EndsWith(ModuleVersion.Incompatible, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
        string? chosen = preferLowest ? Lowest(candidates) : Highest(candidates);

        if (query is Upgrade or Patch && current.Length > 0)
        {
            // Never downgrade: a current pseudo-version or prerelease newer than every tag stays.
            if (chosen is null || Semver.Compare(current, chosen) > 0)
                return await StatAsync(path, current, cancellationToken).ConfigureAwait(false);
        }

        if (chosen is not null) return await StatAsync(path, chosen, cancellationToken).ConfigureAwait(false);

        if (query is Latest or Upgrade && (await VersionsAsync(path, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            // No tags at all: the source's idea of latest (a pseudo-version of the default branch).
            var latest = await _loader.Source.LatestAsync(path, cancellationToken).ConfigureAwait(false);
            if (!_loader.Index.IsExcluded(new ModuleId(path, latest.Version))) return latest;
        }
        throw new ModuleException(DiagnosticCodes.NoMatchingVersion, $"module {path}: no matching versions for query {ModulePath.Quote(query)}");
    }

    /// <summary>
    /// Go's <c>queryMatcher.filterVersions</c>: walking the matching versions in order, once a
    /// <c>+incompatible</c> version follows a compatible one whose module file is real (not the
    /// one a proxy synthesizes for a module without any), that version and all above it are
    /// dropped: the author supports modules, so <c>latest</c> does not jump to a legacy major
    /// (golang.org/issue/34165). Unless the current version is itself <c>+incompatible</c>.
    /// </summary>
    private async Task<List<string>> DropIncompatibleAsync(
        string path, IReadOnlyList<string> sortedMatching, bool preferIncompatible, CancellationToken cancellationToken)
    {
        var result = new List<string>(sortedMatching.Count);
        string? lastCompatible = null;
        bool needIncompatible = preferIncompatible;
        foreach (var v in sortedMatching)
        {
            if (!needIncompatible)
            {
                if (!v.EndsWith(ModuleVersion.Incompatible, StringComparison.Ordinal)) lastCompatible = v;
                else if (lastCompatible is not null)
                {
                    if (await HasModFileAsync(path, lastCompatible, cancellationToken).ConfigureAwait(false)) break;
                    needIncompatible = true;
                }
            }
            result.Add(v);
        }
        return result;
    }

    // Go's versionHasGoMod: the module file is not the synthesized "module <path>\n".
    private async Task<bool> HasModFileAsync(string path, string version, CancellationToken cancellationToken)
    {
        var actual = _loader.Index.Resolve(new ModuleId(path, version));
        if (actual.Version.Length == 0) return true; // a directory replacement always has one
        var data = await _loader.Fetcher.GetModAsync(actual, cancellationToken).ConfigureAwait(false);
        return !data.AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes("module " + GoQuote.AutoQuote(path) + "\n"));
    }

    private async Task<RevInfo> StatAsync(string path, string version, CancellationToken cancellationToken) =>
        await _loader.Fetcher.GetInfoAsync(path, version, cancellationToken).ConfigureAwait(false);

    private static bool TryComparison(string query, out string op, out string bound)
    {
        op = bound = "";
        foreach (var o in new[] { "<=", ">=", "<", ">" })
        {
            if (!query.StartsWith(o, StringComparison.Ordinal)) continue;
            bound = query[o.Length..];
            op = o;
            return Semver.IsValid(bound);
        }
        return false;
    }

    /// <summary>The highest release among <paramref name="versions"/>, else the highest prerelease.</summary>
    internal static string? Highest(IReadOnlyList<string> versions)
    {
        string? release = null, pre = null;
        foreach (var v in versions)
        {
            if (Semver.Prerelease(v).Length == 0) { if (release is null || Semver.Compare(v, release) > 0) release = v; }
            else if (pre is null || Semver.Compare(v, pre) > 0) pre = v;
        }
        return release ?? pre;
    }

    /// <summary>The lowest release among <paramref name="versions"/>, else the lowest prerelease.</summary>
    internal static string? Lowest(IReadOnlyList<string> versions)
    {
        string? release = null, pre = null;
        foreach (var v in versions)
        {
            if (Semver.Prerelease(v).Length == 0) { if (release is null || Semver.Compare(v, release) < 0) release = v; }
            else if (pre is null || Semver.Compare(v, pre) < 0) pre = v;
        }
        return release ?? pre;
    }
}
