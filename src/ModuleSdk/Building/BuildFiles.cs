using System.Xml.Linq;
using ModuleSdk.BuildInfo;
using ModuleSdk.IO;
using ModuleSdk.Modules;
using ModuleSdk.Projects;

namespace ModuleSdk.Building;

/// <summary>
/// Writes what a build needs from a restore, as files (a build evaluation never sees items a
/// restore added in memory): the main project's <c>obj/modulesdk/modules.props</c> and, in each
/// module's copy under <c>obj/modules/</c>, <c>.modulesdk/dependency.props</c>. Each props file
/// holds the ProjectReferences to the selected versions of the modules its module.mod requires
/// and the module build information to stamp; Sdk.targets imports it explicitly. Here is decided
/// the layout of the module copies (<c>obj/modules/&lt;escaped path&gt;@&lt;version&gt;</c>,
/// <c>@dir</c> for a directory replacement, the replacement's path and version for a module
/// replaced by another) and how a replaced module appears in the build information (Go's
/// <c>dep</c> line followed by its <c>=&gt;</c> line, the sum on the replacement).
/// </summary>
public sealed class BuildFiles
{
    /// <summary>The folder under the intermediate directory holding restore's state and the main props.</summary>
    public const string StateFolder = "modulesdk";

    /// <summary>The folder under the intermediate directory holding the module copies.</summary>
    public const string ModulesFolder = "modules";

    /// <summary>The main project's props file, in <see cref="StateFolder"/>.</summary>
    public const string MainPropsName = "modules.props";

    /// <summary>The main project's module references, one project file a line, in <see cref="StateFolder"/>.</summary>
    public const string ReferencesName = "references.txt";

    /// <summary>A copy's props file, relative to the copy.</summary>
    public const string DependencyPropsPath = ".modulesdk/dependency.props";

    private static readonly HashSet<string> SkipInReplacementDirectories = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", ".git", ".vs" };

    private readonly string _intermediate;
    private readonly Dictionary<string, (ResolvedModule Module, string Copy)> _copies = new(StringComparer.Ordinal);

    private readonly bool _vendored;

    /// <summary>Files under <paramref name="intermediateDirectory"/>; <paramref name="vendored"/> when the modules' trees are in <c>vendor/</c>.</summary>
    public BuildFiles(string intermediateDirectory, bool vendored = false)
    {
        _intermediate = Path.GetFullPath(intermediateDirectory);
        _vendored = vendored;
    }

    /// <summary>Where restore's state goes: <c>&lt;intermediate&gt;/modulesdk</c>.</summary>
    public string StateDirectory => Path.Combine(_intermediate, StateFolder);

    /// <summary>The required modules without a project at their root, when the main project uses that rule (no ModuleReference items).</summary>
    public List<string> ModulesWithoutProject { get; } = [];

    /// <summary>Warnings found on the way (MOD9022), at the item concerned.</summary>
    public List<Diagnostics.ModuleException> Warnings { get; } = [];

    /// <summary>The copies of versions no longer selected that this restore deleted.</summary>
    public IReadOnlyList<string> RemovedCopies { get; private set; } = [];

    /// <summary>
    /// Writes every file for <paramref name="build"/>; returns the main project's references:
    /// the projects its <paramref name="moduleReferences"/> name or, without any, the projects
    /// at the roots of the modules it requires. Fails before writing any props file when two
    /// assemblies of the build would share a name (<paramref name="mainAssemblyName"/> is the
    /// main project's own) or an item names no project.
    /// </summary>
    public IReadOnlyList<string> Write(ResolvedBuild build, string? mainAssemblyName, IReadOnlyList<ModuleReferenceItem>? moduleReferences = null)
    {
        moduleReferences ??= [];
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
            _copies[m.Module.Path] = (m, copy);
        }
        var projects = new ModuleProjects(_copies.ToDictionary(c => c.Key, c => (c.Value.Module, c.Value.Copy), StringComparer.Ordinal));
        var mainReferences = projects.For(moduleReferences, build.Requires);
        if (moduleReferences.Count == 0)
            ModulesWithoutProject.AddRange(build.Requires.Where(r => _copies.ContainsKey(r) && projects.RootProjects(r).Count == 0));

