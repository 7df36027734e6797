using System.Diagnostics;
using System.Text;
using ModuleSdk.Modules;
using ModuleSdk.Tests.Cli;
using ModuleSdk.Tests.Fetching;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Zips;

namespace ModuleSdk.Tests.Hardening;

/// <summary>
/// Inputs that used to end in an unhandled .NET exception (exit 134, a stack trace): each is now
/// one coded error naming the module, file or URL, with nothing half-written left behind.
/// </summary>
[TestClass]
public sealed class NoStackTraceTests
{
    private const string RequireA = "module example.com/main\n\nrequire example.com/a v1.0.0\n";

    private static void AssertOneCodedError(CliResult r, string codePrefix, params string[] mentions)
    {
        var lines = r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        StringAssert.StartsWith(lines[0], "error " + codePrefix, r.ToString());
        Assert.IsFalse(r.Error.Contains("   at ", StringComparison.Ordinal), r.ToString());
        Assert.IsFalse(r.Error.Contains("MOD8004", StringComparison.Ordinal), "an internal error: " + r);
        foreach (var m in mentions) StringAssert.Contains(r.Error, m, r.ToString());
    }

    private static string[] TempFiles(string root) => !Directory.Exists(root) ? []
        : Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p).Contains(".tmp", StringComparison.Ordinal)).ToArray();

    // ---- a proxy redirecting to file:// ----

    [TestMethod]
    public async Task Proxy_RedirectToFileScheme_CodedError_PipeFallsThrough()
    {
        using var f = Universe.Create(RequireA);
        await using var server = new LoopbackServer((req, conn, ct) =>
            LoopbackServer.WriteAsync(conn, 302, "Found", "text/plain", [], headers: ["Location: file:///etc/passwd"], cancellationToken: ct));
        var alone = await f.RunWith("MODPROXY", server.BaseUrl, "download", "example.com/a@v1.0.0");
        Assert.AreEqual(1, alone.ExitCode, alone.ToString());
        AssertOneCodedError(alone, "MOD6", server.BaseUrl, "file:///etc/passwd");
        Assert.IsFalse(alone.Error.Contains("root:", StringComparison.Ordinal), "the redirect must not be followed");

        var piped = await f.RunWith("MODPROXY", server.BaseUrl + "|" + f.Proxy.Url, "download", "example.com/a@v1.0.0");
        Assert.AreEqual(0, piped.ExitCode, piped.ToString());
        Assert.IsTrue(Directory.Exists(f.CacheDir("example.com/a", "v1.0.0")));
    }

    // ---- a version too long to be a file name ----

    [TestMethod]
    public async Task List_HugeVersion_GetLatest_CodedError()
    {
        using var f = Universe.Create("module example.com/main\n");
        string huge = "v1." + "1" + new string('0', 4999) + ".0";
        Assert.IsTrue(Semver.IsValid(huge));
        await using var server = new LoopbackServer((req, conn, ct) =>
        {
            string target = req.Target;
            if (target.EndsWith("/@v/list", StringComparison.Ordinal))
                return LoopbackServer.WriteTextAsync(conn, 200, "OK", "v1.0.0\n" + huge + "\n", cancellationToken: ct);
            if (target.EndsWith(".info", StringComparison.Ordinal))
            {
                string v = Uri.UnescapeDataString(target[(target.LastIndexOf('/') + 1)..^".info".Length]);
                return LoopbackServer.WriteTextAsync(conn, 200, "OK", $"{{\"Version\":\"{v}\",\"Time\":\"2024-01-02T03:04:05Z\"}}", cancellationToken: ct);
            }
            if (target.EndsWith(".mod", StringComparison.Ordinal))
                return LoopbackServer.WriteTextAsync(conn, 200, "OK", "module example.com/h\n", cancellationToken: ct);
            return LoopbackServer.WriteTextAsync(conn, 404, "Not Found", "not found", cancellationToken: ct);
        });
        var r = await f.RunWith("MODPROXY", server.BaseUrl, "get", "example.com/h@latest");
        Assert.AreEqual(1, r.ExitCode, r.ToString());
        AssertOneCodedError(r, "MOD1009", "example.com/h");
        Assert.AreEqual("module example.com/main\n", f.Mod);
        Assert.AreEqual(0, TempFiles(f.Cache).Length);
    }

    // ---- lying and awkward zips through the whole download ----

    private static void ReplaceZip(CliFixture f, IEnumerable<IModuleFile> files)
    {
        var id = new ModuleId("example.com/a", "v1.0.0");
        using var zip = File.Create(f.Proxy.FileOf(id.Path, id.Version, "zip"));
        ModuleZip.Create(zip, id,
            [new MemoryModuleFile("module.mod", Encoding.UTF8.GetBytes(File.ReadAllText(f.Proxy.FileOf(id.Path, id.Version, "mod")))), .. files]);
    }

    [TestMethod]
    public async Task Download_EndRecordClaims65535Entries_CodedError()
    {
        using var f = Universe.Create(RequireA);
        string zip = f.Proxy.FileOf("example.com/a", "v1.0.0", "zip");
        File.WriteAllBytes(zip, LyingZipTests.ClaimEntries(File.ReadAllBytes(zip), 0xFFFF));
        var r = await f.Fails(1, "download", "example.com/a@v1.0.0");
        AssertOneCodedError(r, "MOD", "example.com/a@v1.0.0", "not a valid zip file");
        Assert.IsFalse(Directory.Exists(f.CacheDir("example.com/a", "v1.0.0")));
        Assert.AreEqual(0, TempFiles(f.Cache).Length);
    }

    [TestMethod]
    [DataRow(300, 1, DisplayName = "a 300-character file name")]
    [DataRow(1, 2600, DisplayName = "2600 directories deep")]
    public async Task Download_PathTooLongToExtract_CodedError_NothingLeft(int nameLength, int depth)
    {
        using var f = Universe.Create(RequireA);
        string name = string.Concat(Enumerable.Repeat("d/", depth - 1)) + new string('n', nameLength) + ".cs";
        ReplaceZip(f, [new MemoryModuleFile(name, "class X {}"u8.ToArray())]);
        var r = await f.Fails(1, "download", "example.com/a@v1.0.0");
        AssertOneCodedError(r, "MOD4015", "example.com/a@v1.0.0");
        Assert.IsFalse(Directory.Exists(f.CacheDir("example.com/a", "v1.0.0")));
        var leftovers = Directory.EnumerateDirectories(Path.Combine(f.Cache, "example.com"))
            .Where(d => Path.GetFileName(d).Contains("tmp", StringComparison.Ordinal)).ToArray();
        Assert.AreEqual(0, leftovers.Length, string.Join("\n", leftovers));
    }

    // ---- a full disk under the cache (a small tmpfs; needs root) ----

    private sealed class SmallDisk : IDisposable
    {
        public SmallDisk(string path, string size)
        {
            Path = path;
            Directory.CreateDirectory(path);
            if (!Environment.UserName.Equals("root", StringComparison.Ordinal) || !OperatingSystem.IsLinux())
                Assert.Inconclusive("mounting a small tmpfs needs root on Linux; without it there is no real full disk to test against");
            if (ProcessRunner.Run("mount", ["-t", "tmpfs", "-o", "size=" + size, "tmpfs", path]).ExitCode != 0)
                Assert.Inconclusive("mount -t tmpfs failed (no CAP_SYS_ADMIN in this container)");
        }

        public string Path { get; }

        public void Dispose()
        {
            ProcessRunner.Run("umount", ["-l", Path]);
        }
    }

    [TestMethod]
    public async Task FullDisk_WritingTheZip_MOD7008_NoTmpFiles_NotRetried()
    {
        using var f = Universe.Create(RequireA);
        var random = new byte[400 << 10];
        new Random(7).NextBytes(random);
        ReplaceZip(f, [new MemoryModuleFile("big.bin", random)]);
        using var disk = new SmallDisk(f.Cache, "256k");
        var clock = Stopwatch.StartNew();
        var r = await f.Fails(1, "download", "example.com/a@v1.0.0");
        AssertOneCodedError(r, "MOD7008", "example.com/a");
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(5), "a full disk is not retried like a network failure: " + clock.Elapsed);
        Assert.AreEqual(0, TempFiles(f.Cache).Length, string.Join("\n", TempFiles(f.Cache)));
        Assert.IsFalse(File.Exists(f.CacheFile("example.com/a", "v1.0.0", "zip")));
    }

    [TestMethod]
    public async Task FullDisk_Extracting_MOD7008_NothingLeft()
    {
        using var f = Universe.Create(RequireA);
        // 4 MB of zeros: a zip of a few KB that does not fit once extracted.
        ReplaceZip(f, [new MemoryModuleFile("zeros.bin", new byte[4 << 20])]);
        using var disk = new SmallDisk(f.Cache, "1m");
        var r = await f.Fails(1, "download", "example.com/a@v1.0.0");
        AssertOneCodedError(r, "MOD7008", "example.com/a");
        Assert.IsFalse(Directory.Exists(f.CacheDir("example.com/a", "v1.0.0")));
        var leftovers = Directory.Exists(Path.Combine(f.Cache, "example.com"))
            ? Directory.EnumerateDirectories(Path.Combine(f.Cache, "example.com"))
                .Where(d => Path.GetFileName(d).Contains("tmp", StringComparison.Ordinal)).ToArray() : [];
        Assert.AreEqual(0, leftovers.Length, string.Join("\n", leftovers));
    }

    /// <summary>The same full disk behind an HTTP proxy: the zip is asked for once, not retried as a network failure.</summary>
    [TestMethod]
    public async Task FullDisk_BehindHttpProxy_AskedOnce_MOD7008()
    {
        using var f = Universe.Create(RequireA);
        var random = new byte[400 << 10];
        new Random(7).NextBytes(random);
        ReplaceZip(f, [new MemoryModuleFile("big.bin", random)]);
        await using var server = new LoopbackServer(LoopbackServer.Directory(f.Proxy.Root));
        using var disk = new SmallDisk(f.Cache, "256k");
        var r = await f.RunWith("MODPROXY", server.BaseUrl, "download", "example.com/a@v1.0.0");
        Assert.AreEqual(1, r.ExitCode, r.ToString());
        AssertOneCodedError(r, "MOD7008", "example.com/a");
        Assert.AreEqual(1, server.Count(".zip"), "a full disk is not a network failure to retry");
        Assert.AreEqual(0, TempFiles(f.Cache).Length);
    }
}
