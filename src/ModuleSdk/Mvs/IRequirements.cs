using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

/// <summary>
/// The requirement graph Minimal Version Selection runs on: Go's <c>mvs.Reqs</c>. Versions are
/// opaque to the algorithms except for <see cref="ModuleVersionOrder.None"/>; every comparison goes
/// through <see cref="Max"/>.
/// </summary>
/// <remarks>
/// Implementations must be safe to call from several threads at once: <see cref="Required"/> may
/// read module files over the network, so the algorithms load requirements in parallel to overlap
/// those delays. This is the seam where the module loader applies the main module's excludes and
/// replacements, as Go's <c>modload</c> does; the algorithms themselves know nothing of them.
/// </remarks>
public interface IRequirements
{
    /// <summary>
    /// Returns the module versions that <paramref name="module"/> itself requires, in the order
    /// its module file lists them (that order is what <see cref="ModuleGraph.Edges"/> prints).
    /// Failures are thrown; the algorithms add the requirement chain that led to the module.
    /// Callers do not modify the returned list.
    /// </summary>
    IReadOnlyList<ModuleId> Required(ModuleId module);

    /// <summary>
    /// Returns the greater of two versions, which must be one of the two arguments.
    /// <c>Max(v, "none")</c> is <c>v</c> for every <c>v</c>, and the version of a target passed to
    /// the algorithms (<c>""</c> for the main module) is above every other version of its path.
    /// <c>v1 &lt; v2</c> is written <c>Max(v1, v2) != v1</c>.
    /// The default is <see cref="ModuleVersionOrder.Max"/>: semantic versions, <c>"none"</c>
    /// lowest, <c>""</c> highest.
    /// </summary>
    string Max(string v1, string v2) => ModuleVersionOrder.Max(v1, v2);
}
