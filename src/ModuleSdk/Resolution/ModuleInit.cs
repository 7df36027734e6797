using ModuleSdk.Diagnostics;
using ModuleSdk.ModFile;
using ModuleSdk.Modules;

namespace ModuleSdk.Resolution;

/// <summary><c>go mod init</c>: a new <c>module.mod</c> declaring the module path, and nothing else.</summary>
public static class ModuleInit
{
    /// <summary>
    /// Writes <c>module.mod</c> for <paramref name="modulePath"/> in <paramref name="directory"/>,
    /// atomically; returns its path. The path is checked first; an existing file is never
    /// overwritten (<see cref="DiagnosticCodes.ModFileExists"/>).
    /// </summary>
    public static string Create(string directory, string modulePath)
    {
        ModulePath.CheckPath(modulePath);
        string file = Path.Combine(directory, MainModule.ModFileName);
        if (File.Exists(file))
            throw new ModuleException(DiagnosticCodes.ModFileExists, $"{file} already exists");
        var mod = new ModuleFile(MainModule.ModFileName);
        mod.AddModuleStmt(modulePath);
        IO.AtomicFile.WriteAllText(file, mod.Format());
        return file;
    }
}
