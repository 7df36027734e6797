namespace ModuleSdk.Usage;

/// <summary>
/// The projects of a main module and the files whose change makes their usage records stale.
/// A project belongs to the main module when it lies under the module root, outside
/// <c>obj/</c>, <c>bin/</c>, <c>vendor/</c>, hidden directories and nested modules (directories
/// with their own <c>module.mod</c>), and builds with ModuleSdk (projects on another SDK never
/// reference modules).
/// </summary>
public static class MainModuleProjects
{
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.OrdinalIgnoreCase) { "obj", "bin", "vendor", "node_modules" };

    // Inputs of a compilation as far as tidy can tell without evaluating the project: sources,
    // project and import files. Anything else (README, data) does not change what is referenced.
    private static readonly HashSet<string> InputExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".csproj", ".props", ".targets", ".razor", ".cshtml", ".xaml", ".resx",
    };

    /// <summary>The project files of the module rooted at <paramref name="moduleRoot"/>, sorted.</summary>
    public static IReadOnlyList<string> Find(string moduleRoot)
    {
        var projects = new List<string>();
        foreach (var dir in Directories(moduleRoot, moduleRoot))
            foreach (var file in Directory.EnumerateFiles(dir, "*.csproj"))
                if (UsesModuleSdk(file)) projects.Add(Path.GetFullPath(file));
        projects.Sort(StringComparer.Ordinal);
        return projects;
    }

    /// <summary>
    /// The newest input of <paramref name="project"/>: its directory's sources and project
    /// files (the same exclusions as <see cref="Find"/>), and the Directory.Build.* and
    /// Directory.Packages.props files between it and the module root. Null when there is none.
    /// </summary>
    public static (string File, DateTime TimeUtc)? NewestInput(string project, string moduleRoot)
    {
        (string, DateTime)? newest = null;
        void Consider(string file)
        {
            var t = File.GetLastWriteTimeUtc(file);
            if (newest is null || t > newest.Value.Item2) newest = (file, t);
        }
        string projectDir = Path.GetDirectoryName(Path.GetFullPath(project))!;
        foreach (var dir in Directories(projectDir, moduleRoot))
            foreach (var file in Directory.EnumerateFiles(dir))
                if (InputExtensions.Contains(Path.GetExtension(file))) Consider(file);
        string root = Path.GetFullPath(moduleRoot).TrimEnd(Path.DirectorySeparatorChar);
        for (var d = Directory.GetParent(projectDir);
            d is not null && d.FullName.Length >= root.Length && d.FullName.StartsWith(root, StringComparison.Ordinal);
            d = d.Parent)
            foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
                if (File.Exists(Path.Combine(d.FullName, name))) Consider(Path.Combine(d.FullName, name));
        return newest;
    }

    /// <summary>Whether a project file names the ModuleSdk SDK (in <c>Sdk="..."</c> or an <c>&lt;Sdk&gt;</c>/<c>&lt;Import Sdk&gt;</c> element).</summary>
    public static bool UsesModuleSdk(string projectFile)
    {
        try
        {
            return File.ReadAllText(projectFile).Contains("ModuleSdk", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    // Walks start and its subdirectories, skipping build outputs, hidden directories and
    // nested modules (a directory other than the module root holding module.mod).
    private static IEnumerable<string> Directories(string start, string moduleRoot)
    {
        string root = Path.GetFullPath(moduleRoot).TrimEnd(Path.DirectorySeparatorChar);
        var todo = new Stack<string>();
        todo.Push(Path.GetFullPath(start));
        while (todo.Count > 0)
        {
            string dir = todo.Pop();
            yield return dir;
            IEnumerable<string> children;
            try { children = Directory.EnumerateDirectories(dir).ToList(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (var child in children)
            {
                string name = Path.GetFileName(child);
                if (SkippedDirectories.Contains(name) || name.StartsWith('.')) continue;
                if (child.TrimEnd(Path.DirectorySeparatorChar) != root && File.Exists(Path.Combine(child, "module.mod"))) continue;
                todo.Push(child);
            }
        }
    }
}
