using ModuleSdk.ModFile;
using ModuleSdk.Modules;

namespace ModuleSdk.Resolution;

/// <summary>
/// Writes a new requirement list into the main module's file, in Go's layout: direct
/// requirements in one block, indirect ones (marked <c>// indirect</c>) in another, comments kept.
/// </summary>
internal static class RequirementWriter
{
    /// <summary>
    /// Replaces the requirements of <paramref name="file"/> with <paramref name="requirements"/>;
    /// a path is direct when <paramref name="isDirect"/> says so.
    /// </summary>
    public static void Apply(ModuleFile file, IReadOnlyList<ModuleId> requirements, Func<string, bool> isDirect)
    {
        var list = requirements
            .Where(m => m.Version != Mvs.ModuleVersionOrder.None && m.Version.Length > 0)
            .OrderBy(m => m.Path, StringComparer.Ordinal)
            .Select(m => new Require { Mod = m, Indirect = !isDirect(m.Path) })
            .ToList();
        file.SetRequireSeparateIndirect(list);
        file.Cleanup();
    }
}
