using ModuleSdk.Projects;

namespace ModuleSdk.Usage;

/// <summary>
/// The <c>ModuleReference</c> items of a main module's projects, read from the project files as
/// Go's tidy reads imports from sources: each names a project of a module the module uses,
/// whether or not a build has recorded it yet (a new item fails restore until the module is
/// required, so no record can show it).
/// </summary>
public static class ModuleReferenceUses
{
    /// <summary>The items of every ModuleSdk project of the module rooted at <paramref name="moduleRoot"/> (<see cref="MainModuleProjects.Find"/>).</summary>
    public static IReadOnlyList<ModuleReferenceItem> Collect(string moduleRoot) =>
        MainModuleProjects.Find(moduleRoot).SelectMany(ModuleReferenceItem.ReadFrom).ToList();
}