        // Each copy: its projects, and what each references. A project with ModuleReference items
        // gets the projects they name; one without, the root projects of its module's requirements.
        var copyProjects = new List<(ResolvedModule Module, string Project)>();
        var copyReferences = new Dictionary<string, IReadOnlyList<(string Project, IReadOnlyList<string> References)>>(StringComparer.Ordinal);
        foreach (var (path, (module, copy)) in _copies)
        {
            var perProject = new List<(string, IReadOnlyList<string>)>();
            foreach (var project in ProjectFilesIn(copy))
            {
                copyProjects.Add((module, project));
                var items = ModuleReferenceItem.ReadFrom(project);
                perProject.Add((project, items.Count == 0 ? projects.For([], module.Requires) : CopyReferences(projects, items)));
            }
            copyReferences[path] = perProject;
        }
        Warnings.AddRange(projects.Warnings);
        // Only the root projects were compiled before ModuleReference; any project of a copy may be now.
        AssemblyNames.EnsureDistinct(build.Main, mainAssemblyName,
            mainReferences.Concat(copyReferences.Values.SelectMany(v => v.SelectMany(p => p.References))).Distinct(StringComparer.Ordinal)
                .Select(p => (Owner(p), p)));
        foreach (var (path, (module, copy)) in _copies)
        {
            WriteDependencyProps(Path.Combine(copy, DependencyPropsPath), copyReferences[path], ModuleInfo(module));
            foreach (var (project, _) in copyReferences[path]) WriteOriginTargets(project, copy, module.Origin);
        }

