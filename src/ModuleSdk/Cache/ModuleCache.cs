using System.Security.Cryptography;
using System.Text;
using ModuleSdk.IO;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Sums;

namespace ModuleSdk.Cache;

/// <summary>
/// The module cache (SPEC §6): Go's <c>GOMODCACHE</c> layout under one root directory.
/// <code>
/// cache/download/&lt;escpath&gt;/@v/list                  versions whose .mod is cached
/// cache/download/&lt;escpath&gt;/@v/&lt;escver&gt;.info       RevInfo JSON
/// cache/download/&lt;escpath&gt;/@v/&lt;escver&gt;.mod        the module.mod, checked against module.sum on every read
/// cache/download/&lt;escpath&gt;/@v/&lt;escver&gt;.zip        the module zip
/// cache/download/&lt;escpath&gt;/@v/&lt;escver&gt;.ziphash    the zip's h1: hash, 47 bytes, no newline
/// cache/download/&lt;escpath&gt;/@v/&lt;escver&gt;.lock       serializes zip download and extraction
/// cache/download/&lt;escpath&gt;/@v/&lt;escver&gt;.partial    present while (or if a crash interrupted) extracting
/// &lt;escpath&gt;@&lt;escver&gt;/                                extracted source, read-only
/// cache/vcs/&lt;hex sha256(vcs:url)&gt;/                    git clones for direct mode
/// </code>
/// Paths and versions are case-escaped (<see cref="PathEscaping"/>), so the layout works on
/// case-insensitive file systems. This type computes paths and reads state; the download flow
/// that writes it is <see cref="ModuleFetcher"/>. Instances are immutable and thread-safe.
/// </summary>
public sealed class ModuleCache
{
    /// <summary>The environment variable that overrides the cache location.</summary>
    public const string EnvironmentVariable = Configuration.ModuleSettings.CacheVariable;

    /// <summary>Creates a cache over <paramref name="root"/>, which must be an absolute path (it need not exist yet).</summary>
    public ModuleCache(string root)
    {
        if (string.IsNullOrWhiteSpace(root) || !Path.IsPathFullyQualified(root))
        {
            throw new ModuleException(DiagnosticCodes.CacheRootInvalid,
                $"module cache path must be absolute, not \"{root}\": set {EnvironmentVariable} to an absolute path");
        }
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    /// <summary>The cache root (<c>MODCACHE</c>).</summary>
    public string Root { get; }

    /// <summary><c>$root/cache/download</c>: the proxy-layout part of the cache.</summary>
    public string DownloadRoot => Path.Combine(Root, "cache", "download");

    /// <summary><c>$root/cache/vcs</c>: repositories cloned by direct mode.</summary>
    public string VcsRoot => Path.Combine(Root, "cache", "vcs");

    /// <summary>
    /// The default cache root, <c>~/.modulesdk/pkg/mod</c> (<c>%USERPROFILE%\.modulesdk\pkg\mod</c>
    /// on Windows): the counterpart of Go's <c>$GOPATH/pkg/mod</c> with <c>~/.modulesdk</c> as the
    /// GOPATH, kept apart from NuGet's <c>~/.nuget/packages</c> and from Go's own cache.
    /// </summary>
    public static string DefaultRoot => Configuration.ModuleSettings.DefaultCacheRoot();

    /// <summary>
    /// The cache named by <paramref name="modcache"/> (normally the value of <c>MODCACHE</c> or the
    /// <c>ModuleCache</c> MSBuild property), or the <see cref="DefaultRoot"/> when it is empty.
    /// </summary>
    public static ModuleCache FromSetting(string? modcache) =>
        new(string.IsNullOrWhiteSpace(modcache) ? DefaultRoot : modcache);

    /// <summary>The cache named by the <c>MODCACHE</c> environment variable, or the default one.</summary>
    public static ModuleCache FromEnvironment() => FromSetting(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary><c>cache/download/&lt;escpath&gt;/@v</c>: the per-module download directory.</summary>
    public string VersionsDirectory(string path) =>
        Path.Combine(DownloadRoot, ToNative(PathEscaping.EscapePath(path)), "@v");

    /// <summary><c>cache/download/&lt;escpath&gt;/@v/list</c>.</summary>
    public string ListFile(string path) => Path.Combine(VersionsDirectory(path), "list");

    /// <summary>
    /// <c>cache/download/&lt;escpath&gt;/@v/&lt;escver&gt;.&lt;suffix&gt;</c> for a suffix such as
    /// <c>info</c>, <c>mod</c>, <c>zip</c>, <c>ziphash</c>, <c>lock</c>, <c>partial</c> (Go's <c>CachePath</c>).
    /// The version must be canonical.
    /// </summary>
    public string CachePath(ModuleId module, string suffix)
    {
        CheckVersion(module);
        return Path.Combine(VersionsDirectory(module.Path), PathEscaping.EscapeVersion(module.Version) + "." + suffix);
    }

    /// <summary>The <c>.info</c> file of a version.</summary>
    public string InfoFile(ModuleId module) => CachePath(module, "info");

    /// <summary>The <c>.mod</c> file of a version.</summary>
    public string ModFile(ModuleId module) => CachePath(module, "mod");

    /// <summary>The <c>.zip</c> file of a version.</summary>
    public string ZipFile(ModuleId module) => CachePath(module, "zip");

    /// <summary>The <c>.ziphash</c> file of a version.</summary>
    public string ZipHashFile(ModuleId module) => CachePath(module, "ziphash");

    /// <summary>The <c>.lock</c> file that serializes downloading and extracting a version.</summary>
    public string LockFile(ModuleId module) => CachePath(module, "lock");

    /// <summary>The <c>.partial</c> marker present while a version is being extracted.</summary>
    public string PartialFile(ModuleId module) => CachePath(module, "partial");

    /// <summary><c>&lt;escpath&gt;@&lt;escver&gt;</c>: where a version is extracted.</summary>
    public string ModuleDirectory(ModuleId module)
    {
        CheckVersion(module);
        return Path.Combine(Root, ToNative(PathEscaping.EscapePath(module.Path) + "@" + PathEscaping.EscapeVersion(module.Version)));
    }

    /// <summary>
    /// <c>cache/vcs/&lt;hex sha256(vcs + ":" + url)&gt;</c>: the clone of one repository for
    /// direct mode (Go's <c>codehost.WorkDir</c>). Its lock file is the same path plus <c>.lock</c>.
    /// </summary>
    public string VcsDirectory(string vcs, string url)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(vcs + ":" + url));
        return Path.Combine(VcsRoot, Convert.ToHexStringLower(hash));
    }

