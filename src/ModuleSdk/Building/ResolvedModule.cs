using ModuleSdk.Modules;

namespace ModuleSdk.Building;

/// <summary>
/// One module of a build list as the build needs it: the version MVS selected, what it was
/// replaced by (if anything), where its source tree is, its <c>h1:</c> hash and the paths of the
/// modules its own <c>module.mod</c> requires (whose selected versions it is compiled against).
/// </summary>
/// <param name="Module">The selected module version (before replacement).</param>
/// <param name="Replacement">The replacement in force, or null; a directory replacement has an empty version.</param>
/// <param name="Directory">The source tree: the cache directory, or the replacement directory.</param>
/// <param name="Sum">The <c>h1:</c> hash of the module zip actually used; empty for a directory replacement.</param>
/// <param name="Requires">The module paths required by this module's own <c>module.mod</c>, sorted, without duplicates.</param>
public sealed record ResolvedModule(ModuleId Module, ModuleId? Replacement, string Directory, string Sum, IReadOnlyList<string> Requires)
{
    /// <summary>The module whose files are built: the replacement, or the module itself.</summary>
    public ModuleId Actual => Replacement ?? Module;

    /// <summary>Where the source came from (repository and commit), when the module's <c>.info</c> records it.</summary>
    public SourceOrigin? Origin { get; init; }
}
