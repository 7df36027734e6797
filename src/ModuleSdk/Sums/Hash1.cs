using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Sums;

/// <summary>
/// Go's dirhash Hash1 (<c>h1:</c>): SHA-256 over the sorted list of
/// <c>hex(sha256(content)) + "  " + name + "\n"</c> lines, base64-encoded.
/// </summary>
/// <remarks>
/// Every method is static and keeps no shared state, so callers may hash many modules at once
/// (<c>Parallel.ForEach</c> over a build list). File contents are streamed, never buffered whole.
/// For one very large tree, <see cref="HashDir(string, string, int)"/> spreads the per-file
/// digests over several threads; the result is the same.
/// </remarks>
public static class Hash1
{
    /// <summary>The prefix of every Hash1 string.</summary>
    public const string Prefix = "h1:";

    /// <summary>The length of a Hash1 string: <c>h1:</c> and 44 base64 characters.</summary>
    public const int Length = 47;

    /// <summary>The file name a module file is hashed under for the <c>/module.mod</c> sum line.</summary>
    public const string ModFileName = "module.mod";

    /// <summary>
    /// Hashes named files; names are sorted ordinally over their UTF-8 bytes; a name with a
    /// newline is rejected (<see cref="DiagnosticCodes.HashNameHasNewline"/>). Each stream
    /// <paramref name="open"/> returns is read to its end and disposed.
    /// </summary>
    public static string Hash(IEnumerable<string> names, Func<string, Stream> open)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(open);
        var sorted = SortedNames(names);
        var digests = new byte[sorted.Length][];
        for (int i = 0; i < sorted.Length; i++)
        {
            using var s = open(sorted[i]);
            digests[i] = Digest(s);
        }
        return Combine(sorted, digests);
    }

    /// <summary>
    /// Hashes a module zip: the names are the entry names (<c>path@version/file</c>), exactly as
    /// Go's <c>dirhash.HashZip</c> (which hashes every entry, directory entries included; module
    /// zips made by the go command and by ModuleSdk have none). Throws
    /// <see cref="DiagnosticCodes.HashZipUnreadable"/> when the file is not a readable zip, and
    /// (like Go's zip reader) <see cref="DiagnosticCodes.ZipSizeMismatch"/> or
    /// <see cref="DiagnosticCodes.ZipUnreadable"/> when an entry's content disagrees with its
    /// declared size or CRC-32.
    /// </summary>
    public static string HashZip(string zipFile) => ReadZipFile(zipFile, stream => HashZip(stream, zipFile));

    /// <summary>
    /// Runs <paramref name="read"/> over the bytes of <paramref name="zipFile"/> as a seekable stream.
    /// Most module zips are small: one read of the whole file, then every seek of the zip reader
    /// (end record, directory, each entry's header and data) is in memory. Through a FileStream each
    /// seek dropped its buffer and cost a read system call, about ten per zip, for every zip that
    /// verify hashes and every zip a download checks. A larger zip is read through a buffered stream.
    /// </summary>
    private static T ReadZipFile<T>(string zipFile, Func<Stream, T> read)
    {
        using var handle = File.OpenHandle(zipFile, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = RandomAccess.GetLength(handle);
        if (length > WholeZipLimit)
        {
            // Buffered: the zip reader seeks to the central directory and reads headers in small
            // pieces, which unbuffered would each be a read system call (docs/benchmarks.md).
            using var stream = new FileStream(handle, FileAccess.Read, 4096);
            return read(stream);
        }
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
        try
        {
            int filled = 0;
            while (filled < length)
            {
                int n = RandomAccess.Read(handle, buffer.AsSpan(filled, (int)length - filled), filled);
                if (n == 0) break;
                filled += n;
            }
            using var memory = new MemoryStream(buffer, 0, filled, writable: false);
            return read(memory);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The largest zip <see cref="ReadZipFile"/> reads into memory whole (1 MiB).</summary>
    private const long WholeZipLimit = 1 << 20;

    /// <summary>Hashes a module zip read from a seekable stream; <paramref name="displayName"/> names it in errors.</summary>
    public static string HashZip(Stream zip, string displayName = "zip")
    {
        ArgumentNullException.ThrowIfNull(zip);
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            return HashZip(archive, zip, displayName);
        }
        catch (InvalidDataException ex)
        {
            throw new ModuleException(DiagnosticCodes.HashZipUnreadable, $"{displayName}: not a valid zip file: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The hash of an archive already open over <paramref name="zip"/> (its stream), for callers
    /// that have just read its central directory for another purpose (checking it, see
    /// <see cref="CheckAndHashZip"/>) and should not parse it again.
    /// </summary>
    internal static string HashZip(ZipArchive archive, Stream zip, string displayName)
    {
        try
        {
            // Go keeps the last entry of a duplicated name and hashes it once per occurrence;
            // do the same so even malformed zips hash alike.
            var byName = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            var names = new List<string>(archive.Entries.Count);
            foreach (var e in archive.Entries)
            {
                names.Add(e.FullName);
                byName[e.FullName] = e;
            }
            var raw = Zips.ZipRawEntries.Read(zip, archive, displayName);
            return Hash(names, n => Zips.VerifiedEntryStream.Open(raw, byName[n], displayName));
        }
        catch (InvalidDataException ex)
        {
            throw new ModuleException(DiagnosticCodes.HashZipUnreadable, $"{displayName}: not a valid zip file: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Hashes an extracted module directory as if its files were zip entries under
    /// <paramref name="prefix"/> (<c>path@version</c>): every file below the directory, named
    /// <c>prefix/relative/path</c> with '/' separators (Go's <c>dirhash.HashDir</c>).
    /// </summary>
    public static string HashDir(string directory, string prefix) => HashDir(directory, prefix, 1);

    /// <summary>
    /// As <see cref="HashDir(string, string)"/>, computing the per-file digests on up to
    /// <paramref name="maxDegreeOfParallelism"/> threads (-1: as many as the scheduler likes).
    /// Worth it for one large tree; when hashing many modules at once, parallelize over modules
    /// instead and keep this at 1.
    /// </summary>
    public static string HashDir(string directory, string prefix, int maxDegreeOfParallelism)
    {
        var files = DirFiles(directory, prefix);
        var names = new string[files.Count];
        var paths = new string[files.Count];
        for (int i = 0; i < files.Count; i++) (names[i], paths[i]) = files[i];
        CheckNames(names);
        Array.Sort(names, paths, Utf8Ordinal.Instance);
        var digests = new byte[names.Length][];
        if (maxDegreeOfParallelism == 1 || names.Length < 2)
        {
            for (int i = 0; i < paths.Length; i++) digests[i] = DigestFile(paths[i]);
        }
        else
        {
            Parallel.For(0, paths.Length, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
                i => digests[i] = DigestFile(paths[i]));
        }
        return Combine(names, digests);
    }

    /// <summary>
    /// The files of a directory tree as (hash name, file system path) pairs, hash names being
    /// <c>prefix/rel/path</c> (joined and cleaned as Go's <c>filepath.Join</c>). Like Go's <c>filepath.Walk</c>, symbolic links are listed as files
    /// (opening follows them) and never descended into.
    /// </summary>
    public static IReadOnlyList<(string Name, string FilePath)> DirFiles(string directory, string prefix)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(prefix);
        var root = new DirectoryInfo(directory);
        if (!root.Exists)
        {
            if (File.Exists(directory)) throw new ModuleException(DiagnosticCodes.HashNotADirectory, $"{directory} is not a directory");
            throw new DirectoryNotFoundException($"directory {directory} does not exist");
        }
        var result = new List<(string, string)>();
        var stack = new Stack<(string Dir, string Name)>();
        // Go names each file filepath.Join(prefix, rel), which cleans: "prefix/" gives
        // "prefix/file", never "prefix//file", and "." or "" give the bare relative path.
        string joined = prefix.Length == 0 ? "" : Zips.ZipRules.Clean(prefix);
        if (joined == ".") joined = "";
        stack.Push((root.FullName, joined));
        while (stack.Count > 0)
        {
            var (dir, name) = stack.Pop();
            // The directory entry's type (d_type) says file or directory without a system call;
            // a FileSystemInfo per entry cost an lstat each (verify lists every cached module).
            // Only a directory is asked whether it is a link (an lstat): a link is listed as a
            // file and never descended into, and a link to a file is listed as a file anyway.
            var entries = new System.IO.Enumeration.FileSystemEnumerable<(string Name, string FullPath, bool Descend)>(dir,
                (ref System.IO.Enumeration.FileSystemEntry e) =>
                    (e.FileName.ToString(), e.ToFullPath(), e.IsDirectory && (e.Attributes & FileAttributes.ReparsePoint) == 0),
                NoSkipping);
            foreach (var (entry, fullPath, descend) in entries)
            {
                string entryName = name.Length == 0 ? entry : name.EndsWith('/') ? name + entry : name + "/" + entry;
                if (descend) stack.Push((fullPath, entryName));
                else result.Add((entryName, fullPath));
            }
        }
        return result;
    }

    /// <summary>Hashes module file content under the single name <c>module.mod</c> (the <c>/module.mod</c> sum line).</summary>
    public static string HashModFile(ReadOnlySpan<byte> content) => HashModFile(content, ModFileName);

    /// <summary>
    /// Hashes one file's content under <paramref name="fileName"/>; Go's go.sum uses
    /// <c>go.mod</c>, which lets tests check Go's own vectors.
    /// </summary>
    internal static string HashModFile(ReadOnlySpan<byte> content, string fileName)
    {
        CheckNames([fileName]);
        return Combine([fileName], [SHA256.HashData(content)]);
    }

    /// <summary>Reports whether <paramref name="hash"/> is syntactically a Hash1 string (<c>h1:</c> + base64 of 32 bytes).</summary>
    public static bool IsValid(string? hash)
    {
        if (hash is null || hash.Length != Length || !hash.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        Span<byte> buf = stackalloc byte[33];
        return Convert.TryFromBase64Chars(hash.AsSpan(Prefix.Length), buf, out int n) && n == 32
            && Convert.ToBase64String(buf[..32]) == hash[Prefix.Length..];
    }

    /// <summary>The SHA-256 of a stream's remaining content, read in chunks.</summary>
    internal static byte[] Digest(Stream s) => SHA256.HashData(s);

    private static byte[] DigestFile(string path)
    {
        // Module files are small: read into one pooled buffer and hash it in one shot. A
        // FileStream (with SequentialScan's fadvise) and an incremental hash per file cost more
        // than reading and hashing a typical source file (verify hashes every file of the build list).
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        IncrementalHash? large = null;
        try
        {
            int filled = 0;
            long offset = 0;
            while (true)
            {
                int n = RandomAccess.Read(handle, buffer.AsSpan(filled), offset);
                if (n == 0) break;
                filled += n;
                offset += n;
                if (filled == buffer.Length)
                {
                    large ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    large.AppendData(buffer, 0, filled);
                    filled = 0;
                }
            }
            if (large is null) return SHA256.HashData(buffer.AsSpan(0, filled));
            large.AppendData(buffer, 0, filled);
            return large.GetHashAndReset();
        }
        finally
        {
            large?.Dispose();
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Combines sorted names and their content digests into the h1 string.</summary>
    internal static string Combine(IReadOnlyList<string> sortedNames, IReadOnlyList<byte[]> digests)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var line = new StringBuilder();
        for (int i = 0; i < sortedNames.Count; i++)
        {
            line.Clear().Append(Convert.ToHexStringLower(digests[i])).Append("  ").Append(sortedNames[i]).Append('\n');
            h.AppendData(Encoding.UTF8.GetBytes(line.ToString()));
        }
        return Prefix + Convert.ToBase64String(h.GetHashAndReset());
    }

    private static string[] SortedNames(IEnumerable<string> names)
    {
        var sorted = names.ToArray();
        CheckNames(sorted);
        Array.Sort(sorted, Utf8Ordinal.Instance);
        return sorted;
    }

    private static void CheckNames(IEnumerable<string> names)
    {
        foreach (var n in names)
        {
            if (n.Contains('\n'))
                throw new ModuleException(DiagnosticCodes.HashNameHasNewline,
                    $"dirhash: file name {Quote(n)} contains a newline; file names with newlines are not supported");
        }
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";

    private static readonly EnumerationOptions NoSkipping = new()
    {
        // The defaults skip hidden files, which on Unix means every dot file.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>
    /// Writes the module zip of <paramref name="files"/> into <paramref name="output"/>, as
    /// <see cref="Zips.ModuleZip.Create(Stream, ModuleId, IEnumerable{Zips.IModuleFile})"/> does, and returns its <c>h1:</c> hash,
    /// computed from each file's bytes as they are written into the zip: the same hash
    /// <see cref="HashZip(string)"/> gives for the written zip, without reading it again. The zip
    /// needs no <see cref="CheckAndHashZip"/> afterwards: the rules that check makes on a zip's entries
    /// (names, prefix, collisions, module file, sizes) are checked on the files before anything is
    /// written (a violation throws, MOD4xxx), no file may grow past its declared size while it is
    /// copied, and the written zip's own size is held to the same limit.
    /// </summary>
    /// <exception cref="ModuleException">A file breaks the zip rules, or the zip is too large.</exception>
    public static string CreateZip(Stream output, ModuleId module, IEnumerable<Zips.IModuleFile> files)
    {
        var created = Zips.ZipCreator.Create(output, module, files, Zips.ZipRules.Module, digest: true);
        if (Zips.ZipInspector.CheckZipSize(created.Length) is { } tooLarge) throw tooLarge;
        CheckNames(created.EntryNames);
        return Combine(created.EntryNames, created.Digests!);
    }

    /// <summary>
    /// <see cref="Zips.ModuleZip.CheckZip(string, ModuleId)"/> and, when the zip passes, its <c>h1:</c> hash
    /// (<see cref="HashZip(string)"/>) from the same open of the file: its central
    /// directory is read once, not once for the check and again for the hash. The hash is null
    /// when the check failed (nothing of a refused zip is inflated).
    /// It lives here, beside the hash, because checking is the lower layer (Zips) and hashing the one above it.
    /// </summary>
    /// <exception cref="ModuleException">
    /// The zip cannot be read as a zip (<see cref="DiagnosticCodes.HashZipUnreadable"/>) or names an invalid module.
    /// </exception>
    public static (Zips.CheckedFiles Checked, string? Hash) CheckAndHashZip(string zipFile, ModuleId module)
    {
        ArgumentNullException.ThrowIfNull(zipFile);
        Zips.ZipInspector.CheckModule(module);
        return ReadZipFile(zipFile, stream =>
        {
            if (Zips.ZipInspector.CheckZipSize(stream.Length) is { } tooLarge) return (new Zips.CheckedFiles([], [], [], tooLarge), (string?)null);
            using var zip = Zips.ZipInspector.Open(stream, zipFile);
            var checkedFiles = Zips.ZipInspector.Check(zip, module, Zips.ZipRules.Module, out _);
            if (checkedFiles.Error is not null) return (checkedFiles, null);
            return (checkedFiles, HashZip(zip, stream, zipFile));
        });
    }
}
