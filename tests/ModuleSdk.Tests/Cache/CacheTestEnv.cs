using ModuleSdk.Cache;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Cache;

/// <summary>A fresh cache in a temp directory with a memory source and a recording checksum policy.</summary>
internal sealed class CacheTestEnv : IDisposable
{
    private readonly TempDir _dir = new("cache");

    public CacheTestEnv(TimeSpan? lockTimeout = null)
    {
        Cache = new ModuleCache(_dir.Combine("mod"));
        Fetcher = NewFetcher(lockTimeout);
    }

    public ModuleCache Cache { get; }
    public MemorySource Source { get; } = new();
    public RecordingChecksums Sums { get; } = new();
    public ModuleFetcher Fetcher { get; }
    public string Root => Cache.Root;

    /// <summary>Another fetcher over the same cache, source and sums (another "build" on the machine).</summary>
    public ModuleFetcher NewFetcher(TimeSpan? lockTimeout = null) =>
        new(Cache, Source, Sums, new ModuleFetcherOptions { SourceName = "memory-proxy", LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30) });

    /// <summary>Every file and directory under the cache, relative, '/'-separated, sorted.</summary>
    public List<string> Entries()
    {
        if (!Directory.Exists(Root)) return [];
        return Directory.EnumerateFileSystemEntries(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(p => Path.GetRelativePath(Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Fails if anything under the cache is a leftover of an interrupted write.</summary>
    public void AssertNoLeftovers()
    {
        var leftovers = Entries()
            .Where(e => e.EndsWith(".tmp", StringComparison.Ordinal) || e.Contains(".tmp-", StringComparison.Ordinal)
            || e.EndsWith(".partial", StringComparison.Ordinal)).ToList();
        Assert.IsEmpty(leftovers, "leftovers: " + string.Join(", ", leftovers));
    }

    /// <summary>Makes a path writable so a test can tamper with a read-only cache entry.</summary>
    public static void MakeWritable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            if (File.Exists(path)) File.SetAttributes(path, FileAttributes.Normal);
            return;
        }
        var mode = File.GetUnixFileMode(path) | UnixFileMode.UserWrite;
        File.SetUnixFileMode(path, mode);
    }

    public void Dispose() => _dir.Dispose();
}
