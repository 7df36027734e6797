using System.Xml.Linq;
using ModuleSdk.BuildInfo;
using ModuleSdk.Building;
using ModuleSdk.Cache;
using ModuleSdk.Modules;

namespace ModuleSdk.Tasks;

/// <summary>
/// Writes what a build needs from a restore, as files (a build evaluation never sees items a
/// restore added in memory): the main project's <c>obj/modulesdk/modules.props</c> and, in each
/// module's copy under <c>obj/modules/</c>, <c>.modulesdk/dependency.props</c>. Each props file
/// holds the ProjectReferences to the selected versions of the modules its module.mod requires
/// and the module build information to stamp; Sdk.targets imports it explicitly.
/// </summary>
internal sealed class BuildFiles
{
    public const string StateFolder = "modulesdk";
    public const string ModulesFolder = "modules";
    public const string MainPropsName = "modules.props";
    public const string ReferencesName = "references.txt";
    public const string DependencyPropsPath = ".modulesdk/dependency.props";

    private static readonly HashSet<string> SkipInReplacementDirectories = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", ".git", ".vs" };

    private readonly string _intermediate;
    private readonly Dictionary<string, (ResolvedModule Module, string Copy, IReadOnlyList<string> Projects)> _copies = new(StringComparer.Ordinal);

    private readonly bool _vendored;

    /// <summary>Files under <paramref name="intermediateDirectory"/>; <paramref name="vendored"/> when the modules' trees are in <c>vendor/</c>.</summary>
    public BuildFiles(string intermediateDirectory, bool vendored = false)
    {
        _intermediate = Path.GetFullPath(intermediateDirectory);
        _vendored = vendored;
    }

    public string StateDirectory => Path.Combine(_intermediate, StateFolder);

    /// <summary>The modules without a project at their root (nothing can reference them).</summary>
    public List<string> ModulesWithoutProject { get; } = [];

    /// <summary>
    /// Writes every file for <paramref name="build"/>; returns the main project's references.
    /// Fails before writing any props file when two assemblies of the build would share a name
    /// (<paramref name="mainAssemblyName"/> is the main project's own).
    /// </summary>
    public IReadOnlyList<string> Write(ResolvedBuild build, string? mainAssemblyName)
    {
        foreach (var m in build.Modules)
        {
            var actual = m.Actual;
            bool directory = actual.Version.Length == 0;
            string name = PathEscaping.EscapePath(m.Module.Path).Replace('/', Path.DirectorySeparatorChar) + "@" +
                (directory ? "dir" : PathEscaping.EscapeVersion(actual.Version));
            if (m.Replacement is { Version.Length: > 0 } r && r.Path != m.Module.Path)
                name = PathEscaping.EscapePath(r.Path).Replace('/', Path.DirectorySeparatorChar) + "@" + PathEscaping.EscapeVersion(r.Version);
            string copy = Path.Combine(_intermediate, ModulesFolder, name);
            // A cached version never changes, so its copy is reused; a replacement directory is the user's working tree and is copied again.
            // A vendored tree is the user's (re-vendoring may change it under the same version): copied again, without the modules vendored inside it.
            TreeCopy.Mirror(m.Directory, copy, refresh: directory || _vendored, directory ? SkipInReplacementDirectories : null, skipNestedModules: _vendored);
            var projects = Directory.GetFiles(copy, "*.csproj").Order(StringComparer.Ordinal).ToList();
            if (projects.Count == 0) ModulesWithoutProject.Add(m.Module.Path);
            _copies[m.Module.Path] = (m, copy, projects);
        }
        AssemblyNames.EnsureDistinct(build.Main, mainAssemblyName, _copies.Values.SelectMany(c => c.Projects.Select(p => (c.Module, p))));
        foreach (var (_, (module, copy, _)) in _copies)
            WriteProps(Path.Combine(copy, DependencyPropsPath), References(module.Requires), ModuleInfo(module));

        var mainReferences = References(build.Requires);
        Directory.CreateDirectory(StateDirectory);
        WriteProps(Path.Combine(StateDirectory, MainPropsName), mainReferences, MainInfo(build));
        // Which module each project belongs to, for the usage records the build writes after compiling.
        new Usage.ModuleProjectMap(_copies.SelectMany(c => c.Value.Projects.Select(p => (c.Key, p)))).Write(Path.Combine(StateDirectory, Usage.ModuleProjectMap.FileName));
        WriteText(Path.Combine(StateDirectory, ReferencesName), string.Concat(mainReferences.Select(r => r + "\n")));
        return mainReferences;
    }

    private List<string> References(IEnumerable<string> requiredPaths)
    {
        var refs = new List<string>();
        foreach (var path in requiredPaths)
            if (_copies.TryGetValue(path, out var c)) refs.AddRange(c.Projects);
        return refs;
    }

    private static ModuleBuildInfo ModuleInfo(ResolvedModule m) =>
        new(m.Module.Path, ToBuildModule(m), [], []);

    private static ModuleBuildInfo MainInfo(ResolvedBuild build) =>
        new(build.Main.Path, new BuildModule(build.Main.Path, ModuleBuildInfo.DevelVersion), build.Modules.Select(ToBuildModule).ToList(), []);

    private static BuildModule ToBuildModule(ResolvedModule m)
    {
        if (m.Replacement is not { } r) return new BuildModule(m.Module.Path, m.Module.Version, m.Sum);
        return new BuildModule(m.Module.Path, m.Module.Version, "",
            new BuildModule(r.Path, r.Version.Length == 0 ? ModuleBuildInfo.DevelVersion : r.Version, m.Sum));
    }

    private static void WriteProps(string file, IReadOnlyList<string> references, ModuleBuildInfo info)
    {
        XNamespace ns = "";
        var doc = new XDocument(
            new XComment(" Written by ModuleSdk restore: the module versions the main build list selected. Do not edit. "),
            new XElement("Project",
                new XElement("PropertyGroup",
                    new XElement("ModuleSdkModulePath", MSBuildText.Escape(info.Main.Path)),
                    new XElement("ModuleSdkModuleVersion", MSBuildText.Escape(info.Main.Version)),
                    new XElement("ModuleSdkBuildInfo", MSBuildText.Escape(info.ToString()))),
                new XElement("ItemGroup",
                    references.Select(r => new XElement("ProjectReference",
                        new XAttribute("Include", MSBuildText.Escape(r)),
                        new XAttribute("ModuleSdkGenerated", "true"))))));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        // Atomic replace: the copy's files may be hard links into the cache, and a rename never writes through one.
        WriteText(file, doc.ToString() + "\n");
    }

    // Atomic but not synced: these files are regenerated from module.mod and module.sum and are
    // trusted only through restore.hash, which is written after them and synced. Syncing each of
    // them was nearly all of a cold restore's "module copies and props" time (52 synced writes
    // about 300 ms against 20 ms unsynced on this machine's ext4; bench/sdk/run.sh).
    private static void WriteText(string file, string contents) => AtomicFile.WriteAllText(file, contents, durable: false);
}