    /// <summary>
    /// Whether the extracted directory of <paramref name="module"/> can be used: it must exist,
    /// have no <c>.partial</c> marker and have a <c>.ziphash</c> (Go's <c>DownloadDir</c>). A
    /// directory without its <c>.ziphash</c> counts as partial because the ziphash is written
    /// before extraction starts; its absence means the download state was lost or tampered with.
    /// </summary>
    public ModuleDirectoryState GetDirectoryState(ModuleId module)
    {
        var dir = ModuleDirectory(module);
        if (!Directory.Exists(dir)) return File.Exists(dir) ? ModuleDirectoryState.Partial : ModuleDirectoryState.Missing;
        if (File.Exists(PartialFile(module))) return ModuleDirectoryState.Partial;
        if (!File.Exists(ZipHashFile(module))) return ModuleDirectoryState.Partial;
        return ModuleDirectoryState.Complete;
    }

    /// <summary>
    /// The recorded <c>.ziphash</c> of a version, or null when it is missing or not a valid hash
    /// (wrong length or NUL bytes from a write cut short), in which case it should be recomputed from the zip.
    /// </summary>
    public string? ReadZipHash(ModuleId module)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(ZipHashFile(module));
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        var text = Encoding.UTF8.GetString(data).Trim();
        // Go recomputes a ziphash that has the wrong length or NUL bytes; any text that is not
        // exactly a Hash1 is treated the same way here.
        return Hash1.IsValid(text) ? text : null;
    }

    /// <summary>
    /// The versions listed in <c>@v/list</c>, in file order; empty when there is no list.
    /// </summary>
    public IReadOnlyList<string> ReadVersionList(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(ListFile(path));
        }
        catch (FileNotFoundException) { return []; }
        catch (DirectoryNotFoundException) { return []; }
        var result = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            var v = line.Trim();
            if (v.Length > 0) result.Add(v);
        }
        return result;
    }

    /// <summary>
    /// Rebuilds <c>@v/list</c> from the <c>.mod</c> files present (Go's <c>rewriteVersionList</c>):
    /// a version is listed only when its module file is cached, because without it the version is
    /// unusable; zips are not required. Runs under <c>@v/list.lock</c> so concurrent rebuilds do
    /// not interleave, and writes atomically so a file proxy serving the cache never sees half a list.
    /// </summary>
    public void RewriteVersionList(string path, TimeSpan lockTimeout, CancellationToken cancellationToken = default)
    {
        var dir = VersionsDirectory(path);
        var list = Path.Combine(dir, "list");
        using var _ = FileLock.Acquire(list + ".lock", lockTimeout, cancellationToken);
        var versions = new List<string>();
        // One listing of @v finds the module files and the list's stray temporary files (which
        // only a crashed writer leaves; we hold the lock all writers of the list take).
        foreach (var file in Directory.EnumerateFiles(dir))
        {
            var name = Path.GetFileName(file);
            if (!name.EndsWith(".mod", StringComparison.Ordinal))
            {
                if (AtomicFile.IsTemporaryFileOf(name, "list"))
                {
                    try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                }
                continue;
            }
            string version;
            try
            {
                version = PathEscaping.UnescapeVersion(name[..^".mod".Length]);
            }
            catch (ModuleException)
            {
                continue;
            }
            if (version.Length > 0 && ModuleVersion.Canonical(version) == version) versions.Add(version);
        }
        Semver.Sort(versions);
        var text = new StringBuilder();
        foreach (var v in versions) text.Append(v).Append('\n');
        var content = text.ToString();
        if (File.Exists(list) && File.ReadAllText(list) == content) return; // no edit needed
        // Not synced, as in Go: an OS crash may leave it empty, and the next module file fetched
        // for this path rewrites it (ModuleFetcher's remarks).
        AtomicFile.WriteAllText(list, content, durable: false);
    }

    /// <summary>
    /// Removes the whole cache (<c>dotnet mod clean -modcache</c>), read-only files and directories
    /// included. Refuses (<see cref="DiagnosticCodes.CleanRefused"/>) a root that does not look like a
    /// module cache, so a mistyped <c>MODCACHE=$HOME</c> cannot wipe a home directory: the root must
    /// not be a file-system root or the home directory, and must hold nothing but <c>cache/</c> and
    /// <c>&lt;escpath&gt;</c> trees, with <c>cache/</c> holding only <c>download</c>, <c>vcs</c> and
    /// lock files. A missing root is already clean. Like Go's, cleaning while another process
    /// downloads into the cache is not supported.
    /// <para>
    /// The checksum databases' verified tree heads (<c>cache/download/sumdb/&lt;name&gt;/latest</c>)
    /// are kept: they are what a later lookup's tree must be consistent with, so forgetting them would
    /// let a forked log go unnoticed. Go keeps them outside the module cache
    /// (<c>GOPATH/pkg/sumdb</c>), where <c>go clean -modcache</c> does not reach; their tiles and
    /// lookups are cache and go.
    /// </para>
    /// </summary>
    public void Clean()
    {
        if (!Directory.Exists(Root)) return;
        CheckLooksLikeCache();
        var heads = ReadTreeHeads();
        try
        {
            ReadOnlyTree.Remove(Root);
            foreach (var (file, note) in heads)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                AtomicFile.WriteAllBytes(file, note);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.CacheIoError, $"cleaning module cache {Root}: {e.Message}", e);
        }
    }

    /// <summary>The root of the checksum databases' folders (SPEC §11).</summary>
    private string SumDbRoot => Path.Combine(DownloadRoot, "sumdb");

    private List<(string File, byte[] Note)> ReadTreeHeads()
    {
        var heads = new List<(string, byte[])>();
        if (!Directory.Exists(SumDbRoot)) return heads;
        // No other file there is named "latest": tiles are named by numbers, lookups by M@V.
        foreach (var file in Directory.EnumerateFiles(SumDbRoot, "latest", SearchOption.AllDirectories))
            heads.Add((file, File.ReadAllBytes(file)));
        return heads;
    }

    private void CheckLooksLikeCache()
    {
        string? reason = null;
        var full = Root;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (Path.GetPathRoot(full) is { } fsRoot && Path.TrimEndingDirectorySeparator(fsRoot) == full) reason = "it is a file-system root";
        else if (!string.IsNullOrEmpty(home)
            && string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(home)), full,
                OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
            reason = "it is the home directory";
        else
        {
            foreach (var entry in new DirectoryInfo(full).EnumerateFileSystemInfos())
            {
                if (entry.Name == "cache" && entry is DirectoryInfo cacheDir)
                {
                    foreach (var inner in cacheDir.EnumerateFileSystemInfos())
                    {
                        if (inner is DirectoryInfo && inner.Name is "download" or "vcs") continue;
                        if (inner is FileInfo && (inner.Name == "lock" || inner.Name.EndsWith(".lock", StringComparison.Ordinal))) continue;
                        reason = $"cache{Path.DirectorySeparatorChar}{inner.Name} is not part of a module cache";
                        break;
                    }
                }
                else if (entry is DirectoryInfo)
                {
                    // Top-level directories are the first elements of module paths ("example.com"),
                    // which always contain a dot and never start with one, or the hidden temporary
                    // directory of an interrupted extraction (".example.com@v1.0.0.tmp-…").
                    bool modulePathElement = entry.Name.Contains('.') && !entry.Name.StartsWith('.');
                    bool extractionTemp = entry.Name.StartsWith('.') && entry.Name.Contains(".tmp-", StringComparison.Ordinal);
                    if (!modulePathElement && !extractionTemp) reason = $"{entry.Name} is not a module path element";
                }
                else
                {
                    reason = $"the file {entry.Name} is not part of a module cache";
                }
                if (reason is not null) break;
            }
        }
        if (reason is not null)
        {
            throw new ModuleException(DiagnosticCodes.CleanRefused,
                $"refusing to clean {full}: it does not look like a module cache ({reason}); check {EnvironmentVariable}");
        }
    }

    private static void CheckVersion(ModuleId module)
    {
        if (!Semver.IsValid(module.Version))
        {
            throw new ModuleException(DiagnosticCodes.InvalidVersion, $"{module.Path}@{module.Version}: non-semver module version \"{module.Version}\"");
        }
        if (ModuleVersion.Canonical(module.Version) != module.Version)
        {
            throw new ModuleException(DiagnosticCodes.NonCanonicalVersion,
                $"{module.Path}@{module.Version}: non-canonical module version \"{module.Version}\"");
        }
    }

    private static string ToNative(string slashPath) =>
        Path.DirectorySeparatorChar == '/' ? slashPath : slashPath.Replace('/', Path.DirectorySeparatorChar);
}
