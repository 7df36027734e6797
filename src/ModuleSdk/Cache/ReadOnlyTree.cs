namespace ModuleSdk.Cache;

/// <summary>
/// The read-only bits of extracted modules: Go makes files 0444 and directories 0555 so that
/// nobody edits a dependency in place by accident. Removing such a tree first has to give the
/// permissions back. Symbolic links are never followed: a link (which no module zip can create,
/// but a user might) is removed as a link, so nothing outside the tree is touched.
/// </summary>
internal static class ReadOnlyTree
{
    private const UnixFileMode ReadOnlyDir = UnixFileMode.UserRead | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode WritableDir = ReadOnlyDir | UnixFileMode.UserWrite;

    /// <summary>
    /// Makes every directory of the tree (the root included) read-only: 0555 on Unix; nothing on
    /// Windows, which ignores the attribute on directories.
    /// </summary>
    public static void MakeDirectoriesReadOnly(string root)
    {
        if (OperatingSystem.IsWindows()) return;
        // Children first: once a directory is 0555 its entries can still be chmod-ed, but keeping
        // the order bottom-up mirrors the removal walk and is obviously right.
        foreach (var dir in Directories(root)) File.SetUnixFileMode(dir, ReadOnlyDir);
    }

    /// <summary>Removes a tree even when its files and directories are read-only. Missing is fine.</summary>
    public static void Remove(string root)
    {
        var info = new DirectoryInfo(root);
        if (!info.Exists)
        {
            if (File.Exists(root) || info.LinkTarget is not null) DeleteFile(root);
            return;
        }
        if (info.LinkTarget is not null)
        {
            // A link to a directory: remove the link, not what it points to.
            info.Delete();
            return;
        }
        MakeWritable(root);
        Directory.Delete(root, recursive: true);
    }

    /// <summary>Gives the owner write permission on every directory and file of the tree (not following links).</summary>
    public static void MakeWritable(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            foreach (var file in Files(root))
            {
                var attributes = File.GetAttributes(file);
                if ((attributes & FileAttributes.ReadOnly) != 0) File.SetAttributes(file, attributes & ~FileAttributes.ReadOnly);
            }
            return;
        }
        // Top-down: a directory must be writable and searchable before its entries can be listed and changed.
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            File.SetUnixFileMode(dir, WritableDir);
            foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null) continue;
                if (entry is DirectoryInfo) pending.Push(entry.FullName);
            }
        }
    }

    private static void DeleteFile(string path)
    {
        if (OperatingSystem.IsWindows()) File.SetAttributes(path, FileAttributes.Normal);
        File.Delete(path);
    }

    /// <summary>The directories of a tree, deepest first, not following links.</summary>
    private static List<string> Directories(string root)
    {
        var result = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            result.Add(dir);
            foreach (var entry in new DirectoryInfo(dir).EnumerateDirectories())
            {
                if (entry.LinkTarget is null) pending.Push(entry.FullName);
            }
        }
        result.Reverse();
        return result;
    }

    private static IEnumerable<string> Files(string root)
    {
        foreach (var dir in Directories(root))
        {
            foreach (var file in new DirectoryInfo(dir).EnumerateFiles())
            {
                if (file.LinkTarget is null) yield return file.FullName;
            }
        }
    }
}
