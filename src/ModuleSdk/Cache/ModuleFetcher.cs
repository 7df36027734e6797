using System.Text;
using ModuleSdk.IO;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;
using ModuleSdk.Sums;
using ModuleSdk.Zips;

namespace ModuleSdk.Cache;

/// <summary>
/// Fills the <see cref="ModuleCache"/> from an <see cref="IModuleSource"/>, checking every hash
/// against an <see cref="IChecksumPolicy"/>: the download half of Go's <c>modfetch</c>
/// (<c>cache.go</c>, <c>fetch.go</c>). Thread-safe, and safe between processes sharing the cache.
/// </summary>
/// <remarks>
/// The invariants, which every method keeps at every instant, so that a crash anywhere leaves a
/// cache the next call repairs:
/// <list type="bullet">
/// <item>Files appear only by atomic rename (<see cref="AtomicFile"/>); a reader never sees a partial file.</item>
/// <item>Bytes whose hash the policy refuses never reach a final cache path.</item>
/// <item>The <c>.ziphash</c> is written before the <c>.zip</c> is renamed into place and before
/// extraction starts, so a directory with a <c>.ziphash</c> and no <c>.partial</c> marker was
/// extracted from a checked zip to the end.</item>
/// <item>Zip download and extraction of a version happen under its <c>.lock</c>; leftovers of a
/// crashed writer (temporary files, a <c>.partial</c> directory) are removed only under that lock,
/// when their writer is certainly gone.</item>
/// </list>
/// <c>.info</c> and <c>.mod</c> files are written without the lock, as in Go: concurrent writers
/// rename identical content into place and the last rename wins.
/// These invariants hold for a killed process. Against an OS crash or power loss only the
/// <c>.ziphash</c>, the record that vouches for the zip and its extraction, is synced before its
/// rename, one sync per version downloaded; Go syncs nothing (docs/design.md, "The module cache on
/// disk"). What such a crash can leave of the other files is repaired on the next read: an empty
/// <c>.info</c> or <c>.mod</c> counts as absent and is fetched again; an empty <c>list</c> is
/// rewritten with the next <c>.mod</c>; a zip torn under its synced <c>.ziphash</c> fails its
/// extraction or <c>verify</c>; and should the <c>.ziphash</c> itself be empty or not a hash, it
/// is recomputed from the zip and checked against the policy.
/// </remarks>
public sealed class ModuleFetcher
{
    private readonly ModuleCache _cache;
    private readonly IModuleSource _source;
    private readonly IChecksumPolicy _checksums;
    private readonly ModuleFetcherOptions _options;

    /// <summary>Creates a fetcher that fills <paramref name="cache"/> from <paramref name="source"/>.</summary>
    public ModuleFetcher(ModuleCache cache, IModuleSource source, IChecksumPolicy checksums, ModuleFetcherOptions? options = null)
    {
        _cache = cache;
        _source = source;
        _checksums = checksums;
        _options = options ?? new ModuleFetcherOptions();
    }

    /// <summary>The cache this fetcher fills.</summary>
    public ModuleCache Cache => _cache;

    private string SourceName => _options.SourceName ?? _source.GetType().Name;

    /// <inheritdoc cref="GetInfoCoreAsync"/>
    /// <remarks>A failure names the module it concerns (<see cref="ModuleException.RelatedModule"/>).</remarks>
    public async Task<RevInfo> GetInfoAsync(string path, string version, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetInfoCoreAsync(path, version, cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleException e) when (e.RelatedModule is null)
        {
            e.RelatedModule = new ModuleId(path, version);
            throw;
        }
    }

