namespace ModuleSdk.Zips;

/// <summary>A module file backed by a file system entry (Go's <c>dirFile</c>); its kind and size are read once, without following links.</summary>
internal sealed class DiskModuleFile(string filePath, string slashPath, ModuleFileKind kind, long size) : IModuleFile
{
    public string FilePath { get; } = filePath;

    public string Path { get; } = slashPath;

    public ModuleFileKind Kind { get; } = kind;

    public long Size { get; } = size;

    public Stream Open() => new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);

    /// <summary>Classifies an entry from its link status and attributes (never following a link).</summary>
    public static DiskModuleFile From(FileSystemInfo info, string slashPath)
    {
        ModuleFileKind kind;
        if (info.LinkTarget is not null) kind = ModuleFileKind.Symlink;
        else if (info is DirectoryInfo) kind = ModuleFileKind.Directory;
        else if (IsRegular(info)) kind = ModuleFileKind.Regular;
        else kind = ModuleFileKind.Other;
        long size = kind == ModuleFileKind.Regular ? ((FileInfo)info).Length : 0;
        return new DiskModuleFile(info.FullName, slashPath, kind, size);
    }

    private static bool IsRegular(FileSystemInfo info) =>
        // .NET exposes no file type beyond directory and link: FIFOs, sockets and devices show
        // up as ordinary files on Unix (a known gap against Go, which leaves them out). Windows
        // marks devices, and reparse points that are not links.
        info is FileInfo && (info.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) == 0;
}
