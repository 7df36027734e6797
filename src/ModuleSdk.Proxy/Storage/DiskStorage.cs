using System.Runtime.CompilerServices;
using ModuleSdk.IO;
using ModuleSdk.Cache;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Proxy.Storage;

/// <summary>
/// Versions in a folder with the go command's proxy layout (<c>&lt;escpath&gt;/@v/&lt;escver&gt;.info|.mod|.zip</c>,
/// plus <c>.ziphash</c>), so the folder is itself a <c>file://</c> proxy and a static web server
/// can serve it. Every file is written to a temporary file and renamed into place (the engine's
/// <see cref="AtomicFile"/>), the <c>.info</c> last; writers of one version, in this process or
/// another sharing the folder, serialize on a lock file (the engine's <see cref="FileLock"/>).
/// The time of the last request is the modification time of a <c>.access</c> file.
/// </summary>
public sealed class DiskStorage : IModuleStorage
{
    private readonly string _root;

    /// <summary>Creates the storage under <paramref name="root"/> (created when missing).</summary>
    public DiskStorage(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    /// <inheritdoc/>
    public string Kind => "disk";

    /// <summary>The root folder.</summary>
    public string Root => _root;

    private string VersionDir(string path) => Path.Combine(_root, PathEscaping.EscapePath(path), "@v");

    private string FileOf(string path, string version, string extension) =>
        Path.Combine(VersionDir(path), PathEscaping.EscapeVersion(version) + "." + extension);

    /// <inheritdoc/>
    public Task<bool> ExistsAsync(string path, string version, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(FileOf(path, version, "info")));

    /// <inheritdoc/>
    public Task<StoredFile?> OpenAsync(string path, string version, StoredFileKind kind, CancellationToken cancellationToken)
    {
        if (!File.Exists(FileOf(path, version, "info"))) return Task.FromResult<StoredFile?>(null);
        try
        {
            // Asynchronous, large-buffered reads: zips are streamed to the client as they are read.
            var stream = new FileStream(FileOf(path, version, kind.Extension()), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<StoredFile?>(new StoredFile(stream, stream.Length));
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<StoredFile?>(null); // deleted meanwhile
        }
        catch (DirectoryNotFoundException)
        {
            return Task.FromResult<StoredFile?>(null);
        }
    }

    /// <inheritdoc/>
    public async Task SaveAsync(VersionToStore v, CancellationToken cancellationToken)
    {
        string info = FileOf(v.Path, v.Version, "info");
        if (File.Exists(info)) return;
        try
        {
            using var held = await FileLock.AcquireAsync(FileOf(v.Path, v.Version, "lock"), TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false);
            if (File.Exists(info)) return; // another writer committed while we waited
            using (var zip = AtomicFile.Create(FileOf(v.Path, v.Version, "zip")))
            {
                await using (var source = v.OpenZip())
                    await source.CopyToAsync(zip.Stream, cancellationToken).ConfigureAwait(false);
                zip.Commit();
            }
            AtomicFile.WriteAllBytes(FileOf(v.Path, v.Version, "mod"), v.Mod);
            AtomicFile.WriteAllText(FileOf(v.Path, v.Version, "ziphash"), v.ZipHash);
            Touch(v.Path, v.Version, DateTimeOffset.UtcNow);
            // The commit marker, last: until this rename the version does not exist for readers.
            AtomicFile.WriteAllBytes(info, v.Info);
            WriteList(v.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.ProxyStorageFailed, $"{v.Path}@{v.Version}: storing in {_root} failed: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListVersionsAsync(string path, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(Committed(path));

    private List<string> Committed(string path)
    {
        string dir = VersionDir(path);
        var versions = new List<string>();
        if (Directory.Exists(dir))
        {
            foreach (var f in Directory.EnumerateFiles(dir, "*.info"))
            {
                if (TryUnescapeVersion(Path.GetFileNameWithoutExtension(f)) is { } v) versions.Add(v);
            }
        }
        return versions;
    }

    // The @v/list of Go's layout (tagged versions, one per line), so that the folder is a complete
    // file:// proxy and a static web server can answer list requests too. Rewritten atomically
    // from the committed infos after each commit and deletion; the server itself lists from the
    // infos, so a list a crash left stale misleads no one but a static reader, until the next write.
    private void WriteList(string path)
    {
        var tagged = Committed(path).Where(v => !PseudoVersion.IsPseudoVersion(v)).ToList();
        Semver.Sort(tagged);
        AtomicFile.WriteAllText(Path.Combine(VersionDir(path), "list"), string.Concat(tagged.Select(v => v + "\n")), durable: false);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ModuleId> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var at in Directory.EnumerateDirectories(_root, "@v", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string escPath = Path.GetRelativePath(_root, Path.GetDirectoryName(at)!).Replace('\\', '/');
            string path;
            try
            {
                path = PathEscaping.UnescapePath(escPath);
            }
            catch (ModuleException)
            {
                continue; // not ours
            }
            foreach (var f in Directory.EnumerateFiles(at, "*.info"))
            {
                if (TryUnescapeVersion(Path.GetFileNameWithoutExtension(f)) is { } v) yield return new ModuleId(path, v);
            }
        }
    }

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(string path, string version, CancellationToken cancellationToken)
    {
        string info = FileOf(path, version, "info");
        bool existed = File.Exists(info);
        File.Delete(info);
        foreach (var ext in new[] { "zip", "mod", "ziphash", "access" })
            File.Delete(FileOf(path, version, ext));
        if (existed) WriteList(path);
        return Task.FromResult(existed);
    }

    /// <inheritdoc/>
    public Task TouchAsync(string path, string version, DateTimeOffset when, CancellationToken cancellationToken)
    {
        if (File.Exists(FileOf(path, version, "info"))) Touch(path, version, when);
        return Task.CompletedTask;
    }

    private void Touch(string path, string version, DateTimeOffset when)
    {
        string access = FileOf(path, version, "access");
        if (!File.Exists(access)) File.WriteAllBytes(access, []);
        File.SetLastWriteTimeUtc(access, when.UtcDateTime);
    }

    /// <inheritdoc/>
    public Task<DateTimeOffset?> LastAccessAsync(string path, string version, CancellationToken cancellationToken)
    {
        string info = FileOf(path, version, "info");
        if (!File.Exists(info)) return Task.FromResult<DateTimeOffset?>(null);
        string access = FileOf(path, version, "access");
        var when = File.Exists(access) ? File.GetLastWriteTimeUtc(access) : File.GetLastWriteTimeUtc(info);
        return Task.FromResult<DateTimeOffset?>(new DateTimeOffset(when, TimeSpan.Zero));
    }

    /// <inheritdoc/>
    public Task CheckAsync(CancellationToken cancellationToken)
    {
        // Writable, not just present: a read-only or full disk is not ready to store anything.
        string probe = Path.Combine(_root, ".readyz-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllBytes(probe, [1]);
        File.Delete(probe);
        return Task.CompletedTask;
    }

    private static string? TryUnescapeVersion(string escaped)
    {
        try
        {
            string v = PathEscaping.UnescapeVersion(escaped);
            return Semver.IsValid(v) ? v : null;
        }
        catch (ModuleException)
        {
            return null;
        }
    }
}
