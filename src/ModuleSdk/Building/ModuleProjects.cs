using System.Xml;
using System.Xml.Linq;
using ModuleSdk.Diagnostics;
using ModuleSdk.Projects;

namespace ModuleSdk.Building;

/// <summary>
/// The projects of a build list's modules, found in their trees (the consumer's copies): which
/// project files a consumer project references, from its <c>ModuleReference</c> items or, without
/// any, by the rule that predates them (every <c>*.csproj</c> at the root of each required module).
/// </summary>
public sealed class ModuleProjects
{
    private readonly IReadOnlyDictionary<string, (ResolvedModule Module, string Directory)> _modules;

    /// <summary>The modules of the build list by path, each with its tree.</summary>
    public ModuleProjects(IReadOnlyDictionary<string, (ResolvedModule Module, string Directory)> modules) => _modules = modules;

    /// <summary>Warnings found while resolving (MOD9022), each at the item that caused it; no duplicates.</summary>
    public List<ModuleException> Warnings { get; } = [];

    /// <summary>The project files at the root of <paramref name="modulePath"/>'s tree (the rule without ModuleReference items).</summary>
    public IReadOnlyList<string> RootProjects(string modulePath) =>
        _modules.TryGetValue(modulePath, out var m)
            ? Directory.GetFiles(m.Directory, "*.csproj").Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// The project files a consumer references: those its <paramref name="items"/> name, or,
    /// when it has none, the root projects of the modules in <paramref name="requires"/>.
    /// Fails at the first item that names nothing (MOD9020, MOD9021, MOD9023).
    /// </summary>
    public IReadOnlyList<string> For(IReadOnlyList<ModuleReferenceItem> items, IEnumerable<string> requires)
    {
        if (items.Count == 0) return requires.SelectMany(RootProjects).ToList();
        var projects = new List<string>();
        foreach (var item in items)
        {
            string project = Resolve(item);
            if (!projects.Contains(project, StringComparer.Ordinal)) projects.Add(project);
        }
        return projects;
    }

    /// <summary>The project file one item names, in the module of the build list providing it.</summary>
    public string Resolve(ModuleReferenceItem item)
    {
        ProjectPaths.Check(item);
        string modulePath = ProjectPaths.ProvidingModule(item.ProjectPath, _modules.Keys) ?? throw ProjectPaths.NoModuleProvides(item);
        var (module, directory) = _modules[modulePath];
        string project = ProjectPaths.ProjectFile(item, modulePath, directory);
        // A project on another SDK builds as it is: it sees its module's own ProjectReferences
        // and packages, never the module versions the consumer selected.
        if (module.Requires.Count > 0 && !UsesModuleSdk(project) && !Warnings.Any(w => w.Message.Contains(project, StringComparison.Ordinal)))
            Warnings.Add(new ModuleException(DiagnosticCodes.ModuleProjectWithoutSdk,
                $"{Path.GetFileName(project)} of module {module.Module} ({project}) does not use the ModuleSdk SDK, so it cannot see the modules " +
                $"its module requires ({string.Join(", ", module.Requires)}); it builds with its own references only. " +
                "Its author should use <Project Sdk=\"ModuleSdk/1.0.0\">; until then reference the modules it needs from your own project",
                item.File, item.Line, item.Column));
        return project;
    }

    /// <summary>
    /// Whether <paramref name="projectFile"/> uses the ModuleSdk SDK (<c>Sdk="ModuleSdk…"</c> on the
    /// project, an <c>&lt;Sdk Name="ModuleSdk"&gt;</c> element or an SDK import), read without evaluating.
    /// </summary>
    public static bool UsesModuleSdk(string projectFile)
    {
        try
        {
            var root = XDocument.Load(projectFile).Root;
            if (root is null) return false;
            static bool IsModuleSdk(string? value) =>
                value is not null && value.Split(';').Any(s => s.Trim().Split('/')[0].Trim().Equals("ModuleSdk", StringComparison.OrdinalIgnoreCase));
            return IsModuleSdk(root.Attribute("Sdk")?.Value) ||
                root.Descendants().Any(e => (e.Name.LocalName == "Sdk" && IsModuleSdk(e.Attribute("Name")?.Value)) ||
                                            (e.Name.LocalName == "Import" && IsModuleSdk(e.Attribute("Sdk")?.Value)));
        }
        catch (Exception e) when (e is XmlException or IOException)
        {
            return false;
        }
    }
}
