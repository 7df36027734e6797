using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Zips;

/// <summary>
/// Extracts a checked module zip all or nothing: into a temporary sibling directory, made
/// read-only, then renamed into place. A failure at any point removes the temporary directory,
/// so the target either holds the complete module or is as it was.
/// </summary>
internal static class ZipExtractor
{
    public static void Extract(string zipFile, ModuleId module, string directory, ZipRules rules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zipFile);
        ArgumentNullException.ThrowIfNull(directory);
        string target = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        bool targetExists = Directory.Exists(target);
        if (targetExists && Directory.EnumerateFileSystemEntries(target).Any())
            throw new ModuleException(DiagnosticCodes.ZipTargetNotEmpty, $"unzip {zipFile}: target directory {target} exists and is not empty");
        if (!targetExists && File.Exists(target))
            throw new ModuleException(DiagnosticCodes.ZipTargetNotEmpty, $"unzip {zipFile}: target {target} exists and is a file");

        ZipInspector.CheckModule(module);
        using var stream = new FileStream(zipFile, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (ZipInspector.CheckZipSize(stream.Length) is { } tooLarge) throw Wrap(zipFile, tooLarge);
        using var zip = ZipInspector.Open(stream, zipFile);
        var checkedFiles = ZipInspector.Check(zip, module, rules, out var entries);
        if (checkedFiles.Error is { } error) throw Wrap(zipFile, error);
        var raw = ZipRawEntries.Read(stream, zip, "unzip " + zipFile);

        string parent = Path.GetDirectoryName(target)
            ?? throw new ModuleException(DiagnosticCodes.ZipTargetNotEmpty, $"unzip {zipFile}: cannot extract into a file system root");
        string temp = Path.Combine(parent, "." + Path.GetFileName(target) + ".tmp-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            // One mkdir when the parent exists (CreateDirectory makes missing parents itself).
            Directory.CreateDirectory(temp);
            string tempRoot = temp + Path.DirectorySeparatorChar;
            // Each directory is created once (the temporary root exists), not once per file:
            // CreateDirectory on an existing directory is a failed mkdir, per entry of every module.
            // The set is also the list of directories to make read-only (no walk of the tree).
            var created = new HashSet<string>(StringComparer.Ordinal) { temp };
            foreach (var (entry, name) in entries)
            {
                // Ctrl+C stops a large extraction between files; the catch below removes the temporary tree.
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    ExtractEntry(zipFile, raw, entry, name, temp, tempRoot, created);
                }
                catch (PathTooLongException e)
                {
                    // Go's rules do not bound name lengths; file systems do (255 bytes a name, 4096 a path).
                    throw new ModuleException(DiagnosticCodes.ZipPathTooLong,
                        $"unzip {zipFile}: {Shorten(entry.FullName)}: file path too long to extract on this file system " +
                        $"({entry.FullName.Length} characters)", e);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new ModuleException(DiagnosticCodes.CacheIoError, $"unzip {zipFile}: writing {Shorten(entry.FullName)}: {e.Message}", e);
                }
            }
            MakeReadOnly(temp, created);
            if (targetExists) Directory.Delete(target);
            Directory.Move(temp, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteTree(temp);
            throw new ModuleException(DiagnosticCodes.CacheIoError, $"unzip {zipFile}: {e.Message}", e);
        }
        catch
        {
            DeleteTree(temp);
            throw;
        }
    }

    private static string Shorten(string s) => s.Length > 120 ? s[..100] + "..." + s[^15..] : s;

    private static void ExtractEntry(string zipFile, ZipRawEntries raw, System.IO.Compression.ZipArchiveEntry entry, string name,
        string temp, string tempRoot, HashSet<string> created)
    {
        string dst = Path.GetFullPath(Path.Combine([temp, .. name.Split('/')]));
        // The name rules already forbid this; checked again because a file written
        // outside the target is the one failure extraction must never have.
        if (!dst.StartsWith(tempRoot, StringComparison.Ordinal))
            throw new ModuleException(DiagnosticCodes.ZipBadFileName, $"unzip {zipFile}: {entry.FullName}: file path leaves the target directory");
        CreateDirectoryOnce(Path.GetDirectoryName(dst)!, created);
        using (var output = new FileStream(dst, OutputOptions))
        using (var input = VerifiedEntryStream.Open(raw, entry, "unzip " + zipFile))
        {
            // Drain to the end so the stream checks the size and CRC-32 it promised.
            ZipCreator.CopyAtMost(input, output, long.MaxValue);
        }
    }

    // Creates a directory of the temporary tree (CreateDirectory makes the missing parents) and
    // records it and its parents in created, which already holds the temporary root. A path too
    // long for the file system fails at its first mkdir, before any of it exists.
    private static void CreateDirectoryOnce(string dir, HashSet<string> created)
    {
        if (created.Contains(dir)) return;
        Directory.CreateDirectory(dir);
        for (string? d = dir; d is not null && created.Add(d); d = Path.GetDirectoryName(d)) { }
    }

    // On Unix a file is created read-only (0444, as Go's unzip does) and written through the
    // descriptor the create returned, which the mode does not restrict: no chmod per file later.
    private static readonly FileStreamOptions OutputOptions = OperatingSystem.IsWindows()
        ? new() { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None }
        : new() { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = ReadOnlyFile };

    private static ModuleException Wrap(string zipFile, ModuleException e) => new(e.Code, $"unzip {zipFile}: {e.Message}", e);

    private const UnixFileMode ReadOnlyFile = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode ReadOnlyDir = ReadOnlyFile | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    // The module cache is read-only so that builds cannot edit dependency sources by accident
    // (Go's files 0444, directories 0555). Deepest first: a read-only directory's entries can
    // no longer be changed.
    // Files on Unix are already 0444 (created so, see OutputOptions); only directories are left.
    private static void MakeReadOnly(string root, HashSet<string> created)
    {
        if (OperatingSystem.IsWindows())
        {
            foreach (var f in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
                File.SetAttributes(f, File.GetAttributes(f) | FileAttributes.ReadOnly);
            return;
        }
        // Every directory of the tree was made by CreateDirectoryOnce (a zip's directory entries
        // are not extracted, links are refused), so the set is the tree's directories; a child's path
        // is longer than its parent's, so the longest first is deepest first.
        var dirs = created.ToArray();
        Array.Sort(dirs, (a, b) => b.Length.CompareTo(a.Length));
        foreach (var d in dirs) File.SetUnixFileMode(d, ReadOnlyDir);
    }

    /// <summary>Deletes a tree, first making it writable again (best effort: this runs while another error propagates).</summary>
    internal static void DeleteTree(string path)
    {
        try
        {
            if (!Directory.Exists(path)) return;
            var all = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
            if (OperatingSystem.IsWindows())
            {
                foreach (var f in Directory.EnumerateFiles(path, "*", all)) File.SetAttributes(f, FileAttributes.Normal);
            }
            else
            {
                const UnixFileMode rwx = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
                File.SetUnixFileMode(path, rwx);
                foreach (var d in Directory.EnumerateDirectories(path, "*", all)) File.SetUnixFileMode(d, rwx);
            }
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