    /// <summary>
    /// The <c>.info</c> of a version or revision. A canonical version is answered from the cache
    /// when its <c>.info</c> is there and readable; otherwise the source is asked and the answer
    /// cached under the version it resolved to (a branch or hash resolves to a pseudo-version).
    /// </summary>
    private async Task<RevInfo> GetInfoCoreAsync(string path, string version, CancellationToken cancellationToken = default)
    {
        bool canonical = Semver.IsValid(version) && ModuleVersion.Canonical(version) == version;
        if (canonical)
        {
            var file = _cache.InfoFile(new ModuleId(path, version));
            if (ReadCached(new ModuleId(path, version), file) is { } data && InfoFile.TryParse(data) is { } cached && cached.Version == version) return cached;
        }

        var info = await _source.StatAsync(path, version, cancellationToken).ConfigureAwait(false);
        // As Go's proxyRepo.Stat: a correct version for the path must come back as itself; one
        // that is not (v4.1.2 for a path without /v4) may resolve to another (v4.1.2+incompatible).
        if (canonical && info.Version != version && ModulePath.IsCanonicalFor(path, version))
        {
            throw new ModuleException(DiagnosticCodes.InfoVersionMismatch,
                $"{path}@{version}: {SourceName} returned info for version {info.Version} instead of requested version");
        }
        if (Semver.IsValid(info.Version) && ModuleVersion.Canonical(info.Version) == info.Version)
        {
            var resolved = new ModuleId(path, info.Version);
            WrapIo(resolved, "writing .info", () => AtomicFile.WriteAllBytes(_cache.InfoFile(resolved), InfoFile.Format(info), durable: false));
        }
        return info;
    }

    /// <inheritdoc cref="GetModCoreAsync"/>
    /// <remarks>A failure names the module it concerns (<see cref="ModuleException.RelatedModule"/>).</remarks>
    public async Task<byte[]> GetModAsync(ModuleId module, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetModCoreAsync(module, cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleException e) when (e.RelatedModule is null)
        {
            e.RelatedModule = module;
            throw;
        }
    }

    /// <summary>
    /// The <c>module.mod</c> of a canonical version. A cached copy is checked against the sum
    /// policy on every read, as Go checks <c>go.mod</c> files; a fetched copy is checked before it
    /// is written, and <c>@v/list</c> is rebuilt to include the version.
    /// </summary>
    private async Task<byte[]> GetModCoreAsync(ModuleId module, CancellationToken cancellationToken = default)
    {
        var ready = _checksums.PrepareAsync(module.Path, module.Version);
        var file = _cache.ModFile(module);
        var modVersion = module.Version + SumFile.ModSuffix;
        if (ReadCached(module, file) is { } cached)
        {
            await ready.ConfigureAwait(false);
            CheckSum(module.Path, modVersion, Hash1.HashModFile(cached), "cached", file, fromCache: true, cached);
            return cached;
        }

        var data = await _source.GetModAsync(module.Path, module.Version, cancellationToken).ConfigureAwait(false);
        await ready.ConfigureAwait(false);
        CheckSum(module.Path, modVersion, Hash1.HashModFile(data), "downloaded", $"from {SourceName}", fromCache: false, data);
        WrapIo(module, "writing .mod", () =>
        {
            AtomicFile.WriteAllBytes(file, data, durable: false);
            _cache.RewriteVersionList(module.Path, _options.LockTimeout, cancellationToken);
        });
        return data;
    }

