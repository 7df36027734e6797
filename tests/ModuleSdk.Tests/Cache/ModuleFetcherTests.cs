using System.Text;
using ModuleSdk.IO;
using ModuleSdk.Cache;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;
using ModuleSdk.Sums;

namespace ModuleSdk.Tests.Cache;

[TestClass]
public sealed class ModuleFetcherTests
{
    [TestMethod]
    public async Task DownloadAsync_NewModule_ExtractsReadOnlyWithZipHash()
    {
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/Lib", "v1.2.0", ("src/A.cs", "class A {}"), ("README.md", "hi"));

        var dir = await env.Fetcher.DownloadAsync(m);

        Assert.AreEqual(env.Cache.ModuleDirectory(m), dir);
        StringAssert.EndsWith(dir.Replace('\\', '/'), "example.com/!lib@v1.2.0");
        Assert.AreEqual("class A {}", File.ReadAllText(Path.Combine(dir, "src", "A.cs")));
        Assert.AreEqual(ModuleDirectoryState.Complete, env.Cache.GetDirectoryState(m));
        var zipHash = File.ReadAllBytes(env.Cache.ZipHashFile(m));
        Assert.HasCount(47, zipHash, "exactly the h1: string, no newline");
        Assert.AreEqual(Hash1.HashZip(env.Cache.ZipFile(m)), Encoding.ASCII.GetString(zipHash));
        Assert.AreEqual(Hash1.HashDir(dir, "example.com/Lib@v1.2.0"), Encoding.ASCII.GetString(zipHash));
        Assert.AreEqual(Encoding.ASCII.GetString(zipHash), env.Sums.Sums[("example.com/Lib", "v1.2.0")], "the new hash is recorded");
        Assert.IsTrue(File.Exists(env.Cache.LockFile(m)));
        env.AssertNoLeftovers();
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.None,
                File.GetUnixFileMode(Path.Combine(dir, "src", "A.cs")) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
            Assert.AreEqual(UnixFileMode.None, File.GetUnixFileMode(Path.Combine(dir, "src")) & UnixFileMode.UserWrite);
            Assert.AreEqual(UnixFileMode.None, File.GetUnixFileMode(dir) & UnixFileMode.UserWrite);
        }
    }

    [TestMethod]
    public async Task DownloadAsync_Twice_DownloadsOnceAndChecksSumEachTime()
    {
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0", ("a.cs", "a"));
        await env.Fetcher.DownloadAsync(m);
        int checks = env.Sums.Checks;
        await env.NewFetcher().DownloadAsync(m);
        Assert.AreEqual(1, env.Source.ZipDownloads);
        Assert.AreEqual(checks + 1, env.Sums.Checks, "a cached module's ziphash is checked against module.sum on every use");
    }

    [TestMethod]
    public async Task DownloadAsync_CachedZipHashDisagreesWithSum_SecurityError()
    {
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0", ("a.cs", "a"));
        await env.Fetcher.DownloadAsync(m);
        env.Sums.Set(m.Path, m.Version, "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => env.Fetcher.DownloadAsync(m));
        Assert.AreEqual(DiagnosticCodes.ChecksumMismatch, e.Code);
        StringAssert.Contains(e.Message, "SECURITY ERROR");
        StringAssert.Contains(e.Message, "cached: " + env.Cache.ReadZipHash(m) + " (" + env.Cache.ZipHashFile(m) + ")");
        StringAssert.Contains(e.Message, "module.sum: h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= (/repo/module.sum:3)");
    }

    [TestMethod]
    public async Task DownloadZipAsync_DownloadDisagreesWithSum_SecurityErrorAndNothingEntersCache()
    {
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0", ("a.cs", "good"));
        var goodHash = Hash1.HashZip(new MemoryStream(env.Source.Zip(m)));
        env.Sums.Set(m.Path, m.Version, goodHash);
        env.Source.SetZip(m, MemorySource.MakeZip(m, [("module.mod", "module example.com/lib\n"), ("a.cs", "evil")]));
        var badHash = Hash1.HashZip(new MemoryStream(env.Source.Zip(m)));

        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => env.Fetcher.DownloadAsync(m));

        Assert.AreEqual(DiagnosticCodes.ChecksumMismatch, e.Code);
        Assert.AreEqual(
            "verifying example.com/lib@v1.0.0: checksum mismatch\n" +
            $"\tdownloaded: {badHash} (from memory-proxy)\n" +
            $"\tmodule.sum: {goodHash} (/repo/module.sum:3)\n\n" +
            "SECURITY ERROR\n" +
            "This download does NOT match an earlier download recorded in module.sum.\n" +
            "The bits may have been replaced on the origin server, or an attacker may\n" +
            "have intercepted the download attempt. Nothing was added to the module cache.", e.Message);
        Assert.IsFalse(File.Exists(env.Cache.ZipFile(m)));
        Assert.IsFalse(File.Exists(env.Cache.ZipHashFile(m)));
        Assert.AreEqual(ModuleDirectoryState.Missing, env.Cache.GetDirectoryState(m));
        env.AssertNoLeftovers();
    }

    [TestMethod]
    public async Task DownloadAsync_LockedModeAndNoSumLine_ErrorAndNothingEntersCache()
    {
        using var env = new CacheTestEnv();
        env.Sums.Locked = true;
        var m = env.Source.Add("example.com/lib", "v1.0.0");
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => env.Fetcher.DownloadAsync(m));
        Assert.AreEqual(DiagnosticCodes.ChecksumMissing, e.Code);
        StringAssert.StartsWith(e.Message, "verifying example.com/lib@v1.0.0: missing module.sum entry, and locked mode forbids adding it to /repo/module.sum");
        Assert.IsFalse(File.Exists(env.Cache.ZipFile(m)));
        Assert.IsFalse(File.Exists(env.Cache.ZipHashFile(m)));
        env.AssertNoLeftovers();
    }

    [TestMethod]
    [DataRow("other.com/lib@v1.0.0")]
    [DataRow("example.com/lib@v1.0.1")]
    [DataRow("example.com/lib@v1.0.0/../../escape")]
    public async Task DownloadZipAsync_ZipBreaksRules_ZipErrorAndNothingEntersCache(string prefix)
    {
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0");
        env.Source.SetZip(m, MemorySource.MakeZip(m, [("module.mod", "module example.com/lib\n")], prefix));
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => env.Fetcher.DownloadZipAsync(m));
        StringAssert.StartsWith(e.Code, "MOD4");
        Assert.IsFalse(File.Exists(env.Cache.ZipFile(m)));
        Assert.IsFalse(File.Exists(env.Cache.ZipHashFile(m)));
        Assert.IsEmpty(env.Sums.Sums, "a zip that breaks the rules is never hashed into module.sum");
        env.AssertNoLeftovers();
    }

    [TestMethod]
    public async Task DownloadZipAsync_NotFound_PassesThroughAndLeavesNothing()
    {
        using var env = new CacheTestEnv();
        await Assert.ThrowsAsync<ModuleNotFoundException>(() => env.Fetcher.DownloadZipAsync(new ModuleId("example.com/none", "v1.0.0")));
        env.AssertNoLeftovers();
        Assert.IsFalse(File.Exists(env.Cache.ZipFile(new ModuleId("example.com/none", "v1.0.0"))));
    }

    [TestMethod]
    public async Task DownloadAsync_NonCanonicalVersion_Throws()
    {
        using var env = new CacheTestEnv();
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => env.Fetcher.DownloadAsync(new ModuleId("example.com/lib", "v1.0")));
        Assert.AreEqual(DiagnosticCodes.NonCanonicalVersion, e.Code);
        Assert.IsEmpty(env.Entries());
    }

    [TestMethod]
    public async Task GetModAsync_FetchesOnceWritesListAndChecksEveryRead()
    {
        using var env = new CacheTestEnv();
        var m1 = env.Source.Add("example.com/lib", "v1.10.0");
        var m2 = env.Source.Add("example.com/lib", "v1.9.0");
        var data = await env.Fetcher.GetModAsync(m1);
        await env.Fetcher.GetModAsync(m2);
        Assert.AreEqual("module example.com/lib\n", Encoding.UTF8.GetString(data));
        Assert.AreEqual("v1.9.0\nv1.10.0\n", File.ReadAllText(env.Cache.ListFile("example.com/lib")));
        Assert.AreEqual(Hash1.HashModFile(data), env.Sums.Sums[("example.com/lib", "v1.10.0/module.mod")]);

        int checks = env.Sums.Checks;
        var again = await env.NewFetcher().GetModAsync(m1);
        CollectionAssert.AreEqual(data, again);
        Assert.AreEqual(2, env.Source.ModDownloads);
        Assert.AreEqual(checks + 1, env.Sums.Checks);
        env.AssertNoLeftovers();
    }

    [TestMethod]
    public async Task GetModAsync_CachedModTampered_SecurityError()
    {
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0");
        await env.Fetcher.GetModAsync(m);
        File.WriteAllText(env.Cache.ModFile(m), "module example.com/lib\n\nrequire evil.com/x v1.0.0\n");
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => env.Fetcher.GetModAsync(m));
        Assert.AreEqual(DiagnosticCodes.ChecksumMismatch, e.Code);
        StringAssert.StartsWith(e.Message, "example.com/lib@v1.0.0: verifying module.mod: checksum mismatch\n\tcached: h1:");
        StringAssert.Contains(e.Message, env.Cache.ModFile(m));
        StringAssert.Contains(e.Message, "The module cache does NOT match");
    }

    [TestMethod]
    public async Task GetModAsync_DownloadDisagreesWithSum_NothingWritten()
    {
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0");
        env.Sums.Set(m.Path, m.Version + "/module.mod", Hash1.HashModFile("module example.com/lib\n"u8));
        env.Source.SetMod(m, "module example.com/lib\nrequire evil.com/x v1.0.0\n");
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => env.Fetcher.GetModAsync(m));
        Assert.AreEqual(DiagnosticCodes.ChecksumMismatch, e.Code);
        StringAssert.Contains(e.Message, "downloaded: ");
        Assert.IsFalse(File.Exists(env.Cache.ModFile(m)));
        Assert.IsFalse(File.Exists(env.Cache.ListFile(m.Path)));
    }

    [TestMethod]
    public async Task GetInfoAsync_CachesGoFormatJson()
    {
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v2.0.0+incompatible");
        var info = await env.Fetcher.GetInfoAsync(m.Path, m.Version);
        Assert.AreEqual("v2.0.0+incompatible", info.Version);
        Assert.AreEqual("{\"Version\":\"v2.0.0+incompatible\",\"Time\":\"2020-01-02T03:04:05Z\"}", File.ReadAllText(env.Cache.InfoFile(m)));
        var again = await env.NewFetcher().GetInfoAsync(m.Path, m.Version);
        Assert.AreEqual(info, again);
        Assert.AreEqual(1, env.Source.Stats);
    }

    [TestMethod]
    public async Task GetInfoAsync_WithOriginAndFraction_RoundTrips()
    {
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0");
        var origin = new RevOrigin { VCS = "git", URL = "https://example.com/lib.git", Hash = "abc", Ref = "refs/tags/v1.0.0" };
        env.Source.SetInfo(m, new RevInfo("v1.0.0", new DateTimeOffset(2021, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234500), origin));
        await env.Fetcher.GetInfoAsync(m.Path, m.Version);
        Assert.AreEqual("{\"Version\":\"v1.0.0\",\"Time\":\"2021-05-06T07:08:09.12345Z\",\"Origin\":{\"VCS\":\"git\",\"URL\":\"https://example.com/lib.git\"," +
            "\"Hash\":\"abc\",\"Ref\":\"refs/tags/v1.0.0\"}}",
            File.ReadAllText(env.Cache.InfoFile(m)));
        var cached = await env.NewFetcher().GetInfoAsync(m.Path, m.Version);
        Assert.AreEqual(origin, cached.Origin);
        Assert.AreEqual(1, env.Source.Stats);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("{\"Version\":\"v1.0.0\",\"Ti")]
    [DataRow("{\"Version\":\"v9.9.9\",\"Time\":\"2020-01-02T03:04:05Z\"}")]
    [DataRow("[]")]
    public async Task GetInfoAsync_CorruptCachedInfo_RefetchedAndRepaired(string corrupt)
    {
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0");
        Directory.CreateDirectory(env.Cache.VersionsDirectory(m.Path));
        File.WriteAllText(env.Cache.InfoFile(m), corrupt);
        var info = await env.Fetcher.GetInfoAsync(m.Path, m.Version);
        Assert.AreEqual("v1.0.0", info.Version);
        Assert.AreEqual(1, env.Source.Stats);
        StringAssert.StartsWith(File.ReadAllText(env.Cache.InfoFile(m)), "{\"Version\":\"v1.0.0\"");
    }

    [TestMethod]
    public async Task GetInfoAsync_SourceAnswersOtherVersion_Error()
    {
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0");
        env.Source.SetInfo(m, new RevInfo("v1.0.1", MemorySource.Time));
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => env.Fetcher.GetInfoAsync(m.Path, m.Version));
        Assert.AreEqual(DiagnosticCodes.InfoVersionMismatch, e.Code);
        Assert.AreEqual("example.com/lib@v1.0.0: memory-proxy returned info for version v1.0.1 instead of requested version", e.Message);
        Assert.IsFalse(File.Exists(env.Cache.InfoFile(m)));
    }

    [TestMethod]
    public async Task GetInfoAsync_Branch_CachedUnderResolvedVersion()
    {
        using var env = new CacheTestEnv();
        env.Source.Add("example.com/lib", "v1.0.0");
        var m = env.Source.Add("example.com/lib", "v1.1.0");
        var info = await env.Fetcher.GetInfoAsync("example.com/lib", "main");
        Assert.AreEqual("v1.1.0", info.Version);
        Assert.IsTrue(File.Exists(env.Cache.InfoFile(m)));
    }

    // ---- concurrency -------------------------------------------------------------------

    [TestMethod]
    public async Task DownloadAsync_ConcurrentSameModule_OneDownloadOneCorrectResult()
    {
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0", Enumerable.Range(0, 50).Select(i => ($"f{i}.cs", new string('x', i * 100))).ToArray());
        // Stall the first download mid-zip so the others really pile up on the lock.
        env.Source.MidZip = _ => Task.Delay(100);
        var dirs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => env.NewFetcher().DownloadAsync(m))));
        Assert.AreEqual(1, env.Source.ZipDownloads);
        Assert.AreEqual(1, dirs.Distinct().Count());
        Assert.AreEqual(Hash1.HashDir(dirs[0], m.ToString()), env.Cache.ReadZipHash(m));
        Assert.AreEqual(51, Directory.GetFiles(dirs[0]).Length);
        env.AssertNoLeftovers();
    }

    [TestMethod]
    public async Task DownloadAsync_ConcurrentDifferentVersions_AllComplete()
    {
        using var env = new CacheTestEnv();
        var mods = Enumerable.Range(0, 6).Select(i => env.Source.Add("example.com/lib", $"v1.{i}.0", ("a.cs", $"v{i}"))).ToList();
        var dirs = await Task.WhenAll(mods.Select(m => Task.Run(() => env.NewFetcher().DownloadAsync(m))));
        for (int i = 0; i < mods.Count; i++)
        {
            Assert.AreEqual($"v{i}", File.ReadAllText(Path.Combine(dirs[i], "a.cs")));
            Assert.AreEqual(ModuleDirectoryState.Complete, env.Cache.GetDirectoryState(mods[i]));
        }
        env.AssertNoLeftovers();
    }

    [TestMethod]
    public async Task DownloadAsync_LockHeldElsewhere_TimesOutWithoutTouchingCache()
    {
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0");
        using var held = FileLock.Acquire(env.Cache.LockFile(m), TimeSpan.FromSeconds(1));
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => env.NewFetcher(TimeSpan.FromMilliseconds(150)).DownloadAsync(m));
        Assert.AreEqual(DiagnosticCodes.CacheLockTimeout, e.Code);
        Assert.AreEqual(0, env.Source.ZipDownloads);
    }

    [TestMethod]
    public async Task DownloadAsync_OtherProcessHoldsLock_WaitsThenCompletesAfterItDies()
    {
        LockProcess.RequireUnixTools();
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0", ("a.cs", "a"));
        var holder = LockProcess.Hold(env.Cache.LockFile(m));
        Task<string> download;
        try
        {
            download = env.Fetcher.DownloadAsync(m);
            await Task.Delay(200);
            Assert.IsFalse(download.IsCompleted, "must wait for the other process's lock");
            Assert.AreEqual(0, env.Source.ZipDownloads);
        }
        finally
        {
            LockProcess.Kill(holder); // the other process crashes while holding the lock
        }
        var dir = await download;
        Assert.AreEqual("a", File.ReadAllText(Path.Combine(dir, "a.cs")));
    }

    [TestMethod]
    public async Task DownloadAsync_WhileDownloading_OtherProcessSeesLockBusy()
    {
        LockProcess.RequireUnixTools();
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0");
        string? probe = null;
        env.Source.MidZip = _ => { probe = LockProcess.Probe(env.Cache.LockFile(m)); return Task.CompletedTask; };
        await env.Fetcher.DownloadAsync(m);
        Assert.AreEqual("busy", probe, "the zip is downloaded under the version's lock, visible to other processes");
        Assert.AreEqual("free", LockProcess.Probe(env.Cache.LockFile(m)));
    }
}
