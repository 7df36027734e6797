using System.Text;
using ModuleSdk.IO;

namespace ModuleSdk.Projects;

/// <summary>
/// Which module each module project of a restore belongs to, written by restore beside its
/// other outputs (<c>obj/modulesdk/module-projects.txt</c>, one <c>module-path TAB project</c>
/// line each) so the build can turn the assemblies a compilation used back into modules.
/// </summary>
public sealed class ModuleProjectMap
{
    /// <summary>The file's name under <c>obj/modulesdk/</c>.</summary>
    public const string FileName = "module-projects.txt";

    private readonly Dictionary<string, string> _moduleByProject;

    /// <summary>Creates a map from (module path, project file) pairs.</summary>
    public ModuleProjectMap(IEnumerable<(string Module, string Project)> entries)
    {
        _moduleByProject = new Dictionary<string, string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var (module, project) in entries) _moduleByProject[Path.GetFullPath(project)] = module;
    }

    /// <summary>The module <paramref name="project"/> belongs to, or null for a project of no module (the main module's own).</summary>
    public string? ModuleOf(string project) => _moduleByProject.GetValueOrDefault(Path.GetFullPath(project));

    /// <summary>Writes the map atomically.</summary>
    public void Write(string file)
    {
        var b = new StringBuilder();
        foreach (var (project, module) in _moduleByProject.OrderBy(e => e.Key, StringComparer.Ordinal))
            b.Append(module).Append('\t').Append(project).Append('\n');
        AtomicFile.WriteAllText(file, b.ToString());
    }

    /// <summary>Reads a map written by <see cref="Write"/>; lines without a tab are skipped.</summary>
    public static ModuleProjectMap Read(string file) =>
        new(File.ReadAllLines(file)
            .Select(l => l.Split('\t', 2))
            .Where(p => p.Length == 2 && p[0].Length > 0 && p[1].Length > 0)
            .Select(p => (p[0], p[1])));
}
