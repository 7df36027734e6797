using System.Xml;
using System.Xml.Linq;

namespace ModuleSdk.Projects;

/// <summary>
/// A <c>&lt;ModuleReference Include="project path" /&gt;</c> item: a project of a module, named
/// as Go names a package, by module path plus directory inside the module
/// (<c>github.com/khellang/Scrutor/src/Scrutor</c>), and where it is written (for errors).
/// </summary>
/// <param name="ProjectPath">The project path as written.</param>
/// <param name="File">The project file holding the item; null when unknown.</param>
/// <param name="Line">1-based line of the item in <paramref name="File"/>; 0 when unknown.</param>
/// <param name="Column">1-based column; 0 when unknown.</param>
public sealed record ModuleReferenceItem(string ProjectPath, string? File = null, int Line = 0, int Column = 0)
{
    /// <summary>The MSBuild item type.</summary>
    public const string ItemType = "ModuleReference";

    /// <summary>
    /// The <c>ModuleReference</c> items written in <paramref name="projectFile"/> itself, with
    /// their lines, read without evaluating it (conditions are not evaluated; an <c>Include</c>
    /// with several <c>;</c>-separated paths gives one item each). Used for module copies, which
    /// are never evaluated at restore, and by tidy; empty for a file that is not well-formed XML
    /// (its own build reports that).
    /// </summary>
    public static IReadOnlyList<ModuleReferenceItem> ReadFrom(string projectFile)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Load(projectFile, LoadOptions.SetLineInfo);
        }
        catch (Exception e) when (e is XmlException or IOException)
        {
            return [];
        }
        var items = new List<ModuleReferenceItem>();
        foreach (var e in doc.Descendants().Where(e => e.Name.LocalName == ItemType && e.Parent?.Name.LocalName == "ItemGroup"))
        {
            var include = e.Attribute("Include")?.Value;
            if (include is null) continue;
            var info = (IXmlLineInfo)e;
            foreach (var path in include.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                // XmlReader places an element at its name; MSBuild's locations (and editors) at the '<'.
                items.Add(new ModuleReferenceItem(path, projectFile, info.LineNumber, Math.Max(1, info.LinePosition - 1)));
        }
        return items;
    }

    /// <summary>
    /// Locates evaluated items (whose origin MSBuild does not pass to a task) in
    /// <paramref name="projectFile"/>: an item written there gets its line, any other (from an
    /// import) the project file alone.
    /// </summary>
    public static IReadOnlyList<ModuleReferenceItem> Locate(IEnumerable<string> projectPaths, string projectFile)
    {
        var written = System.IO.File.Exists(projectFile) ? ReadFrom(projectFile) : [];
        return projectPaths.Select(p => written.FirstOrDefault(w => w.ProjectPath == p) ?? new ModuleReferenceItem(p, projectFile)).ToList();
    }
}
