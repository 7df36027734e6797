using System.Text;

namespace ModuleSdk.IO;

/// <summary>
/// Writes files so that readers see either the old content or the whole new content, never a
/// partial file: the bytes go to <c>&lt;file&gt;&lt;random&gt;.tmp</c> in the same directory, are
/// flushed to disk, and the temporary file is renamed over the target (Go's <c>renameio</c> and the
/// module cache's <c>tempFile</c> + <c>os.Rename</c>). The rename is atomic because source and
/// target are in one directory, hence on one file system.
/// </summary>
/// <remarks>
/// A crash leaves at most a stray <c>.tmp</c> file, which nothing ever reads. Stray temporary
/// files are removed with <see cref="RemoveTemporaryFiles(string)"/>, which is only safe while holding
/// the lock that serializes the writers of that file (otherwise it could delete a live writer's
/// temporary file).
/// </remarks>
public static class AtomicFile
{
    /// <summary>The suffix of every temporary file.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="contents"/>; <paramref name="durable"/> as in <see cref="Create"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents, bool durable = true)
    {
        using var writer = Create(path, durable);
        writer.Stream.Write(contents);
        writer.Commit();
    }

    /// <summary>
    /// Atomically replaces <paramref name="path"/> with <paramref name="contents"/> as UTF-8 without a byte order mark;
    /// <paramref name="durable"/> as in <see cref="Create"/>.
    /// </summary>
    public static void WriteAllText(string path, string contents, bool durable = true) =>
        WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(contents), durable);

    /// <summary>
    /// Starts an atomic write of <paramref name="path"/>: creates the directory if needed and an
    /// exclusive new temporary file beside the target. Write to <see cref="AtomicFileWriter.Stream"/>,
    /// then <see cref="AtomicFileWriter.Commit"/>; disposing without committing deletes the temporary file.
    /// </summary>
    /// <param name="path">The file to replace.</param>
    /// <param name="durable">
    /// Whether the temporary file is synced to disk before the rename: against an OS crash or power
    /// loss, which could otherwise leave the renamed file empty or torn (a killed process cannot).
    /// Files people edit or that are the only copy of something (<c>module.mod</c>, <c>module.sum</c>)
    /// are synced. Of the module cache's files only the <c>.ziphash</c> is, once per version: the
    /// others (as all of Go's) are not, and what an OS crash leaves of them is detected and fetched
    /// or recomputed again (<c>ModuleFetcher</c>'s remarks; docs/design.md, "The module cache on disk").
    /// </param>
    public static AtomicFileWriter Create(string path, bool durable = true)
    {
        path = Path.GetFullPath(path);
        // CreateNew fails if the name is taken, so two writers never share a temporary file;
        // the random part only has to make collisions rare, as in Go.
        for (int attempt = 0; ; attempt++)
        {
            string temp = path + Random.Shared.Next(0, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture) + TempSuffix;
            try
            {
                var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, bufferSize: 64 * 1024);
                return new AtomicFileWriter(path, temp, stream, durable);
            }
            catch (IOException e) when (attempt < 100 && MissingDirectory(e))
            {
                // The directory is created only when missing: creating it before every write was
                // a failed mkdir and a stat per cache file (docs/benchmarks.md, issue 15).
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            }
            catch (IOException) when (attempt < 100 && File.Exists(temp))
            {
                // Name collision: try another random suffix.
            }
        }
    }

    /// <summary>
    /// Whether a create (<c>O_CREAT</c>) failed because the directory is missing. .NET reports that as
    /// <see cref="DirectoryNotFoundException"/> only if the directory is still missing when it looks
    /// after the failed open; when another thread or process creates it in between, the same
    /// failure arrives as <see cref="FileNotFoundException"/> naming the file (a create never
    /// fails for the file itself being absent).
    /// </summary>
    internal static bool MissingDirectory(IOException e) => e is DirectoryNotFoundException or FileNotFoundException;

    /// <summary>
    /// Reports whether <paramref name="fileName"/> (a bare name) is a temporary file of
    /// <paramref name="targetName"/> (a bare name): <c>target</c> + digits + <c>.tmp</c>.
    /// </summary>
    public static bool IsTemporaryFileOf(string fileName, string targetName)
    {
        if (!fileName.StartsWith(targetName, StringComparison.Ordinal) || !fileName.EndsWith(TempSuffix, StringComparison.Ordinal)) return false;
        var middle = fileName.AsSpan(targetName.Length, fileName.Length - targetName.Length - TempSuffix.Length);
        if (middle.IsEmpty) return false;
        foreach (char c in middle) if (c is < '0' or > '9') return false;
        return true;
    }

    /// <summary>
    /// Deletes the temporary files a crashed writer of <paramref name="path"/> left behind.
    /// Call it only while holding the lock that all writers of <paramref name="path"/> take.
    /// Best effort: a file that cannot be deleted is left, as it is never read anyway.
    /// </summary>
    public static void RemoveTemporaryFiles(string path)
    {
        path = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(path)!;
        var name = Path.GetFileName(path);
        if (!Directory.Exists(dir)) return;
        foreach (var candidate in Directory.EnumerateFiles(dir, name + "*" + TempSuffix))
        {
            if (!IsTemporaryFileOf(Path.GetFileName(candidate), name)) continue;
            TryDelete(candidate);
        }
    }

    /// <summary>
    /// As <see cref="RemoveTemporaryFiles(string)"/> for two files of one directory, listing it
    /// once. Call it only while holding the lock that all writers of both files take.
    /// </summary>
    public static void RemoveTemporaryFiles(string path, string otherPathInSameDirectory)
    {
        path = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(path)!;
        var name = Path.GetFileName(path);
        var other = Path.GetFileName(otherPathInSameDirectory);
        if (Path.GetDirectoryName(Path.GetFullPath(otherPathInSameDirectory)) != dir)
            throw new ArgumentException("not in the same directory", nameof(otherPathInSameDirectory));
        try
        {
            foreach (var candidate in Directory.EnumerateFiles(dir, "*" + TempSuffix))
            {
                var file = Path.GetFileName(candidate);
                if (IsTemporaryFileOf(file, name) || IsTemporaryFileOf(file, other)) TryDelete(candidate);
            }
        }
        catch (DirectoryNotFoundException) { }
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Renames <paramref name="source"/> over <paramref name="destination"/> (same directory).
    /// On Windows a virus scanner or indexer may hold the target open for a moment, so the
    /// rename is retried briefly there, as Go's <c>robustio</c> does.
    /// </summary>
    internal static void Replace(string source, string destination)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                File.Move(source, destination, overwrite: true);
                return;
            }
            catch (Exception e) when (OperatingSystem.IsWindows() && attempt < 10 && e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(10 << Math.Min(attempt, 5));
            }
        }
    }
}
