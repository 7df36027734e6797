using ModuleSdk.BuildCache;
using ModuleSdk.Diagnostics;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.BuildCache;

/// <summary>The build cache's store: atomic publish, concurrent publishers and readers, verified reads, a killed build, a full disk, trimming and
/// clean.</summary>
[TestClass]
public sealed class CompileCacheTests
{
    private static readonly DateTime Now = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);

    private static string Key(int n) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(n)));

    // A compilation's outputs in an obj/ folder.
    private static Dictionary<string, string> Outputs(TempDir dir, string name, int size = 4096, byte fill = 1)
    {
        string obj = dir.Combine(name, "obj");
        Directory.CreateDirectory(obj);
        var outputs = new Dictionary<string, string>
        {
            ["assembly"] = Path.Combine(obj, "Lib.dll"),
            ["ref"] = Path.Combine(obj, "refint", "Lib.dll"),
            ["pdb"] = Path.Combine(obj, "Lib.pdb"),
        };
        Directory.CreateDirectory(Path.Combine(obj, "refint"));
        foreach (var (role, path) in outputs)
            File.WriteAllBytes(path, Enumerable.Range(0, size).Select(i => (byte)(fill + i + role.Length)).ToArray());
        return outputs;
    }

    private static Dictionary<string, string> Destinations(TempDir dir, string name) => new()
    {
        ["assembly"] = dir.Combine(name, "obj", "Lib.dll"),
        ["ref"] = dir.Combine(name, "obj", "refint", "Lib.dll"),
        ["pdb"] = dir.Combine(name, "obj", "Lib.pdb"),
    };

    [TestMethod]
    public void Store_ThenFindAndExtract_GivesTheSameBytes()
    {
        using var dir = new TempDir("bcstore");
        var cache = new CompileCache(dir.Combine("cache"));
        var outputs = Outputs(dir, "app1");
        Assert.IsNull(cache.Find(Key(1), Now));
        Assert.IsTrue(cache.Store(Key(1), outputs, "inputs of key 1\n"));
        var entry = cache.Find(Key(1), Now);
        Assert.IsNotNull(entry);
        Assert.HasCount(3, entry.Files);
        Assert.AreEqual("inputs of key 1\n", File.ReadAllText(Path.Combine(cache.EntryDirectory(Key(1)), CompileCache.InputsName)));
        var destinations = Destinations(dir, "app2");
        cache.Extract(entry, destinations);
        foreach (var (role, path) in destinations)
            CollectionAssert.AreEqual(File.ReadAllBytes(outputs[role]), File.ReadAllBytes(path), role);
        Assert.IsEmpty(Directory.GetFiles(dir.Combine("app2", "obj"), "*.tmp", SearchOption.AllDirectories), "no temporary files left");
        Assert.IsTrue(File.Exists(Path.Combine(cache.Root, CompileCache.ReadmeName)));
        Assert.IsEmpty(Directory.GetFileSystemEntries(Path.Combine(cache.Root, "tmp")), "the temporary entry was renamed away");
    }

    [TestMethod]
    public void Store_SameKeyTwice_SecondFindsItTakenAndTheEntryStaysIntact()
    {
        using var dir = new TempDir("bcstore");
        var cache = new CompileCache(dir.Combine("cache"));
        Assert.IsTrue(cache.Store(Key(1), Outputs(dir, "a", fill: 1), ""));
        Assert.IsFalse(cache.Store(Key(1), Outputs(dir, "b", fill: 7), ""));
        var destinations = Destinations(dir, "c");
        cache.Extract(cache.Find(Key(1), Now)!, destinations);
        CollectionAssert.AreEqual(File.ReadAllBytes(dir.Combine("a", "obj", "Lib.dll")), File.ReadAllBytes(destinations["assembly"]));
    }

    [TestMethod]
    public void ConcurrentPublishersAndReaders_ReadersSeeAWholeEntryOrNone()
    {
        using var dir = new TempDir("bcstore");
        var cache = new CompileCache(dir.Combine("cache"));
        var outputs = Outputs(dir, "src", size: 256 * 1024);
        var expected = File.ReadAllBytes(outputs["assembly"]);
        int stored = 0, hits = 0;
        var publishers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            if (cache.Store(Key(2), outputs, "same inputs\n")) Interlocked.Increment(ref stored);
        }));
        var readers = Enumerable.Range(0, 8).Select(r => Task.Run(() =>
        {
            for (int i = 0; i < 50; i++)
            {
                if (cache.Find(Key(2), Now) is not { } entry) continue;
                var destinations = Destinations(dir, $"reader{r}-{i}");
                cache.Extract(entry, destinations);
                CollectionAssert.AreEqual(expected, File.ReadAllBytes(destinations["assembly"]));
                Interlocked.Increment(ref hits);
            }
        }));
        Task.WaitAll([.. publishers, .. readers]);
        Assert.AreEqual(1, stored, "exactly one publisher wins");
        Assert.IsNotNull(cache.Find(Key(2), Now));
        Assert.IsEmpty(Directory.GetFileSystemEntries(Path.Combine(cache.Root, "tmp")), "losers discard their copies");
    }

    [TestMethod]
    public void PublishersInSeparateProcesses_OneEntryWins()
    {
        // The same rename race across processes, as two builds on one machine: each process stores the key.
        if (OperatingSystem.IsWindows()) Assert.Inconclusive("uses cp and mv from a shell");
        using var dir = new TempDir("bcstore");
        var cache = new CompileCache(dir.Combine("cache"));
        var outputs = Outputs(dir, "src");
        // A process that publishes an entry the way CompileCache.Store does: build in tmp/, then one rename.
        string script = $"set -e; t={cache.Root}/tmp/$$; mkdir -p $t {cache.Root}/{Key(3)[..2]}; " +
                        $"cp {outputs["assembly"]} $t/assembly; printf '{CompileInputs.Format}\\nassembly 4096 x\\n' > $t/manifest; " +
                        $"mv -T $t {cache.EntryDirectory(Key(3))} 2>/dev/null && echo won || echo lost";
        var processes = Enumerable.Range(0, 4).Select(_ => Task.Run(() => ProcessRunner.Run("bash", ["-c", script]))).ToList();
        bool mine = cache.Store(Key(3), outputs, "");
        var results = processes.Select(p => p.Result.Stdout.Trim()).ToList();
        Assert.AreEqual(1, results.Count(r => r == "won") + (mine ? 1 : 0), string.Join(",", results) + " mine=" + mine);
        Assert.IsNotNull(cache.Find(Key(3), Now));
    }

    [TestMethod]
    public void KilledBuild_LeavesOnlyATemporaryDirectory_WhichTrimRemovesLater()
    {
        using var dir = new TempDir("bcstore");
        var cache = new CompileCache(dir.Combine("cache"));
        // What a build killed mid-store leaves: a half-written directory in tmp/, no entry.
        string half = Path.Combine(cache.Root, "tmp", Key(4)[..8] + "-killed");
        Directory.CreateDirectory(half);
        File.WriteAllText(Path.Combine(half, "assembly"), "half");
        Assert.IsNull(cache.Find(Key(4), Now), "nothing is visible");
        cache.Trim(long.MaxValue, DateTime.UtcNow);
        Assert.IsTrue(Directory.Exists(half), "a fresh temporary directory may be a live publisher's");
        Directory.SetLastWriteTimeUtc(half, DateTime.UtcNow.AddHours(-2));
        cache.Trim(long.MaxValue, DateTime.UtcNow);
        Assert.IsFalse(Directory.Exists(half));
        // An entry directory without its manifest (only possible by hand) is no entry either.
        Directory.CreateDirectory(cache.EntryDirectory(Key(5)));
        Assert.IsNull(cache.Find(Key(5), Now));
    }

    [TestMethod]
    public void Extract_EntryChangedOnDisk_IsMOD9204_RemovesItAndLeavesTheDestination()
    {
        using var dir = new TempDir("bcstore");
        var cache = new CompileCache(dir.Combine("cache"));
        cache.Store(Key(6), Outputs(dir, "a"), "");
        var entry = cache.Find(Key(6), Now)!;
        File.AppendAllText(Path.Combine(entry.Directory, "pdb"), "x");
        var destinations = Destinations(dir, "b");
        Directory.CreateDirectory(dir.Combine("b", "obj"));
        File.WriteAllText(destinations["pdb"], "old pdb");
        var e = Assert.ThrowsExactly<CorruptEntryException>(() => cache.Extract(entry, destinations));
        Assert.AreEqual(DiagnosticCodes.BuildCacheEntryCorrupt, e.Code);
        Assert.IsFalse(Directory.Exists(entry.Directory), "the corrupt entry is removed");
        Assert.AreEqual("old pdb", File.ReadAllText(destinations["pdb"]), "a destination is replaced only by a checked file");
        Assert.IsEmpty(Directory.GetFiles(dir.Combine("b", "obj"), "*.tmp", SearchOption.AllDirectories));
    }

    [TestMethod]
    public void Extract_EntryTrimmedAfterFind_IsFileNotFound()
    {
        using var dir = new TempDir("bcstore");
        var cache = new CompileCache(dir.Combine("cache"));
        cache.Store(Key(7), Outputs(dir, "a"), "");
        var entry = cache.Find(Key(7), Now)!;
        cache.Trim(0, Now);
        Assert.Throws<IOException>(() => cache.Extract(entry, Destinations(dir, "b")));
    }

    [TestMethod]
    public void Find_RefreshesTheLastUseAtMostHourly()
    {
        using var dir = new TempDir("bcstore");
        var cache = new CompileCache(dir.Combine("cache"));
        cache.Store(Key(8), Outputs(dir, "a"), "");
        string manifest = Path.Combine(cache.EntryDirectory(Key(8)), CompileCache.ManifestName);
        File.SetLastWriteTimeUtc(manifest, Now.AddMinutes(-30));
        cache.Find(Key(8), Now);
        Assert.AreEqual(Now.AddMinutes(-30), File.GetLastWriteTimeUtc(manifest), "a recent use is not rewritten");
        File.SetLastWriteTimeUtc(manifest, Now.AddHours(-3));
        cache.Find(Key(8), Now);
        Assert.AreEqual(Now, File.GetLastWriteTimeUtc(manifest));
    }

    [TestMethod]
    public void Trim_RemovesUnusedForFiveDays_ThenLeastRecentlyUsedToFit()
    {
        using var dir = new TempDir("bcstore");
        var cache = new CompileCache(dir.Combine("cache"));
        var outputs = Outputs(dir, "a", size: 1000);
        // Entries 0..4 used 1..5 hours ago; entry 5 six days ago.
        for (int i = 0; i <= 5; i++)
        {
            cache.Store(Key(100 + i), outputs, "");
            File.SetLastWriteTimeUtc(Path.Combine(cache.EntryDirectory(Key(100 + i)), CompileCache.ManifestName),
                i == 5 ? Now.AddDays(-6) : Now.AddHours(-1 - i));
        }
        long entryBytes = Directory.GetFiles(cache.EntryDirectory(Key(100))).Sum(f => new FileInfo(f).Length);
        var (removed, bytes) = cache.Trim(entryBytes * 3, Now);
        Assert.AreEqual(3, removed, "the stale one, then the two least recently used");
        Assert.AreEqual(entryBytes * 3, bytes);
        var left = Enumerable.Range(0, 6).Where(i => cache.Find(Key(100 + i), Now) is not null).ToList();
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, left);
    }

    [TestMethod]
    public void TrimIfDue_AtMostOncePerInterval()
    {
        using var dir = new TempDir("bcstore");
        var cache = new CompileCache(dir.Combine("cache"));
        cache.Store(Key(9), Outputs(dir, "a"), "");
        Assert.IsTrue(cache.TrimIfDue(long.MaxValue, Now));
        Assert.IsFalse(cache.TrimIfDue(0, Now.AddMinutes(30)), "trimmed half an hour ago");
        Assert.IsNotNull(cache.Find(Key(9), Now));
        Assert.IsTrue(cache.TrimIfDue(0, Now.AddHours(2)));
        Assert.IsNull(cache.Find(Key(9), Now), "over the limit of 0 bytes");
    }

    [TestMethod]
    public void Clean_RemovesEveryEntry_RefusesADirectoryThatIsNoBuildCache()
    {
        using var dir = new TempDir("bcstore");
        var cache = new CompileCache(dir.Combine("cache"));
        cache.Store(Key(10), Outputs(dir, "a"), "");
        cache.Store(Key(11), Outputs(dir, "a"), "");
        cache.Clean();
        Assert.IsNull(cache.Find(Key(10), Now));
        Assert.IsNull(cache.Find(Key(11), Now));
        Assert.IsTrue(cache.Store(Key(10), Outputs(dir, "a"), ""), "usable after clean");

        string precious = dir.Combine("precious");
        Directory.CreateDirectory(Path.Combine(precious, "ab", "notes"));
        Directory.CreateDirectory(Path.Combine(precious, "tmp"));
        var e = Assert.ThrowsExactly<ModuleException>(() => new CompileCache(precious).Clean());
        Assert.AreEqual(DiagnosticCodes.NotABuildCache, e.Code);
        Assert.IsTrue(Directory.Exists(Path.Combine(precious, "ab", "notes")));
        Assert.IsTrue(Directory.Exists(Path.Combine(precious, "tmp")));
    }

    [TestMethod]
    public void Store_FullDisk_ThrowsIOExceptionAndLeavesNoEntry()
    {
        // A real full disk: a 256 KiB tmpfs (Linux, root); elsewhere inconclusive.
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root") Assert.Inconclusive("needs root on Linux to mount a small tmpfs");
        using var dir = new TempDir("bcfull");
        string mount = dir.Combine("disk");
        Directory.CreateDirectory(mount);
        if (Run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount) != 0) Assert.Inconclusive("cannot mount a tmpfs here");
        try
        {
            var cache = new CompileCache(Path.Combine(mount, "cache"));
            Assert.IsTrue(cache.Store(Key(12), Outputs(dir, "small", size: 1000), ""), "a small entry fits");
            Assert.Throws<IOException>(() => cache.Store(Key(13), Outputs(dir, "big", size: 200 * 1024), ""));
            Assert.IsNull(cache.Find(Key(13), Now));
            Assert.IsFalse(Directory.Exists(cache.EntryDirectory(Key(13))));
            Assert.IsEmpty(Directory.GetFileSystemEntries(Path.Combine(cache.Root, "tmp")), "the partial copy is deleted");
            Assert.IsNotNull(cache.Find(Key(12), Now), "earlier entries are untouched");
        }
        finally
        {
            Run("umount", mount);
        }
    }

    private static int Run(string file, params string[] args) => ProcessRunner.Run(file, args).ExitCode;
}