        Directory.CreateDirectory(StateDirectory);
        WriteProps(Path.Combine(StateDirectory, MainPropsName), mainReferences, MainInfo(build));
        // Which module each project belongs to, for the usage records the build writes after compiling.
        new ModuleProjectMap(copyProjects.Select(p => (p.Module.Module.Path, p.Project))).Write(Path.Combine(StateDirectory, ModuleProjectMap.FileName));
        WriteText(Path.Combine(StateDirectory, ReferencesName), string.Concat(mainReferences.Select(r => r + "\n")));
        RemovedCopies = ModuleCopies.RemoveStale(Path.Combine(_intermediate, ModulesFolder), _copies.Values.Select(c => c.Copy));
        return mainReferences;
    }

    // A copy's project may never be built (a module's tests, samples): an item of it that names
    // nothing is the module author's problem and a warning at that item, not a failed restore;
    // if the project is built, its compilation fails where the reference is missing.
    private List<string> CopyReferences(ModuleProjects projects, IReadOnlyList<ModuleReferenceItem> items)
    {
        var references = new List<string>();
        foreach (var item in items)
        {
            try
            {
                string project = projects.Resolve(item);
                if (!references.Contains(project, StringComparer.Ordinal)) references.Add(project);
            }
            catch (Diagnostics.ModuleException e)
            {
                Warnings.Add(e);
            }
        }
        return references;
    }

    private ResolvedModule Owner(string project) =>
        _copies.Values.Where(c => project.StartsWith(c.Copy + Path.DirectorySeparatorChar, StringComparison.Ordinal)).MaxBy(c => c.Copy.Length).Module;

    // Every project file of a copy (any depth), outside build output folders.
    private static List<string> ProjectFilesIn(string copy)
    {
        var found = new List<string>();
        void Walk(string dir)
        {
            found.AddRange(ProjectPaths.ProjectsIn(dir));
            foreach (var sub in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileName(sub);
                if (name is "bin" or "obj" or ".modulesdk" or ".git") continue;
                Walk(sub);
            }
        }
        Walk(copy);
        return found;
    }

    // A module assembly records where its module's code came from, in Go's vcs.* build settings
    // (plus vcs.url, which Go leaves out): a bill of materials of the binaries then names the
    // repository from the binaries alone (dotnet mod version -m --sbom).
    private static ModuleBuildInfo ModuleInfo(ResolvedModule m) =>
        new(m.Module.Path, ToBuildModule(m), [], OriginSettings(m.Origin));

    private static List<KeyValuePair<string, string>> OriginSettings(SourceOrigin? origin)
    {
        var settings = new List<KeyValuePair<string, string>>();
        if (origin is null) return settings;
        settings.Add(new("vcs", "git"));
        if (origin.RepositoryUrl is { } url) settings.Add(new("vcs.url", url));
        if (origin.Revision is { } rev) settings.Add(new("vcs.revision", rev));
        return settings;
    }

    private static ModuleBuildInfo MainInfo(ResolvedBuild build) =>
        new(build.Main.Path, new BuildModule(build.Main.Path, ModuleBuildInfo.DevelVersion), build.Modules.Select(ToBuildModule).ToList(), []);

    private static BuildModule ToBuildModule(ResolvedModule m)
    {
        if (m.Replacement is not { } r) return new BuildModule(m.Module.Path, m.Module.Version, m.Sum);
        return new BuildModule(m.Module.Path, m.Module.Version, "",
            new BuildModule(r.Path, r.Version.Length == 0 ? ModuleBuildInfo.DevelVersion : r.Version, m.Sum));
    }

    // One props file for the copy (imported by its ModuleSdk projects from Sdk.targets): each
    // project's references under a condition on the project's own path.
    private static void WriteDependencyProps(string file, IReadOnlyList<(string Project, IReadOnlyList<string> References)> projects, ModuleBuildInfo info)
    {
        var doc = new XDocument(
            new XComment(" Written by ModuleSdk restore: the module versions the main build list selected. Do not edit. "),
            new XElement("Project",
                Properties(info),
                projects.Where(p => p.References.Count > 0).Select(p => new XElement("ItemGroup",
                    new XAttribute("Condition", $"'$(MSBuildProjectFullPath)' == '{MSBuildText.Escape(p.Project)}'"),
                    ProjectReferences(p.References)))));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        WriteText(file, doc.ToString() + "\n");
    }

    /// <summary>
    /// The source origin of a module copy's project, in <c>obj/&lt;project file&gt;.modulesdk.targets</c>,
    /// which MSBuild imports into any SDK-style project (<c>$(MSBuildProjectExtensionsPath)</c>),
    /// on whatever SDK it uses: the copy is no git checkout (or lies inside the consumer's), so
    /// SourceLink's repository lookup is turned off and the module's repository and commit given
    /// instead, and the copy's root is mapped to a fixed path (<c>DeterministicSourcePaths</c>);
    /// without an HTTPS source URL (file:// and self-hosted repositories, proxies
    /// without origins) the sources are embedded in the PDB, so a debugger still shows them.
    /// </summary>
    private static void WriteOriginTargets(string project, string copy, SourceOrigin? origin)
    {
        string file = Path.Combine(Path.GetDirectoryName(project)!, "obj", Path.GetFileName(project) + ".modulesdk.targets");
        string root = MSBuildText.Escape(copy + Path.DirectorySeparatorChar);
        string? url = origin?.SourceLinkUrl;
        var properties = new XElement("PropertyGroup",
            new XElement("EnableSourceControlManagerQueries", "false"),
            // The copy's root is mapped to /_N/ in the PDB and in [CallerFilePath] strings, as in CI
            // builds: a module's outputs then do not depend on where the consumer lives, so the
            // build cache can share them and an uncached build is byte-identical (docs/design.md).
            new XElement("DeterministicSourcePaths", "true"),
            url is null ? new XElement("EmbedAllSources", "true") : null,
            url is null ? new XElement("EnableSourceLink", "false") : null,
            origin?.Revision is { } rev ? new XElement("SourceRevisionId", MSBuildText.Escape(rev)) : null,
            origin?.RepositoryUrl is { } repo ? new XElement("PrivateRepositoryUrl", MSBuildText.Escape(repo)) : null,
            origin?.RepositoryUrl is not null ? new XElement("RepositoryType", "git") : null);
        var sourceRoot = new XElement("SourceRoot", new XAttribute("Include", root));
        if (url is not null)
        {
            sourceRoot.Add(new XAttribute("SourceControl", "git"), new XAttribute("RevisionId", MSBuildText.Escape(origin!.Revision!)),
                new XAttribute("ScmRepositoryUrl", MSBuildText.Escape(origin.RepositoryUrl!)),
                new XAttribute("RepositoryUrl", MSBuildText.Escape(origin.RepositoryUrl!)),
                new XAttribute("SourceLinkUrl", MSBuildText.Escape(url)));
        }
        var doc = new XDocument(
            new XComment(" Written by ModuleSdk restore: where this module copy's source comes from. Do not edit. "),
            new XElement("Project", properties,
                new XElement("ItemGroup", sourceRoot)));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        string text = doc.ToString() + "\n";
        if (!File.Exists(file) || File.ReadAllText(file) != text) WriteText(file, text);
    }

    private static XElement Properties(ModuleBuildInfo info) =>
        new("PropertyGroup",
            new XElement("ModuleSdkModulePath", MSBuildText.Escape(info.Main.Path)),
            new XElement("ModuleSdkModuleVersion", MSBuildText.Escape(info.Main.Version)),
            new XElement("ModuleSdkBuildInfo", MSBuildText.Escape(info.ToString())),
            VersionProperties(info.Main.Replace ?? info.Main));

    // A module copy's assemblies carry its version in the ordinary attributes (the code is the
    // replacement's when replaced, so its version and sum). The SDK would append the commit
    // (SourceRevisionId, set for SourceLink) to InformationalVersion: it already names the sum.
    private static IEnumerable<XElement> VersionProperties(BuildModule module) =>
        ModuleAssemblyVersions.For(module.Version, module.Sum) is { } v
            ?
            [
                new XElement("Version", MSBuildText.Escape(v.Version)),
                new XElement("FileVersion", MSBuildText.Escape(v.FileVersion)),
                new XElement("InformationalVersion", MSBuildText.Escape(v.InformationalVersion)),
                new XElement("IncludeSourceRevisionInInformationalVersion", "false"),
            ]
            : [];

    private static IEnumerable<XElement> ProjectReferences(IEnumerable<string> references) =>
        references.Select(r => new XElement("ProjectReference",
            new XAttribute("Include", MSBuildText.Escape(r)),
            new XAttribute("ModuleSdkGenerated", "true")));

    private static void WriteProps(string file, IReadOnlyList<string> references, ModuleBuildInfo info)
    {
        var doc = new XDocument(
            new XComment(" Written by ModuleSdk restore: the module versions the main build list selected. Do not edit. "),
            new XElement("Project", Properties(info), new XElement("ItemGroup", ProjectReferences(references))));
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
