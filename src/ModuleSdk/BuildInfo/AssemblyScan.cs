using ModuleSdk.Diagnostics;

namespace ModuleSdk.BuildInfo;

/// <summary>
/// The assemblies <c>dotnet mod version</c> arguments name, as <c>go version</c> walks its
/// arguments: a named file must be a module assembly (else a failure for it); a directory's
/// <c>.dll</c> and <c>.exe</c> files are read recursively in a stable order, and those without
/// module information are kept without a result so a caller may report them (<c>-v</c>).
/// Assemblies are read, never loaded.
/// </summary>
public static class AssemblyScan
{
    /// <summary>A directory's <c>.dll</c> and <c>.exe</c> files, recursively, in ordinal order.</summary>
    public static IEnumerable<string> AssemblyFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    /// <summary>Every file <paramref name="arguments"/> (relative to <paramref name="workingDirectory"/>) name, in argument order.</summary>
    public static IReadOnlyList<ScannedAssembly> Scan(IEnumerable<string> arguments, string workingDirectory)
    {
        var scanned = new List<ScannedAssembly>();
        foreach (var arg in arguments)
        {
            string full = Path.GetFullPath(arg, workingDirectory);
            if (Directory.Exists(full))
            {
                foreach (var file in AssemblyFiles(full))
                {
                    AssemblyBuildInfoReader.TryRead(file, out var result);
                    scanned.Add(new ScannedAssembly(Path.Combine(arg, Path.GetRelativePath(full, file)), file, result));
                }
                continue;
            }
            try
            {
                scanned.Add(new ScannedAssembly(arg, full, AssemblyBuildInfoReader.Read(full)));
            }
            catch (Exception e) when (e is ModuleException or IOException or UnauthorizedAccessException)
            {
                scanned.Add(new ScannedAssembly(arg, full, null, e));
            }
        }
        return scanned;
    }
}
