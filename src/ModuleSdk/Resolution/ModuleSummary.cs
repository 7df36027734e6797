using ModuleSdk.ModFile;
using ModuleSdk.Modules;

namespace ModuleSdk.Resolution;

/// <summary>
/// What resolution needs from a dependency's module file (Go's <c>modFileSummary</c>): the path
/// it declares, its requirements, its retractions and its deprecation notice.
/// </summary>
/// <param name="ModulePath">The path on the <c>module</c> line (<c>""</c> when absent).</param>
/// <param name="Requires">The requirements in file order.</param>
/// <param name="Retractions">The retracted version intervals with their rationale.</param>
/// <param name="Deprecated">The <c>// Deprecated:</c> message, or <c>""</c>.</param>
public sealed record ModuleSummary(
    string ModulePath,
    IReadOnlyList<ModuleId> Requires,
    IReadOnlyList<Retract> Retractions,
    string Deprecated)
{
    /// <summary>Summarises a module file parsed in lax mode.</summary>
    public static ModuleSummary From(ModuleFile file) => new(
        file.Module?.Path ?? "",
        file.Require.Select(r => r.Mod).ToArray(),
        file.Retract.ToArray(),
        file.Module?.Deprecated ?? "");

    /// <summary>The retraction covering <paramref name="version"/>, or null.</summary>
    public Retract? RetractionOf(string version)
    {
        foreach (var r in Retractions)
            if (Semver.Compare(r.Low, version) <= 0 && Semver.Compare(version, r.High) <= 0) return r;
        return null;
    }
}
