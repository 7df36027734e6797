using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Projects;

/// <summary>
/// Project paths, .NET's import paths: module path + directory inside the module, naming the one
/// project file in that directory (or a project file path; a bare module path names the project
/// at the module's root). As Go finds a package's module, the longest module path of the build
/// list that is a prefix of the project path names the module.
/// </summary>
public static class ProjectPaths
{
    /// <summary>The project file extensions a project path can name.</summary>
    public static readonly IReadOnlyList<string> ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

    /// <summary>
    /// The longest of <paramref name="modulePaths"/> that is <paramref name="projectPath"/> or a
    /// path-element prefix of it; null when none is.
    /// </summary>
    public static string? ProvidingModule(string projectPath, IEnumerable<string> modulePaths)
    {
        string? best = null;
        foreach (var m in modulePaths)
            if (IsWithin(projectPath, m) && (best is null || m.Length > best.Length)) best = m;
        return best;
    }

    /// <summary>Whether <paramref name="projectPath"/> is <paramref name="modulePath"/> or lies under it.</summary>
    public static bool IsWithin(string projectPath, string modulePath) =>
        projectPath == modulePath ||
        (projectPath.Length > modulePath.Length && projectPath.StartsWith(modulePath, StringComparison.Ordinal) && projectPath[modulePath.Length] == '/');

    /// <summary>
    /// The path prefixes of <paramref name="projectPath"/> that could be module paths, longest
    /// first: the candidates <c>go get</c> tries for a package path.
    /// </summary>
    public static IReadOnlyList<string> CandidateModules(string projectPath)
    {
        var candidates = new List<string>();
        for (string p = projectPath; ; p = p[..p.LastIndexOf('/')])
        {
            if (ModulePath.IsValidPath(p)) candidates.Add(p);
            if (!p.Contains('/')) break;
        }
        return candidates;
    }

    /// <summary>Checks the syntax of an item's project path (Go's import path rules); <see cref="DiagnosticCodes.InvalidProjectPath"/> otherwise.</summary>
    public static void Check(ModuleReferenceItem item)
    {
        string? problem = item.ProjectPath.Length == 0 ? "empty path"
            : item.ProjectPath.Contains('\\') ? "backslash in path (project paths use '/')"
            : null;
        if (problem is null)
        {
            try
            {
                ModulePath.CheckImportPath(item.ProjectPath);
            }
            catch (ModuleException e)
            {
                problem = e.Message;
            }
        }
        if (problem is not null)
            throw new ModuleException(DiagnosticCodes.InvalidProjectPath,
                $"ModuleReference \"{item.ProjectPath}\": {problem}; " +
                "write a module path and the directory of a project in it, e.g. github.com/owner/repo/src/Project",
                item.File, item.Line, item.Column);
    }

    /// <summary>
    /// The project file <paramref name="item"/> names in the module at <paramref name="modulePath"/>,
    /// whose tree is <paramref name="moduleDirectory"/>: the rest of the path is a directory with
    /// exactly one project file, or a project file. Fails with
    /// <see cref="DiagnosticCodes.ModuleProjectNotFound"/> at the item otherwise.
    /// </summary>
    public static string ProjectFile(ModuleReferenceItem item, string modulePath, string moduleDirectory)
    {
        string rest = item.ProjectPath.Length == modulePath.Length ? "" : item.ProjectPath[(modulePath.Length + 1)..];
        string target = rest.Length == 0 ? moduleDirectory : Path.Combine(moduleDirectory, rest.Replace('/', Path.DirectorySeparatorChar));
        if (ProjectExtensions.Contains(Path.GetExtension(rest), StringComparer.OrdinalIgnoreCase) && File.Exists(target))
            return Path.GetFullPath(target);
        string where = rest.Length == 0 ? "at its root" : $"in {rest}/";
        if (!Directory.Exists(target))
            throw NotFound(item, modulePath, $"has no directory {rest}");
        var projects = ProjectsIn(target);
        if (projects.Count == 1) return Path.GetFullPath(projects[0]);
        if (projects.Count == 0)
            throw NotFound(item, modulePath, $"has no project file {where}");
        throw NotFound(item, modulePath,
            $"has {projects.Count} project files {where} ({string.Join(", ", projects.Select(Path.GetFileName))}); " +
            $"name one: {item.ProjectPath}/{Path.GetFileName(projects[0])}");
    }

    /// <summary>The project files directly in <paramref name="directory"/>, sorted.</summary>
    public static IReadOnlyList<string> ProjectsIn(string directory) =>
        Directory.EnumerateFiles(directory)
            .Where(f => ProjectExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Go's error for an import no module of the build list provides, with <c>dotnet mod get</c>
    /// as the fix (<see cref="DiagnosticCodes.NoModuleProvidesProject"/>).
    /// </summary>
    public static ModuleException NoModuleProvides(ModuleReferenceItem item) =>
        new(DiagnosticCodes.NoModuleProvidesProject,
            $"no required module provides package {item.ProjectPath}; to add it:\n\tdotnet mod get {item.ProjectPath}",
            item.File, item.Line, item.Column);

    private static ModuleException NotFound(ModuleReferenceItem item, string modulePath, string problem) =>
        new(DiagnosticCodes.ModuleProjectNotFound,
            $"ModuleReference \"{item.ProjectPath}\": module {modulePath} {problem}; " +
            "name a directory of the module holding one project file, or a project file",
            item.File, item.Line, item.Column);
}
