using System.Text;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Storage;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Zips;

namespace ModuleSdk.Proxy.Tests;

/// <summary>
/// The one conformance suite every storage backend passes (<see cref="IModuleStorage"/>'s
/// contract): whole-or-nothing commits with the info last, concurrent writers of one version,
/// readers during a write, listing, deletion, access times, and a write that fails half-way.
/// Each backend is a subclass that says how to make a fresh, empty storage.
/// </summary>
public abstract class StorageConformanceTests
{
    private TempDir _dir = null!;

    /// <summary>A fresh, empty storage; <paramref name="dir"/> is a scratch folder for it.</summary>
    protected abstract Task<IModuleStorage> CreateAsync(string dir);

    /// <summary>Cleans up after <see cref="CreateAsync"/> (containers, servers).</summary>
    protected virtual Task DestroyAsync(IModuleStorage storage) => Task.CompletedTask;

    [TestInitialize]
    public void MakeDir() => _dir = new TempDir("storage");

    [TestCleanup]
    public void RemoveDir() => _dir.Dispose();

    private async Task With(Func<IModuleStorage, Task> test)
    {
        var storage = await CreateAsync(_dir.Combine("store"));
        try
        {
            await test(storage);
        }
        finally
        {
            await DestroyAsync(storage);
        }
    }

