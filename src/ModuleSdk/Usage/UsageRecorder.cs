using ModuleSdk.Projects;

namespace ModuleSdk.Usage;

/// <summary>
/// Builds the module list of a <see cref="UsageRecord"/>: each assembly the compilation used is
/// matched by name with the references the compilation was given, and a reference built by a
/// module's project counts as a use of that module. What the compilation used comes from the
/// compiler when the SDK's analyzer reported it (<see cref="UsedReferencesFile"/>), otherwise
/// from the compiled assembly's AssemblyRef table, which misses inlined constants.
/// </summary>
public static class UsageRecorder
{
    /// <summary>One reference the compilation was given.</summary>
    /// <param name="File">The referenced assembly (implementation or reference assembly).</param>
    /// <param name="Project">The project that built it, or null for a package or framework reference.</param>
    public sealed record Reference(string File, string? Project);

    /// <summary>
    /// The modules <paramref name="assembly"/> uses, from its AssemblyRef table.
    /// <paramref name="declared"/> adds modules used in ways the compiler does not see
    /// (reflection, plugins): the counterpart of Go's blank import.
    /// </summary>
    public static IReadOnlyList<string> UsedModules(string assembly, IEnumerable<Reference> references, ModuleProjectMap map, IEnumerable<string> declared) =>
        Match(AssemblyReferences.Read(assembly), references, map, declared);

    /// <summary>
    /// The modules among <paramref name="usedReferenceFiles"/>, the references the compiler says
    /// the compilation used (<see cref="UsedReferencesFile"/>). A path is matched by its file
    /// name, so a module's reference assembly (<c>obj/.../ref/X.dll</c>, what the compiler is
    /// given by default) and its implementation (<c>bin/.../X.dll</c>) both count.
    /// <paramref name="declared"/> as for <see cref="UsedModules"/>.
    /// </summary>
    public static IReadOnlyList<string> UsedModulesFromCompiler(
        IEnumerable<string> usedReferenceFiles, IEnumerable<Reference> references, ModuleProjectMap map, IEnumerable<string> declared) =>
        Match(usedReferenceFiles.Select(Path.GetFileNameWithoutExtension).OfType<string>(), references, map, declared);

    private static IReadOnlyList<string> Match(
        IEnumerable<string> usedNames, IEnumerable<Reference> references, ModuleProjectMap map, IEnumerable<string> declared)
    {
        // A simple name may be built by several module projects (v1 and v2 of a module named
        // alike cannot both be referenced, but an unused one may be given): all of them count.
        // A reference is known by the name it defines and by its file name, which differ only
        // when a project renames its output; either identifies it.
        var modulesByAssembly = new Dictionary<string, SortedSet<string>>(StringComparer.OrdinalIgnoreCase);
        void Add(string name, string module)
        {
            if (!modulesByAssembly.TryGetValue(name, out var set)) modulesByAssembly[name] = set = new SortedSet<string>(StringComparer.Ordinal);
            set.Add(module);
        }
        foreach (var r in references)
        {
            if (r.Project is null || map.ModuleOf(r.Project) is not { } module) continue;
            string fileName = Path.GetFileNameWithoutExtension(r.File);
            Add(fileName, module);
            if (AssemblyReferences.DefinedName(r.File) is { } defined && defined != fileName) Add(defined, module);
        }
        var used = new SortedSet<string>(declared.Where(d => d.Length > 0), StringComparer.Ordinal);
        foreach (var name in usedNames)
            if (modulesByAssembly.TryGetValue(name, out var modules)) used.UnionWith(modules);
        return used.ToArray();
    }
}
