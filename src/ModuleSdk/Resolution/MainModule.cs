using ModuleSdk.Diagnostics;
using ModuleSdk.ModFile;
using ModuleSdk.Modules;

namespace ModuleSdk.Resolution;

/// <summary>
/// The module being worked on: the <c>module.mod</c> found in a directory or its nearest parent,
/// parsed strictly, with the <c>module.sum</c> beside it.
/// </summary>
public sealed class MainModule
{
    /// <summary>The module file name.</summary>
    public const string ModFileName = "module.mod";

    /// <summary>The sum file name.</summary>
    public const string SumFileName = "module.sum";

    private MainModule(string directory, ModuleFile file)
    {
        Directory = directory;
        File = file;
    }

    /// <summary>The directory holding <c>module.mod</c>.</summary>
    public string Directory { get; }

    /// <summary>The parsed module file (edits go through it, then <see cref="Save"/>).</summary>
    public ModuleFile File { get; }

    /// <summary>The module path declared by the <c>module</c> line.</summary>
    public string Path => File.Module?.Path ?? "";

    /// <summary>The main module as MVS sees it: its path at version <c>""</c>, above every version.</summary>
    public ModuleId Id => new(Path, "");

    /// <summary>The full path of <c>module.mod</c>.</summary>
    public string ModFilePath => System.IO.Path.Combine(Directory, ModFileName);

    /// <summary>The full path of <c>module.sum</c>.</summary>
    public string SumFilePath => System.IO.Path.Combine(Directory, SumFileName);

    /// <summary>Finds the directory holding <c>module.mod</c>: <paramref name="start"/> or its nearest parent; null when none.</summary>
    public static string? FindDirectory(string start)
    {
        for (var dir = new DirectoryInfo(System.IO.Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, ModFileName))) return dir.FullName;
        return null;
    }

    /// <summary>Finds and loads the main module; throws MOD5101 when there is none.</summary>
    public static MainModule Find(string start)
    {
        var dir = FindDirectory(start) ?? throw new ModuleException(DiagnosticCodes.MainModuleNotFound,
            $"{ModFileName} file not found in current directory or any parent directory; create one with 'dotnet mod init <module path>'");
        return Load(dir);
    }

    /// <summary>Loads the main module of <paramref name="directory"/> (strict parsing).</summary>
    public static MainModule Load(string directory)
    {
        string file = System.IO.Path.Combine(directory, ModFileName);
        string text = MainModuleIo.ReadText(file);
        return new MainModule(directory, ModuleFile.ParseMain(ModFileName, text));
    }

    /// <summary>The file's canonical text as it would be written now.</summary>
    public string Format() => File.Format();

    /// <summary>Writes <c>module.mod</c> atomically if its text changed; returns whether it did.</summary>
    public bool Save()
    {
        string text = File.Format();
        if (System.IO.File.Exists(ModFilePath) && MainModuleIo.ReadText(ModFilePath) == text) return false;
        MainModuleIo.WriteText(ModFilePath, text);
        return true;
    }
}