    /// <inheritdoc cref="DownloadZipCoreAsync"/>
    /// <remarks>A failure names the module it concerns (<see cref="ModuleException.RelatedModule"/>).</remarks>
    public async Task<string> DownloadZipAsync(ModuleId module, CancellationToken cancellationToken = default)
    {
        try
        {
            return await DownloadZipCoreAsync(module, cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleException e) when (e.RelatedModule is null)
        {
            e.RelatedModule = module;
            throw;
        }
    }

    /// <summary>
    /// Makes sure the zip of a version is in the cache with its <c>.ziphash</c>, and that hash
    /// agrees with the sum policy; returns the zip's path. A download goes to a temporary file that
    /// is checked (<see cref="ModuleZip.Check"/>), hashed and checked against the policy before
    /// it is renamed into place. A zip left without its <c>.ziphash</c> by a crash is re-hashed, not
    /// downloaded again; an invalid <c>.ziphash</c> is recomputed from the zip (Go does both).
    /// </summary>
    private async Task<string> DownloadZipCoreAsync(ModuleId module, CancellationToken cancellationToken = default)
    {
        var ready = _checksums.PrepareAsync(module.Path, module.Version);
        var zip = _cache.ZipFile(module);
        var zipHash = _cache.ZipHashFile(module);
        if (!File.Exists(zip) || !File.Exists(zipHash))
        {
            using var held = await LockAsync(module, cancellationToken).ConfigureAwait(false);
            await DownloadZipLockedAsync(module, zip, zipHash, ready, cancellationToken).ConfigureAwait(false);
        }
        await CheckZipHashAsync(module, cancellationToken).ConfigureAwait(false);
        return zip;
    }

    /// <inheritdoc cref="DownloadCoreAsync"/>
    /// <remarks>A failure names the module it concerns (<see cref="ModuleException.RelatedModule"/>).</remarks>
    public async Task<string> DownloadAsync(ModuleId module, CancellationToken cancellationToken = default)
    {
        try
        {
            return await DownloadCoreAsync(module, cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleException e) when (e.RelatedModule is null)
        {
            e.RelatedModule = module;
            throw;
        }
    }

    /// <summary>
    /// Makes sure a version is extracted in the cache and returns its directory (Go's
    /// <c>modfetch.Download</c>). Under the version's lock: a partial directory (crashed extraction,
    /// missing <c>.ziphash</c>) is removed, the <c>.partial</c> marker created, the zip extracted
    /// into the final directory, directories made read-only and the marker removed. Readers check
    /// <see cref="ModuleCache.GetDirectoryState"/>, so they never use a directory being written.
    /// The zip's hash is checked against the sum policy every time, cached or not.
    /// </summary>
    private async Task<string> DownloadCoreAsync(ModuleId module, CancellationToken cancellationToken = default)
    {
        var dir = _cache.ModuleDirectory(module);
        if (_cache.GetDirectoryState(module) == ModuleDirectoryState.Complete)
        {
            await CheckZipHashAsync(module, cancellationToken).ConfigureAwait(false);
            return dir;
        }

        // The zip is fetched first and under its own hold of the lock, as in Go, so that a
        // process that only needs the zip does not wait for someone else's extraction.
        var zip = await DownloadZipAsync(module, cancellationToken).ConfigureAwait(false);

        using var held = await LockAsync(module, cancellationToken).ConfigureAwait(false);
        var state = _cache.GetDirectoryState(module);
        if (state == ModuleDirectoryState.Complete) return dir; // another process finished it while we waited

        var partial = _cache.PartialFile(module);
        WrapIo(module, "extracting", () =>
        {
            // Holding the lock means whoever left this directory is gone: safe to remove.
            if (state == ModuleDirectoryState.Partial) ReadOnlyTree.Remove(dir);
            // Extraction temporaries survive only a crash, which also leaves the .partial marker:
            // look for them only then (listing the parent, which holds every module of the same
            // host, for each download made cold downloads quadratic).
            if (File.Exists(partial)) RemoveStaleExtractions(dir);
            // The marker's directory (@v) holds the zip already; the extractor creates the
            // module directory's parents.
            File.WriteAllBytes(partial, []);
        });
        try
        {
            ModuleZip.Extract(zip, module, dir, cancellationToken);
        }
        catch
        {
            // Leave the marker if the directory cannot be removed, so nobody trusts what is left.
            try
            {
                ReadOnlyTree.Remove(dir);
                File.Delete(partial);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            throw;
        }
        // ModuleZip.Extract made the tree read-only before renaming it into place, so a directory
        // that looks complete (no marker) is always read-only; walking it again here cost a
        // directory listing and a chmod per directory of every module.
        WrapIo(module, "extracting", () => File.Delete(partial));
        return dir;
    }

    /// <summary>
    /// Removes the temporary directories of extractions that a crash interrupted: ModuleZip
    /// extracts into a hidden sibling <c>.&lt;name&gt;.tmp-*</c> and renames it into place, and
    /// Go before 1.16 used <c>&lt;name&gt;.tmp-*</c>. Only called under the version's lock, so
    /// their writers are gone.
    /// </summary>
    private static void RemoveStaleExtractions(string dir)
    {
        var parent = Path.GetDirectoryName(dir)!;
        if (!Directory.Exists(parent)) return;
        var name = Path.GetFileName(dir);
        foreach (var pattern in new[] { "." + name + ".tmp-*", name + ".tmp-*" })
        {
            foreach (var stale in Directory.EnumerateDirectories(parent, pattern)) ReadOnlyTree.Remove(stale);
        }
    }

    private async Task DownloadZipLockedAsync(ModuleId module, string zip, string zipHash, Task ready, CancellationToken cancellationToken)
    {
        // Someone may have finished while we waited for the lock.
        bool zipExists = File.Exists(zip);
        if (zipExists && File.Exists(zipHash)) return;

        WrapIo(module, "preparing download", () =>
        {
            // @v exists: the lock file we hold is in it. One listing finds both files' leftovers.
            AtomicFile.RemoveTemporaryFiles(zip, zipHash);
            // An extracted directory without a .ziphash cannot be trusted: our own flow writes the
            // .ziphash before extracting, so its absence means the directory predates it or was
            // tampered with. Mark it partial before a new .ziphash would make it look complete,
            // so that DownloadAsync removes and re-extracts it (Go would keep it).
            var dir = _cache.ModuleDirectory(module);
            if (Directory.Exists(dir) || File.Exists(dir)) File.WriteAllBytes(_cache.PartialFile(module), []);
        });

        if (zipExists)
        {
            // The zip was renamed into place but its .ziphash is gone (deleted, or lost in a
            // file-system crash): re-hash the zip instead of downloading it again, as Go does.
            await ready.ConfigureAwait(false);
            RecordZipHash(module, zip, zipHash, "cached", zip, fromCache: true);
            return;
        }

        using var writer = WrapIo(module, "creating temporary zip", () => AtomicFile.Create(zip, durable: false));
        await _source.DownloadZipAsync(module.Path, module.Version,
            new LocalWriteStream(writer.Stream, $"{module.Path}@{module.Version}: writing {writer.TemporaryPath}"), cancellationToken).ConfigureAwait(false);
        WrapIo(module, "writing zip", writer.CloseTemporaryFile);
        // The rules (entry prefix, names, sizes) are checked on the downloaded bytes before they
        // are trusted with a cache name; the hash comes from the same open of the zip.
        var temporary = writer.TemporaryPath;
        var (checkedZip, hash) = WrapIo(module, "hashing zip", () => Hash1.CheckAndHashZip(temporary, module));
        if (checkedZip.Error is { } error) throw new ModuleException(error.Code, $"{temporary}: {error.Message}", error);
        await ready.ConfigureAwait(false);
        RecordHash(module, hash!, zipHash, "downloaded", $"from {SourceName}", fromCache: false);
        WrapIo(module, "writing zip", writer.Commit);
    }

    /// <summary>Hashes a zip, checks the hash against the policy, then writes the .ziphash (nothing is written on a refusal).</summary>
    private void RecordZipHash(ModuleId module, string zipFile, string zipHash, string label, string origin, bool fromCache) =>
        RecordHash(module, WrapIo(module, "hashing zip", () => Hash1.HashZip(zipFile)), zipHash, label, origin, fromCache);

    /// <summary>Checks a zip's hash against the policy, then writes the .ziphash (nothing is written on a refusal).</summary>
    private void RecordHash(ModuleId module, string hash, string zipHash, string label, string origin, bool fromCache)
    {
        CheckSum(module.Path, module.Version, hash, label, origin, fromCache);
        // Synced (the only cache file that is): it vouches for the zip and the extraction. On an
        // ext4 without a journal this sync also writes back the inode-table blocks the download
        // dirtied, which keeps the allocator from skipping the inodes freed there in the last five
        // minutes one by one; without any sync a download right after a cache deletion was 1.5x
        // slower (docs/benchmarks.md, "Round three").
        WrapIo(module, "writing .ziphash", () => AtomicFile.WriteAllText(zipHash, hash));
    }

    /// <summary>
    /// Go's <c>checkMod</c>: the recorded zip hash must agree with the sum policy. An invalid
    /// <c>.ziphash</c> (truncated, garbage) is recomputed from the zip under the lock.
    /// </summary>
    private async Task CheckZipHashAsync(ModuleId module, CancellationToken cancellationToken)
    {
        await _checksums.PrepareAsync(module.Path, module.Version).ConfigureAwait(false);
        var zipHash = _cache.ZipHashFile(module);
        if (WrapIo(module, "reading .ziphash", () => _cache.ReadZipHash(module)) is { } hash)
        {
            CheckSum(module.Path, module.Version, hash, "cached", zipHash, fromCache: true);
            return;
        }

        using var held = await LockAsync(module, cancellationToken).ConfigureAwait(false);
        if (WrapIo(module, "reading .ziphash", () => _cache.ReadZipHash(module)) is { } again)
        {
            CheckSum(module.Path, module.Version, again, "cached", zipHash, fromCache: true);
            return;
        }
        var zip = _cache.ZipFile(module);
        if (!File.Exists(zip))
        {
            throw new ModuleException(DiagnosticCodes.ZipHashInvalid,
                $"verifying {module.Path}@{module.Version}: invalid or missing {zipHash} and no zip to recompute it from; " +
                $"run 'dotnet mod clean -modcache' or delete {_cache.ModuleDirectory(module)} and restore again");
        }
        RecordZipHash(module, zip, zipHash, "cached", zip, fromCache: true);
    }

    private void CheckSum(string path, string version, string hash, string label, string origin, bool fromCache, byte[]? modFile = null)
    {
        var result = modFile is null ? _checksums.Check(path, version, hash) : _checksums.Check(path, version, hash, modFile);
        // Go's wording: "P@V: verifying go.mod: ..." for a module file, "verifying P@V: ..." for a zip.
        string subject = version.EndsWith(SumFile.ModSuffix, StringComparison.Ordinal)
            ? $"{path}@{version[..^SumFile.ModSuffix.Length]}: verifying {SumFile.ModSuffix[1..]}"
            : $"verifying {path}@{version}";
        switch (result.Outcome)
        {
            case ChecksumOutcome.Verified:
            case ChecksumOutcome.Added:
                return;
            case ChecksumOutcome.MissingInLockedMode:
                throw new ModuleException(DiagnosticCodes.ChecksumMissing,
                    $"{subject}: missing module.sum entry, and locked mode forbids adding it to {result.RecordedIn ?? "module.sum"}\n" +
                    $"\t{label}: {hash} ({origin})\n" +
                    "restore once without locked mode (ModuleLockedMode=false, outside CI) and commit module.sum")
                {
                    RelatedModule = Concerned(path, version),
                    Checksum = new ChecksumProblem(hash, origin, null, result.SumFile ?? result.RecordedIn ?? "module.sum", 0),
                };
            case ChecksumOutcome.Mismatch:
                var message = new StringBuilder()
                    .Append($"{subject}: checksum mismatch\n")
                    .Append($"\t{label}: {hash} ({origin})\n")
                    .Append($"\tmodule.sum: {result.RecordedHash} ({result.RecordedIn ?? "module.sum"})\n\n")
                    .Append("SECURITY ERROR\n");
                if (fromCache)
                {
                    message.Append("The module cache does NOT match the hash recorded in module.sum.\n")
                        .Append("The cached copy may have been modified, or module.sum edited by hand.\n")
                        .Append("'dotnet mod verify' checks the cache; 'dotnet mod clean -modcache' empties it.");
                }
                else
                {
                    message.Append("This download does NOT match an earlier download recorded in module.sum.\n")
                        .Append("The bits may have been replaced on the origin server, or an attacker may\n")
                        .Append("have intercepted the download attempt. Nothing was added to the module cache.");
                }
                throw new ModuleException(DiagnosticCodes.ChecksumMismatch, message.ToString())
                {
                    RelatedModule = Concerned(path, version),
                    Checksum = new ChecksumProblem(hash, origin, result.RecordedHash, result.SumFile ?? result.RecordedIn ?? "module.sum", result.SumLine),
                };
            default:
                throw new InvalidOperationException($"unknown checksum outcome {result.Outcome}");
        }
    }

    // The module a sum key names: "v1.0.0/module.mod" concerns v1.0.0.
    private static ModuleId Concerned(string path, string version) =>
        new(path, version.EndsWith(SumFile.ModSuffix, StringComparison.Ordinal) ? version[..^SumFile.ModSuffix.Length] : version);

    private async Task<FileLock> LockAsync(ModuleId module, CancellationToken cancellationToken)
    {
        var lockFile = _cache.LockFile(module);
        try
        {
            return await FileLock.AcquireAsync(lockFile, _options.LockTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.CacheIoError, $"{module.Path}@{module.Version}: locking {lockFile}: {e.Message}", e);
        }
    }

    // A cached file, or null when absent; a failure to read names the module.
    private static byte[]? ReadCached(ModuleId module, string file)
    {
        try
        {
            return TryReadFile(file);
        }
        catch (ModuleException e)
        {
            throw new ModuleException(e.Code, $"{module.Path}@{Shorten(module.Version)}: {e.Message}", e.InnerException);
        }
    }

    private static byte[]? TryReadFile(string file)
    {
        try
        {
            // Empty counts as absent: no valid .info or module file is empty, and an empty file
            // is what an OS crash leaves of a cache file renamed into place without a sync
            // (see AtomicFile.Create): fetched again instead of trusted.
            var data = File.ReadAllBytes(file);
            return data.Length == 0 ? null : data;
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        catch (PathTooLongException e)
        {
            throw TooLong(file, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Present but unreadable (permissions, a directory where a file belongs): a local
            // problem to fix, not a reason to fetch the file again over it.
            throw new ModuleException(DiagnosticCodes.CacheIoError, $"reading {file}: {e.Message}", e);
        }
    }

    // A module path or version whose cache file name the file system cannot hold (a valid
    // version may have thousands of digits; a file name has at most 255 bytes).
    private static ModuleException TooLong(string file, Exception e) =>
        new(DiagnosticCodes.VersionTooLongForCache,
            $"module cache file name too long ({Path.GetFileName(file).Length} characters; file systems allow 255): " +
            $"{Path.GetFileName(file)[..Math.Min(80, Path.GetFileName(file).Length)]}...", e);

    private static string Shorten(string version) => version.Length > 80 ? version[..60] + "..." + version[^10..] : version;

    private static void WrapIo(ModuleId module, string what, Action action) =>
        WrapIo<object?>(module, what, () => { action(); return null; });

    private static T WrapIo<T>(ModuleId module, string what, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (PathTooLongException e)
        {
            throw new ModuleException(DiagnosticCodes.VersionTooLongForCache,
                $"{module.Path}@{Shorten(module.Version)}: {what}: version too long for a module cache file name (file systems allow 255 bytes)", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // InvalidDataException: a cached zip that is not a zip at all (disk corruption or tampering).
            throw new ModuleException(DiagnosticCodes.CacheIoError, $"{module.Path}@{module.Version}: {what}: {e.Message}", e);
        }
    }
}