    /// <summary>A real module zip for path@version, its hash, info and module file.</summary>
    internal VersionToStore Version(string path, string version, string content = "x")
    {
        string zip = _dir.Combine(Guid.NewGuid().ToString("N") + ".zip");
        var mod = Encoding.UTF8.GetBytes($"module {path}\n");
        using (var f = File.Create(zip))
            ModuleZip.Create(f, new ModuleId(path, version),
                [new MemoryModuleFile("module.mod", mod), new MemoryModuleFile("a.cs", Encoding.UTF8.GetBytes("// " + content + "\n"))]);
        var info = RevInfoJson.Format(new RevInfo(version, new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        return VersionToStore.FromFile(path, version, info, mod, zip, Sums.Hash1.HashZip(zip));
    }

    /// <summary>The zip bytes a version carries.</summary>
    internal static byte[] Bytes(VersionToStore v)
    {
        using var s = v.OpenZip();
        var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    /// <summary>A stream that delivers half of its source, then fails: an upstream or disk dying mid-write.</summary>
    private sealed class FailingHalfway(Stream inner, long failAt) : Stream
    {
        private long _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= failAt) throw new IOException("connection reset (simulated, mid-write)");
            int n = inner.Read(buffer, offset, (int)Math.Min(count, failAt - _read));
            _read += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    private static async Task<byte[]?> Read(IModuleStorage s, string path, string version, StoredFileKind kind)
    {
        await using var f = await s.OpenAsync(path, version, kind, CancellationToken.None);
        if (f is null) return null;
        byte[] data = await f.ReadAllAsync(CancellationToken.None);
        Assert.AreEqual(f.Length, data.Length, "Length agrees with the content");
        return data;
    }

    [TestMethod]
    public Task SaveThenRead_GivesBackEveryFile() => With(async s =>
    {
        var v = Version("example.com/A/b", "v1.2.0+incompatible");
        Assert.IsFalse(await s.ExistsAsync(v.Path, v.Version, default));
        Assert.IsNull(await Read(s, v.Path, v.Version, StoredFileKind.Zip));
        await s.SaveAsync(v, default);
        Assert.IsTrue(await s.ExistsAsync(v.Path, v.Version, default));
        CollectionAssert.AreEqual(v.Info, await Read(s, v.Path, v.Version, StoredFileKind.Info));
        CollectionAssert.AreEqual(v.Mod, await Read(s, v.Path, v.Version, StoredFileKind.Mod));
        CollectionAssert.AreEqual(Bytes(v), await Read(s, v.Path, v.Version, StoredFileKind.Zip));
        Assert.AreEqual(v.ZipHash, Encoding.UTF8.GetString((await Read(s, v.Path, v.Version, StoredFileKind.ZipHash))!));
        Assert.IsNull(await Read(s, "example.com/a/b", v.Version, StoredFileKind.Info), "paths are case-sensitive");
    });

    [TestMethod]
    public Task Listing_ShowsCommittedVersionsOnly() => With(async s =>
    {
        await s.SaveAsync(Version("example.com/m", "v1.0.0"), default);
        await s.SaveAsync(Version("example.com/m", "v1.1.0-pre"), default);
        await s.SaveAsync(Version("example.com/m/v2", "v2.0.0"), default);
        await s.SaveAsync(Version("example.com/other", "v0.1.0"), default);
        CollectionAssert.AreEquivalent(new[] { "v1.0.0", "v1.1.0-pre" }, (await s.ListVersionsAsync("example.com/m", default)).ToArray());
        CollectionAssert.AreEquivalent(new[] { "v2.0.0" }, (await s.ListVersionsAsync("example.com/m/v2", default)).ToArray());
        Assert.AreEqual(0, (await s.ListVersionsAsync("example.com/none", default)).Count);
        var all = new List<ModuleId>();
        await foreach (var id in s.ListAllAsync(default)) all.Add(id);
        CollectionAssert.AreEquivalent(new[]
        {
            new ModuleId("example.com/m", "v1.0.0"), new ModuleId("example.com/m", "v1.1.0-pre"),
            new ModuleId("example.com/m/v2", "v2.0.0"), new ModuleId("example.com/other", "v0.1.0"),
        }, all);
    });

    [TestMethod]
    public Task SecondSave_ChangesNothing() => With(async s =>
    {
        var first = Version("example.com/m", "v1.0.0", "first");
        var second = Version("example.com/m", "v1.0.0", "second");
        await s.SaveAsync(first, default);
        await s.SaveAsync(second, default);
        CollectionAssert.AreEqual(Bytes(first), await Read(s, "example.com/m", "v1.0.0", StoredFileKind.Zip));
    });

    [TestMethod]
    public Task ConcurrentWriters_OneConsistentVersionWins() => With(async s =>
    {
        var writers = Enumerable.Range(0, 8).Select(i => Version("example.com/m", "v1.0.0", "writer " + i)).ToList();
        await Task.WhenAll(writers.Select(w => Task.Run(() => s.SaveAsync(w, default))));
        byte[] zip = (await Read(s, "example.com/m", "v1.0.0", StoredFileKind.Zip))!;
        string hash = Encoding.UTF8.GetString((await Read(s, "example.com/m", "v1.0.0", StoredFileKind.ZipHash))!);
        var winner = writers.Single(w => w.ZipHash == hash);
        CollectionAssert.AreEqual(Bytes(winner), zip, "the zip and its hash come from the same writer");
        Assert.AreEqual(1, (await s.ListVersionsAsync("example.com/m", default)).Count);
    });

    [TestMethod]
    public Task ReadersDuringWrite_SeeNothingOrEverything() => With(async s =>
    {
        var v = Version("example.com/m", "v1.0.0");
        byte[] expected = Bytes(v);
        using var stop = new CancellationTokenSource();
        int seen = 0;
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (await Read(s, v.Path, v.Version, StoredFileKind.Zip) is { } zip)
                {
                    CollectionAssert.AreEqual(expected, zip, "a committed version is whole");
                    Assert.IsNotNull(await Read(s, v.Path, v.Version, StoredFileKind.Mod));
                    Interlocked.Increment(ref seen);
                }
                await Task.Yield();
            }
        })).ToList();
        await s.SaveAsync(v, default);
        await Task.Delay(100);
        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.IsTrue(seen > 0);
    });

    [TestMethod]
    public Task Delete_RemovesTheVersionAtOnce() => With(async s =>
    {
        var v = Version("example.com/m", "v1.0.0");
        await s.SaveAsync(v, default);
        await s.SaveAsync(Version("example.com/m", "v1.1.0"), default);
        Assert.IsTrue(await s.DeleteAsync(v.Path, v.Version, default));
        Assert.IsFalse(await s.ExistsAsync(v.Path, v.Version, default));
        Assert.IsNull(await Read(s, v.Path, v.Version, StoredFileKind.Zip));
        CollectionAssert.AreEqual(new[] { "v1.1.0" }, (await s.ListVersionsAsync(v.Path, default)).ToArray());
        Assert.IsFalse(await s.DeleteAsync(v.Path, v.Version, default));
        await s.SaveAsync(v, default);
        Assert.IsTrue(await s.ExistsAsync(v.Path, v.Version, default), "a deleted version can be stored again");
    });

    [TestMethod]
    public Task AccessTimes_AreRecorded() => With(async s =>
    {
        var v = Version("example.com/m", "v1.0.0");
        Assert.IsNull(await s.LastAccessAsync(v.Path, v.Version, default));
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        await s.SaveAsync(v, default);
        var stored = await s.LastAccessAsync(v.Path, v.Version, default);
        Assert.IsTrue(stored >= before, "storing counts as an access");
        var old = new DateTimeOffset(2020, 5, 6, 7, 8, 9, TimeSpan.Zero);
        await s.TouchAsync(v.Path, v.Version, old, default);
        var last = await s.LastAccessAsync(v.Path, v.Version, default);
        Assert.IsTrue(Math.Abs((last!.Value - old).TotalSeconds) < 2, $"{last} vs {old}");
    });

    [TestMethod]
    public Task FailedWrite_LeavesNothingVisible_AndARetrySucceeds() => With(async s =>
    {
        var v = Version("example.com/m", "v1.0.0");
        // The zip stream dies half-way through (an upstream killed, a disk gone): the write fails part-way.
        long half = Bytes(v).Length / 2;
        var broken = v with { OpenZip = () => new FailingHalfway(v.OpenZip(), half) };
        await Assert.ThrowsAsync<Exception>(() => s.SaveAsync(broken, default), "the failure is reported");
        Assert.IsFalse(await s.ExistsAsync(v.Path, v.Version, default));
        Assert.IsNull(await Read(s, v.Path, v.Version, StoredFileKind.Info));
        Assert.AreEqual(0, (await s.ListVersionsAsync(v.Path, default)).Count);
        await s.SaveAsync(v, default);
        CollectionAssert.AreEqual(Bytes(v), await Read(s, v.Path, v.Version, StoredFileKind.Zip));
    });

    [TestMethod]
    public Task Check_Succeeds() => With(s => s.CheckAsync(default));
}

