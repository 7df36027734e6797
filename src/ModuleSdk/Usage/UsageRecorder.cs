namespace ModuleSdk.Usage;

/// <summary>
/// Builds a <see cref="UsageRecord"/> from a compiled assembly: each assembly it references is
/// matched by name with the references the compilation was given, and a reference built by a
/// module's project counts as a use of that module.
/// </summary>
public static class UsageRecorder
{
    /// <summary>One reference the compilation was given.</summary>
    /// <param name="File">The referenced assembly (implementation or reference assembly).</param>
    /// <param name="Project">The project that built it, or null for a package or framework reference.</param>
    public sealed record Reference(string File, string? Project);

    /// <summary>
    /// The modules <paramref name="assembly"/> uses. <paramref name="declared"/> adds modules used
    /// in ways the compiler does not see (reflection, plugins): the counterpart of Go's blank import.
    /// </summary>
    public static IReadOnlyList<string> UsedModules(string assembly, IEnumerable<Reference> references, ModuleProjectMap map, IEnumerable<string> declared)
    {
        // A simple name may be built by several module projects (v1 and v2 of a module named
        // alike cannot both be referenced, but an unused one may be given): all of them count.
        var modulesByAssembly = new Dictionary<string, SortedSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in references)
        {
            if (r.Project is null || map.ModuleOf(r.Project) is not { } module) continue;
            string name = AssemblyReferences.DefinedName(r.File) ?? Path.GetFileNameWithoutExtension(r.File);
            if (!modulesByAssembly.TryGetValue(name, out var set)) modulesByAssembly[name] = set = new SortedSet<string>(StringComparer.Ordinal);
            set.Add(module);
        }
        var used = new SortedSet<string>(declared.Where(d => d.Length > 0), StringComparer.Ordinal);
        foreach (var name in AssemblyReferences.Read(assembly))
            if (modulesByAssembly.TryGetValue(name, out var modules)) used.UnionWith(modules);
        return used.ToArray();
    }
}
