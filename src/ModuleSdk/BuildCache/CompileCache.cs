using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ModuleSdk.IO;

namespace ModuleSdk.BuildCache;

/// <summary>
/// The machine-wide build cache (Go's <c>GOCACHE</c>): the outputs of module copies'
/// compilations, one directory per key, <c>&lt;root&gt;/&lt;first two hex digits&gt;/&lt;key&gt;/</c>,
/// holding the outputs by role, a <c>manifest</c> (length and SHA-256 of each) and
/// <c>inputs.txt</c> (what the key is the hash of, for explaining a miss).
/// </summary>
/// <remarks>
/// An entry is written whole in <c>tmp/</c> and renamed into place, so a reader sees a complete
/// entry or none; two builds publishing one key both write, the first rename wins and the other
/// discards its copy (same key, same bytes: compilation is deterministic). A killed build leaves at
/// most a directory in <c>tmp/</c>, which trimming removes. Readers check every file against the
/// manifest while copying it out (a truncated or edited entry is removed and compiled again), and
/// copy, never link: a later compilation writes its output file in place, which through a link
/// would rewrite the cache. The manifest's modification time is the entry's last use, refreshed at
/// most hourly as Go does, and <see cref="Trim"/> removes entries unused for five days, then the
/// least recently used until the cache fits its size limit.
/// </remarks>
public sealed class CompileCache
{
    /// <summary>The file listing an entry's outputs; its modification time is the entry's last use.</summary>
    public const string ManifestName = "manifest";

    /// <summary>The file that marks a directory as a build cache (Go writes one in GOCACHE too).</summary>
    public const string ReadmeName = "README";

    /// <summary>The description of the key's inputs, kept beside the outputs.</summary>
    public const string InputsName = "inputs.txt";

    /// <summary>Entries unused for this long are removed by trimming whatever the size (Go's trimLimit).</summary>
    public static readonly TimeSpan UnusedLimit = TimeSpan.FromDays(5);

    /// <summary>How often a build trims (Go trims daily; a size limit needs checking more often).</summary>
    public static readonly TimeSpan TrimInterval = TimeSpan.FromHours(1);

    // Go refreshes an entry's time only when older than this, to keep hits from writing.
    private static readonly TimeSpan UseInterval = TimeSpan.FromHours(1);

    // A temporary directory older than this belongs to a killed build (a publish takes milliseconds).
    private static readonly TimeSpan StaleTemporary = TimeSpan.FromHours(1);

    /// <summary>The cache at <paramref name="root"/> (created on first store).</summary>
    public CompileCache(string root) => Root = Path.GetFullPath(root);

    /// <summary>The cache's root directory.</summary>
    public string Root { get; }

    private string Temporary => Path.Combine(Root, "tmp");

    /// <summary>The directory of <paramref name="key"/>'s entry.</summary>
    public string EntryDirectory(string key)
    {
        if (key.Length != 64 || !key.All(char.IsAsciiHexDigitLower)) throw new ArgumentException("not a build cache key: " + key, nameof(key));
        return Path.Combine(Root, key[..2], key);
    }