[TestClass]
public sealed class MemoryStorageConformanceTests : StorageConformanceTests
{
    protected override Task<IModuleStorage> CreateAsync(string dir) => Task.FromResult<IModuleStorage>(new MemoryStorage());
}

[TestClass]
public sealed class DiskStorageConformanceTests : StorageConformanceTests
{
    protected override Task<IModuleStorage> CreateAsync(string dir) => Task.FromResult<IModuleStorage>(new DiskStorage(dir));

    [TestMethod]
    public async Task Layout_IsAFileProxy_ThatTheEngineReads()
    {
        using var dir = new TempDir("disk");
        var s = new DiskStorage(dir.Path);
        var v = Version("example.com/Upper", "v1.0.0");
        await s.SaveAsync(v, default);
        Assert.IsTrue(File.Exists(Path.Combine(dir.Path, "example.com", "!upper", "@v", "v1.0.0.zip")));
        // No temporary or lock file is left looking like a version.
        Assert.IsFalse(Directory.EnumerateFiles(dir.Path, "*.tmp*", SearchOption.AllDirectories).Any());
        var client = new ProxyClient(new Uri(dir.Path + "/").AbsoluteUri);
        Assert.AreEqual("v1.0.0", (await client.StatAsync("example.com/Upper", "v1.0.0")).Version);
        CollectionAssert.AreEqual(v.Mod, await client.GetModAsync("example.com/Upper", "v1.0.0"));
        await s.SaveAsync(Version("example.com/Upper", "v0.9.0"), default);
        await s.SaveAsync(Version("example.com/Upper", "v0.0.0-20240102030405-abcdefabcdef"), default);
        CollectionAssert.AreEqual(new[] { "v0.9.0", "v1.0.0" }, (await client.VersionsAsync("example.com/Upper")).ToArray(), "@v/list: tagged versions");
        await s.DeleteAsync("example.com/Upper", "v0.9.0", default);
        CollectionAssert.AreEqual(new[] { "v1.0.0" }, (await client.VersionsAsync("example.com/Upper")).ToArray());
    }

    [TestMethod]
    public async Task HalfWrittenVersion_WithoutInfo_IsInvisible()
    {
        // What a crash between the zip's rename and the info's leaves behind.
        using var dir = new TempDir("disk");
        var s = new DiskStorage(dir.Path);
        var v = Version("example.com/m", "v1.0.0");
        await s.SaveAsync(v, default);
        File.Delete(Path.Combine(dir.Path, "example.com", "m", "@v", "v1.0.0.info"));
        Assert.IsFalse(await s.ExistsAsync(v.Path, v.Version, default));
        await using (var zip = await s.OpenAsync(v.Path, v.Version, StoredFileKind.Zip, default))
            Assert.IsNull(zip);
        Assert.AreEqual(0, (await s.ListVersionsAsync(v.Path, default)).Count);
        await s.SaveAsync(v, default);
        Assert.IsTrue(await s.ExistsAsync(v.Path, v.Version, default), "the next fetch repairs it");
    }
}

[TestClass]
public sealed class AzureBlobStorageConformanceTests : StorageConformanceTests
{
    private static ServerProcess? _azurite;

    [ClassInitialize]
    public static void StartAzurite(TestContext _)
    {
        if (ServerProcess.AzuritePath() is not null) _azurite = ServerProcess.StartAzurite();
    }

    [ClassCleanup]
    public static void StopAzurite() => _azurite?.Dispose();

    protected override async Task<IModuleStorage> CreateAsync(string dir)
    {
        if (_azurite is null) throw ServerProcess.Missing(ServerProcess.AzuriteMissing);
        // A container per test: the tests of the class share one Azurite.
        var storage = new AzureBlobStorage(_azurite.AzuriteConnectionString, "t" + Guid.NewGuid().ToString("N"));
        await storage.InitializeAsync(default);
        return storage;
    }
}
