using System.Xml;
using System.Xml.Linq;
using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;

namespace ModuleSdk.Building;

/// <summary>
/// The assembly names a build will produce, known at restore from the module copies' project
/// files. Every module's assembly lands in the consumer's one output folder, so two modules
/// building the same assembly name (typically <c>example.com/lib</c> and <c>example.com/lib/v2</c>
/// keeping one project file name) would overwrite each other there, or fail late in the build
/// with a message that names neither module. Restore refuses that early instead.
/// </summary>
public static class AssemblyNames
{
    /// <summary>
    /// The assembly name <paramref name="projectFile"/> builds: its last <c>AssemblyName</c>
    /// property with a literal value, else the project file's name (MSBuild's default). A value
    /// computed from other properties cannot be known without evaluating, so it counts as the default.
    /// </summary>
    public static string Of(string projectFile)
    {
        string name = Path.GetFileNameWithoutExtension(projectFile);
        try
        {
            var doc = XDocument.Load(projectFile);
            foreach (var e in doc.Descendants().Where(e => e.Name.LocalName == "AssemblyName" && e.Parent?.Name.LocalName == "PropertyGroup"))
            {
                string value = e.Value.Trim();
                if (value.Length > 0 && !value.Contains("$(", StringComparison.Ordinal)) name = value;
            }
        }
        catch (XmlException)
        {
            // A malformed project fails in its own restore with MSBuild's message; the default stands here.
        }
        return name;
    }

    /// <summary>
    /// Fails with <see cref="DiagnosticCodes.AssemblyNameCollision"/> when two modules of the
    /// build (or a module and the main project, named by <paramref name="mainAssemblyName"/>)
    /// build assemblies of the same name; the error sits at the <c>module.mod</c> line requiring
    /// the module whose project should change (the later path, usually the <c>/vN</c> one).
    /// </summary>
    public static void EnsureDistinct(MainModule main, string? mainAssemblyName, IEnumerable<(ResolvedModule Module, string Project)> projects)
    {
        var seen = new Dictionary<string, (ResolvedModule? Module, string Project)>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrEmpty(mainAssemblyName)) seen[mainAssemblyName] = (null, "");
        foreach (var (module, project) in projects.OrderBy(p => p.Module.Module.Path, StringComparer.Ordinal).ThenBy(p => p.Project, StringComparer.Ordinal))
        {
            string name = Of(project);
            if (!seen.TryGetValue(name, out var first))
            {
                seen[name] = (module, project);
                continue;
            }
            string file = Path.GetFileName(project);
            string message = first.Module is null
                ? $"module {module.Module} builds an assembly named '{name}' ({file}), the name of the main project's own assembly; " +
                  $"one output folder cannot hold both: set a distinct <AssemblyName> in the main project, or use another version of {module.Module.Path}"
                : $"modules {first.Module.Module} and {module.Module} both build an assembly named '{name}' " +
                  $"({Path.GetFileName(first.Project)} and {file}); one output folder cannot hold both: " +
                  $"set a distinct <AssemblyName> (for example {name}.{Suffix(module.Module.Path)}) in {file} of module {module.Module.Path}";
            var line = main.File.Require.FirstOrDefault(r => r.Mod.Path == module.Module.Path)?.Syntax?.Start;
            throw new ModuleException(DiagnosticCodes.AssemblyNameCollision, message, main.ModFilePath, line?.Line ?? 0, line?.Column ?? 0);
        }
    }

    // "example.com/lib/v2" suggests "Lib.V2"; any other path its last element.
    private static string Suffix(string modulePath)
    {
        string last = modulePath[(modulePath.LastIndexOf('/') + 1)..];
        return last.Length > 1 && last[0] == 'v' && last[1..].All(char.IsAsciiDigit) ? "V" + last[1..] : last;
    }
}
