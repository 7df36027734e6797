using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ModuleSdk.Usage;

/// <summary>
/// Reads an assembly's identity and its AssemblyRef table without loading it. The C# compiler
/// emits an AssemblyRef only for an assembly whose types or members the compilation actually
/// uses (references it was merely given are left out of metadata), so the table is the
/// compilation's own account of what it used: the .NET counterpart of a Go package's imports.
/// </summary>
public static class AssemblyReferences
{
    /// <summary>
    /// The simple names of the assemblies <paramref name="file"/> references, sorted and without
    /// duplicates. Throws <see cref="BadImageFormatException"/> when it is not a .NET assembly.
    /// </summary>
    public static IReadOnlyList<string> Read(string file)
    {
        using var stream = File.OpenRead(file);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata) throw new BadImageFormatException("not a .NET assembly", file);
        var md = pe.GetMetadataReader();
        var names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var handle in md.AssemblyReferences)
            names.Add(md.GetString(md.GetAssemblyReference(handle).Name));
        return names.ToArray();
    }

    /// <summary>The simple name <paramref name="file"/> defines, or null when it is not a readable .NET assembly (callers then go by its file name).</summary>
    public static string? DefinedName(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) return null;
            var md = pe.GetMetadataReader();
            return md.IsAssembly ? md.GetString(md.GetAssemblyDefinition().Name) : null;
        }
        catch (Exception e) when (e is BadImageFormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