    /// <summary>The complete entry of <paramref name="key"/>, marked used; null when there is none.</summary>
    public CacheEntry? Find(string key, DateTime now)
    {
        string dir = EntryDirectory(key);
        string manifest = Path.Combine(dir, ManifestName);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(manifest);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        if (lines.Length == 0 || lines[0] != CompileInputs.Format) return null;
        var files = new List<CachedFile>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var parts = line.Split(' ');
            if (parts.Length != 3 || !IsRole(parts[0]) || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long length))
                return null;
            files.Add(new CachedFile(parts[0], length, parts[2]));
        }
        try
        {
            if (now - File.GetLastWriteTimeUtc(manifest) > UseInterval) File.SetLastWriteTimeUtc(manifest, now);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only cache (shared, mounted) still serves hits; only trimming order suffers.
        }
        return new CacheEntry(key, dir, files);
    }

    /// <summary>
    /// Copies <paramref name="entry"/>'s outputs to <paramref name="destinations"/> (role to path),
    /// each through a temporary file beside its destination, checked against the manifest before
    /// it replaces the destination. Throws <see cref="CorruptEntryException"/> (and removes the
    /// entry) when a file does not match, <see cref="FileNotFoundException"/> when a role is missing
    /// or the entry went away meanwhile (trimmed), and <see cref="IOException"/> when the copy fails.
    /// </summary>
    public void Extract(CacheEntry entry, IReadOnlyDictionary<string, string> destinations)
    {
        foreach (var (role, destination) in destinations)
        {
            var file = entry.File(role) ?? throw new FileNotFoundException($"build cache entry {entry.Key} has no {role} output");
            string temp = destination + "." + Guid.NewGuid().ToString("N")[..8] + AtomicFile.TempSuffix;
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
                var (length, digest) = CopyHashing(Path.Combine(entry.Directory, role), temp);
                if (length != file.Length || digest != file.Sha256)
                {
                    Remove(entry.Directory);
                    throw new CorruptEntryException(
                        $"build cache entry {entry.Directory}: {role} has {length} bytes with SHA-256 {digest}, " +
                        $"its manifest says {file.Length} bytes with {file.Sha256}; the entry was removed");
                }
                File.Move(temp, destination, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Stores <paramref name="outputs"/> (role to path) under <paramref name="key"/>, with
    /// <paramref name="inputs"/> (<see cref="CompileInputs.Describe"/>) beside them. Returns false
    /// when an entry for the key already exists (another build stored it first). Throws
    /// <see cref="IOException"/> when writing fails (a full disk), leaving nothing behind.
    /// </summary>
    public bool Store(string key, IReadOnlyDictionary<string, string> outputs, string inputs)
    {
        string final = EntryDirectory(key);
        if (File.Exists(Path.Combine(final, ManifestName))) return false;
        string temp = Path.Combine(Temporary, key[..8] + "-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(temp);
            if (!File.Exists(Path.Combine(Root, ReadmeName)))
                AtomicFile.WriteAllText(Path.Combine(Root, ReadmeName),
                    "This directory holds the ModuleSdk build cache: module copies' compiled outputs, " +
                    "by the key of their inputs (docs/design.md, \"The build cache\").\n" +
                    "Remove it with: dotnet mod clean -buildcache\n", durable: false);
            var manifest = new StringBuilder(CompileInputs.Format).Append('\n');
            foreach (var (role, path) in outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                if (!IsRole(role)) throw new ArgumentException("not an output role: " + role, nameof(outputs));
                var (length, digest) = CopyHashing(path, Path.Combine(temp, role));
                manifest.Append(role).Append(' ').Append(length.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(digest).Append('\n');
            }
            File.WriteAllText(Path.Combine(temp, InputsName), inputs);
            // The manifest last: its presence is what makes an entry.
            File.WriteAllText(Path.Combine(temp, ManifestName), manifest.ToString());
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            try
            {
                Directory.Move(temp, final);
            }
            catch (IOException) when (Directory.Exists(final))
            {
                return false;
            }
            return true;
        }
        finally
        {
            if (Directory.Exists(temp)) DeleteTree(temp);
        }
    }

    /// <summary>
    /// Removes entries unused for <see cref="UnusedLimit"/>, then the least recently used until
    /// the entries fit in <paramref name="sizeLimit"/> bytes, and temporary directories left by
    /// killed builds. Returns how many entries were removed and the bytes left.
    /// </summary>
    public (int Removed, long Bytes) Trim(long sizeLimit, DateTime now)
    {
        var entries = new List<(string Dir, DateTime Used, long Bytes)>();
        if (Directory.Exists(Root))
        {
            foreach (var shard in Directory.EnumerateDirectories(Root).Where(d => Path.GetFileName(d) is { Length: 2 } n && n.All(char.IsAsciiHexDigitLower)))
            {
                foreach (var dir in Directory.EnumerateDirectories(shard))
                {
                    try
                    {
                        var files = new DirectoryInfo(dir).GetFiles();
                        var manifest = files.FirstOrDefault(f => f.Name == ManifestName);
                        // No manifest: not an entry any reader would use (removed below as garbage).
                        entries.Add((dir, manifest?.LastWriteTimeUtc ?? DateTime.MinValue, files.Sum(f => f.Length)));
                    }
                    catch (DirectoryNotFoundException)
                    {
                        // Trimmed by another build meanwhile.
                    }
                }
            }
        }
        int removed = 0;
        long total = entries.Sum(e => e.Bytes);
        foreach (var (dir, used, bytes) in entries.OrderBy(e => e.Used))
        {
            if (now - used <= UnusedLimit && total <= sizeLimit) break;
            Remove(dir);
            removed++;
            total -= bytes;
        }
        if (Directory.Exists(Temporary))
        {
            foreach (var dir in Directory.EnumerateDirectories(Temporary))
                if (now - Directory.GetLastWriteTimeUtc(dir) > StaleTemporary) DeleteTree(dir);
        }
        return (removed, total);
    }

    /// <summary>
    /// <see cref="Trim"/> when the last trim of this cache is older than <see cref="TrimInterval"/>
    /// and no other build is trimming it; returns whether it trimmed.
    /// </summary>
    public bool TrimIfDue(long sizeLimit, DateTime now)
    {
        string stamp = Path.Combine(Root, "trim.txt");
        if (File.Exists(stamp) && now - File.GetLastWriteTimeUtc(stamp) < TrimInterval) return false;
        if (!FileLock.TryAcquire(Path.Combine(Root, "trim.lock"), out var held)) return false;
        using (held)
        {
            // Another build may have trimmed between the check and the lock.
            if (File.Exists(stamp) && now - File.GetLastWriteTimeUtc(stamp) < TrimInterval) return false;
            Trim(sizeLimit, now);
            AtomicFile.WriteAllText(stamp, now.ToString("O", CultureInfo.InvariantCulture) + "\n", durable: false);
            File.SetLastWriteTimeUtc(stamp, now);
            return true;
        }
    }

    /// <summary>
    /// Removes every entry and temporary directory (<c>dotnet mod clean -buildcache</c>); the root
    /// and its <c>README</c> stay. A directory without the <c>README</c> every store writes is not
    /// a build cache (a mistyped <c>MODBUILDCACHE</c>): nothing is deleted and
    /// <see cref="Diagnostics.DiagnosticCodes.NotABuildCache"/> is thrown.
    /// </summary>
    public void Clean()
    {
        if (!Directory.Exists(Root)) return;
        if (!File.Exists(Path.Combine(Root, ReadmeName)))
            throw new Diagnostics.ModuleException(Diagnostics.DiagnosticCodes.NotABuildCache,
                $"{Root} is not a build cache (no {ReadmeName}); nothing was removed: check MODBUILDCACHE");
        foreach (var dir in Directory.EnumerateDirectories(Root))
        {
            string name = Path.GetFileName(dir);
            if (name == "tmp") DeleteTree(dir);
            else if (name.Length == 2 && name.All(char.IsAsciiHexDigitLower))
                foreach (var entry in Directory.EnumerateDirectories(dir)
                    .Where(e => Path.GetFileName(e) is { Length: 64 } k && k.StartsWith(name, StringComparison.Ordinal)))
                    Remove(entry);
        }
        File.Delete(Path.Combine(Root, "trim.txt"));
    }

    // An entry leaves in one rename (readers see it whole or not at all), then is deleted.
    private void Remove(string entryDir)
    {
        string trash = Path.Combine(Temporary, "trash-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Temporary);
            Directory.Move(entryDir, trash);
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }
        DeleteTree(trash);
    }

    private static void DeleteTree(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static bool IsRole(string role) => role.Length is > 0 and <= 16 && role.All(char.IsAsciiLetterLower);

    private static (long Length, string Sha256) CopyHashing(string source, string target)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long length = 0;
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            output.Write(buffer, 0, read);
            length += read;
        }
        return (length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
