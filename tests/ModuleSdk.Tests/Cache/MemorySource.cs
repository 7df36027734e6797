using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;

namespace ModuleSdk.Tests.Cache;

/// <summary>
/// An in-memory <see cref="IModuleSource"/> for cache tests: modules added by hand, call counts,
/// and hooks to make a zip download fail, stall or stream slowly.
/// </summary>
internal sealed class MemorySource : IModuleSource
{
    private readonly ConcurrentDictionary<ModuleId, (RevInfo Info, byte[] Mod, byte[] Zip)> _modules = new();
    private int _zipDownloads, _modDownloads, _stats;

    public static readonly DateTimeOffset Time = new(2020, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Runs inside <see cref="DownloadZipAsync"/> after half the zip was written (to fail or stall mid-stream).</summary>
    public Func<ModuleId, Task>? MidZip { get; set; }

    public int ZipDownloads => _zipDownloads;
    public int ModDownloads => _modDownloads;
    public int Stats => _stats;

    /// <summary>Adds a module whose zip holds <c>module.mod</c> and the given files (name → content).</summary>
    public ModuleId Add(string path, string version, params (string Name, string Content)[] files)
    {
        var id = new ModuleId(path, version);
        var mod = Encoding.UTF8.GetBytes($"module {path}\n");
        _modules[id] = (new RevInfo(version, Time), mod, MakeZip(id, [("module.mod", $"module {path}\n"), .. files]));
        return id;
    }

    /// <summary>Replaces the zip a module is served with (a compromised origin).</summary>
    public void SetZip(ModuleId id, byte[] zip) => _modules[id] = _modules[id] with { Zip = zip };

    /// <summary>Replaces the module file a module is served with.</summary>
    public void SetMod(ModuleId id, string mod) => _modules[id] = _modules[id] with { Mod = Encoding.UTF8.GetBytes(mod) };

    /// <summary>Replaces the info a version is served with.</summary>
    public void SetInfo(ModuleId id, RevInfo info) => _modules[id] = _modules[id] with { Info = info };

    public byte[] Zip(ModuleId id) => _modules[id].Zip;

    public static byte[] MakeZip(ModuleId id, IEnumerable<(string Name, string Content)> files, string? prefix = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                var entry = zip.CreateEntry((prefix ?? id.Path + "@" + id.Version) + "/" + name);
                using var s = entry.Open();
                s.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return buffer.ToArray();
    }

    public Task<IReadOnlyList<string>> VersionsAsync(string path, string prefix = "", CancellationToken cancellationToken = default)
    {
        var list = _modules.Keys.Where(k => k.Path == path && k.Version.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k.Version).ToList();
        Semver.Sort(list);
        return Task.FromResult<IReadOnlyList<string>>(list);
    }

    public Task<RevInfo> StatAsync(string path, string revision, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _stats);
        // A "branch" name resolves to the highest version, as a moving ref would.
        if (revision == "main")
        {
            var latest = _modules.Keys.Where(k => k.Path == path).Select(k => k.Version).Order(Semver.Comparer).LastOrDefault();
            if (latest is not null) return Task.FromResult(_modules[new ModuleId(path, latest)].Info);
        }
        return Task.FromResult(Get(path, revision).Info);
    }

    public Task<RevInfo> LatestAsync(string path, CancellationToken cancellationToken = default) => throw new ModuleNotFoundException($"{path}: no @latest");

    public Task<byte[]> GetModAsync(string path, string version, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _modDownloads);
        return Task.FromResult(Get(path, version).Mod.ToArray());
    }

    public async Task DownloadZipAsync(string path, string version, Stream destination, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _zipDownloads);
        var zip = Get(path, version).Zip;
        int half = zip.Length / 2;
        await destination.WriteAsync(zip.AsMemory(0, half), cancellationToken);
        if (MidZip is { } hook) await hook(new ModuleId(path, version));
        cancellationToken.ThrowIfCancellationRequested();
        await destination.WriteAsync(zip.AsMemory(half), cancellationToken);
    }

    private (RevInfo Info, byte[] Mod, byte[] Zip) Get(string path, string version) =>
        _modules.TryGetValue(new ModuleId(path, version), out var m) ? m : throw new ModuleNotFoundException($"{path}@{version}: not found");
}
