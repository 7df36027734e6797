using ModuleSdk.Resolution;

namespace ModuleSdk.Building;

/// <summary>
/// What a build of the main module needs from a restore: the main module, the module paths its
/// <c>module.mod</c> requires, and every other module of the build list, sorted by path.
/// </summary>
/// <param name="Main">The main module.</param>
/// <param name="Requires">The module paths the main module requires (direct and indirect lines), sorted.</param>
/// <param name="Modules">The build list without the main module, sorted by path.</param>
/// <param name="SumsAdded">Whether lines were added to <c>module.sum</c>.</param>
public sealed record ResolvedBuild(MainModule Main, IReadOnlyList<string> Requires, IReadOnlyList<ResolvedModule> Modules, bool SumsAdded)
{
    /// <summary>Finds the module of the build list with <paramref name="path"/>; null when it is not there.</summary>
    public ResolvedModule? Find(string path) => Modules.FirstOrDefault(m => m.Module.Path == path);

    /// <summary>How long loading the graph and running MVS took (module files fetched on the way included).</summary>
    public TimeSpan GraphTime { get; init; }

    /// <summary>How long fetching the build list's zips took: download, checks, hashing and extraction.</summary>
    public TimeSpan FetchTime { get; init; }
}
