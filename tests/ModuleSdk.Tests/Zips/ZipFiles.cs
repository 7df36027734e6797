using ModuleSdk.Zips;

namespace ModuleSdk.Tests.Zips;

/// <summary>File sets written as "path: content" pairs, in memory or on disk.</summary>
internal static class ZipFiles
{
    public static List<IModuleFile> Memory(params string[] pathsAndContents)
    {
        var list = new List<IModuleFile>();
        for (int i = 0; i < pathsAndContents.Length; i += 2) list.Add(new MemoryModuleFile(pathsAndContents[i], pathsAndContents[i + 1]));
        return list;
    }

    public static void WriteTree(string root, params string[] pathsAndContents)
    {
        for (int i = 0; i < pathsAndContents.Length; i += 2)
        {
            var file = Path.Combine([root, .. pathsAndContents[i].Split('/')]);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, pathsAndContents[i + 1]);
        }
    }

    /// <summary>A file whose declared size and content disagree, or that is never meant to be opened.</summary>
    public sealed class Lying(string path, long size, byte[] content, ModuleFileKind kind = ModuleFileKind.Regular) : IModuleFile
    {
        public string Path { get; } = path;
        public ModuleFileKind Kind { get; } = kind;
        public long Size { get; } = size;
        public Stream Open() => new MemoryStream(content);
    }
}
