using System.Diagnostics;
using ModuleSdk.IO;
using ModuleSdk.Cache;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;
using ModuleSdk.Sums;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Cache;

/// <summary>
/// A real crash of a real .NET process in the middle of a download: the test host runs itself
/// again, filtered to <see cref="Child_DownloadsAndStallsMidZip"/>, which starts downloading into
/// a shared cache and stalls half-way through the zip while holding the version's lock; the
/// parent checks the lock is held across processes, kills the child with SIGKILL, and then
/// downloads the same module into the same cache.
/// </summary>
[TestClass]
public sealed class CrossProcessTests
{
    private const string RootVariable = "MODSDK_TEST_CHILD_CACHE";
    private const string ProxyVariable = "MODSDK_TEST_CHILD_PROXY";
    private static readonly ModuleId M = new("example.com/lib", "v1.0.0");

    /// <summary>The child's part. Does nothing in a normal run (the variables are unset).</summary>
    [TestMethod]
    public async Task Child_DownloadsAndStallsMidZip()
    {
        var root = Environment.GetEnvironmentVariable(RootVariable);
        var proxy = Environment.GetEnvironmentVariable(ProxyVariable);
        if (root is null || proxy is null) return;
        var fetcher = new ModuleFetcher(new ModuleCache(root), new StallingSource(new DirectorySource(proxy), Path.Combine(root, "stalled")),
            new RecordingChecksums());
        await fetcher.DownloadAsync(M);
    }

    [TestMethod]
    public async Task DownloadingProcessKilledMidZip_NextProcessRepairs()
    {
        if (OperatingSystem.IsWindows()) Assert.Inconclusive("the child is started through the Unix apphost");
        var host = Path.Combine(AppContext.BaseDirectory, "ModuleSdk.Tests");
        if (!File.Exists(host)) Assert.Inconclusive("no test host executable at " + host);

        using var dir = new TempDir("xproc");
        var source = new MemorySource();
        source.Add(M.Path, M.Version, ("a.cs", new string('a', 100_000)), ("b.cs", "b"));
        var proxy = dir.Combine("proxy");
        var v = Path.Combine(proxy, "example.com", "lib", "@v");
        Directory.CreateDirectory(v);
        File.WriteAllBytes(Path.Combine(v, "v1.0.0.zip"), source.Zip(M));
        File.WriteAllText(Path.Combine(v, "v1.0.0.mod"), "module example.com/lib\n");
        var cache = new ModuleCache(dir.Combine("mod"));

        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--filter");
        psi.ArgumentList.Add("FullyQualifiedName~CrossProcessTests.Child_DownloadsAndStallsMidZip");
        psi.Environment[RootVariable] = cache.Root;
        psi.Environment[ProxyVariable] = proxy;
        using var child = Process.Start(psi)!;
        _ = child.StandardOutput.ReadToEndAsync();
        _ = child.StandardError.ReadToEndAsync();
        try
        {
            var stalled = Path.Combine(cache.Root, "stalled");
            var clock = Stopwatch.StartNew();
            while (!File.Exists(stalled))
            {
                Assert.IsFalse(child.HasExited, "the child exited before stalling");
                if (clock.Elapsed > TimeSpan.FromSeconds(60)) Assert.Fail("the child did not reach the middle of the zip");
                await Task.Delay(50);
            }
            Assert.IsFalse(FileLock.TryAcquire(cache.LockFile(M), out _), "the child process holds the version's lock");
            Assert.IsTrue(Directory.EnumerateFiles(cache.VersionsDirectory(M.Path), "v1.0.0.zip*.tmp").Any(), "half a zip in a temporary file");
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        File.Delete(Path.Combine(cache.Root, "stalled"));
        Assert.IsFalse(File.Exists(cache.ZipFile(M)), "the crashed download left no zip");
        Assert.AreEqual(ModuleDirectoryState.Missing, cache.GetDirectoryState(M));

        var fetcher = new ModuleFetcher(cache, new DirectorySource(proxy), new RecordingChecksums(),
            new ModuleFetcherOptions { LockTimeout = TimeSpan.FromSeconds(10) });
        var moduleDir = await fetcher.DownloadAsync(M);
        Assert.AreEqual(Hash1.HashZip(new MemoryStream(source.Zip(M))), Hash1.HashDir(moduleDir, M.ToString()));
        Assert.IsFalse(Directory.EnumerateFiles(cache.VersionsDirectory(M.Path), "*.tmp").Any(), "the crashed writer's temporary file is gone");
    }

    /// <summary>Writes half the zip, signals, then waits (to be killed).</summary>
    private sealed class StallingSource(IModuleSource inner, string signal) : IModuleSource
    {
        public Task<IReadOnlyList<string>> VersionsAsync(string path, string prefix = "", CancellationToken cancellationToken = default) =>
            inner.VersionsAsync(path, prefix, cancellationToken);
        public Task<RevInfo> StatAsync(string path, string revision, CancellationToken cancellationToken = default) =>
            inner.StatAsync(path, revision, cancellationToken);
        public Task<RevInfo> LatestAsync(string path, CancellationToken cancellationToken = default) => inner.LatestAsync(path, cancellationToken);
        public Task<byte[]> GetModAsync(string path, string version, CancellationToken cancellationToken = default) =>
            inner.GetModAsync(path, version, cancellationToken);

        public async Task DownloadZipAsync(string path, string version, Stream destination, CancellationToken cancellationToken = default)
        {
            using var buffer = new MemoryStream();
            await inner.DownloadZipAsync(path, version, buffer, cancellationToken);
            await destination.WriteAsync(buffer.ToArray().AsMemory(0, (int)buffer.Length / 2), cancellationToken);
            await destination.FlushAsync(cancellationToken);
            File.WriteAllText(signal, "");
            await Task.Delay(TimeSpan.FromSeconds(120), cancellationToken);
        }
    }
}
