using System.IO.Compression;
using System.Text;
using ModuleSdk.Cache;
using ModuleSdk.Modules;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Verification;

namespace ModuleSdk.Tests.Cache;

/// <summary>
/// Differential tests against Go 1.19: the same module from the same file proxy, cached by the
/// go command and by <see cref="ModuleFetcher"/>, must give the same cache files; and
/// <see cref="Verifier"/> run over Go's own cache must say what <c>go mod verify</c> says.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class GoCacheConformanceTests
{
    private static readonly ModuleId M = new("example.com/Up", "v1.0.0");

    private static void WriteProxy(string proxy)
    {
        var v = Path.Combine(proxy, "example.com", "!up", "@v");
        Directory.CreateDirectory(v);
        File.WriteAllText(Path.Combine(v, "list"), "v1.0.0\n");
        File.WriteAllText(Path.Combine(v, "v1.0.0.info"), "{\"Version\":\"v1.0.0\",\"Time\":\"2020-01-02T03:04:05Z\"}\n");
        File.WriteAllText(Path.Combine(v, "v1.0.0.mod"), "module example.com/Up\n");
        using var zip = new ZipArchive(File.Create(Path.Combine(v, "v1.0.0.zip")), ZipArchiveMode.Create);
        foreach (var (name, content) in new[] { ("go.mod", "module example.com/Up\n"), ("up.go", "package up\n"), ("sub/x.go", "package sub\n") })
        {
            using var s = zip.CreateEntry("example.com/Up@v1.0.0/" + name).Open();
            s.Write(Encoding.UTF8.GetBytes(content));
        }
    }

    private static (TempDir Dir, string Proxy, string GoPath, string Work) GoDownload()
    {
        GoTool.RequireGo();
        var dir = new TempDir("gocache");
        var proxy = dir.Combine("proxy");
        WriteProxy(proxy);
        var work = dir.Combine("main");
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "go.mod"), "module example.com/main\n\ngo 1.16\n\nrequire example.com/Up v1.0.0\n");
        var goPath = dir.Combine("gopath");
        var r = GoTool.Run(work, goPath, "file://" + proxy, "mod", "download");
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        return (dir, proxy, goPath, work);
    }

    private static string Entries(string dir) => string.Join("\n",
        Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(dir, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));

    [TestMethod]
    public async Task Fetcher_SameProxy_SameCacheFilesAsGo()
    {
        var (dir, proxy, goPath, _) = GoDownload();
        using var _ = dir;
        var goCache = new ModuleCache(Path.Combine(goPath, "pkg", "mod"));
        var ours = new ModuleCache(dir.Combine("ours"));
        var fetcher = new ModuleFetcher(ours, new DirectorySource(proxy), new RecordingChecksums());
        await fetcher.GetInfoAsync(M.Path, M.Version);
        await fetcher.GetModAsync(M);
        await fetcher.DownloadAsync(M);

        var goV = goCache.VersionsDirectory(M.Path);
        var ourV = ours.VersionsDirectory(M.Path);
        Assert.AreEqual(Entries(goV), Entries(ourV).Replace("\nlist.lock", ""), "the same files in @v (ours adds list.lock)");
        foreach (var name in new[] { "list", "v1.0.0.info", "v1.0.0.mod", "v1.0.0.zip", "v1.0.0.ziphash" })
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(goV, name)), File.ReadAllBytes(Path.Combine(ourV, name)), name);
        Assert.AreEqual(Entries(goCache.ModuleDirectory(M)), Entries(ours.ModuleDirectory(M)));
        Assert.AreEqual(goCache.ModuleDirectory(M).Replace(goCache.Root, ""), ours.ModuleDirectory(M).Replace(ours.Root, ""));
    }

    [TestMethod]
    public void Verifier_OverGosCache_SaysWhatGoModVerifySays()
    {
        var (dir, proxy, goPath, work) = GoDownload();
        using var _ = dir;
        var cache = new ModuleCache(Path.Combine(goPath, "pkg", "mod"));
        var verifier = new Verifier(cache);

        void Compare(string step, bool exactMessages = true)
        {
            var go = GoTool.Run(work, goPath, "file://" + proxy, "mod", "verify");
            var goLines = (go.Stdout + go.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var result = verifier.Verify([new ModuleId("example.com/main", ""), M]);
            Assert.AreEqual(go.ExitCode == 0, result.AllVerified, step + ": " + string.Join(" | ", goLines));
            if (exactMessages)
            {
                CollectionAssert.AreEqual(goLines, result.Lines.ToArray(), step);
                return;
            }
            // Go appends its open() error text ("missing ziphash: open …: no such file or
            // directory"); ours names the file in parentheses. The part scripts match is the same.
            const string prefix = "example.com/Up v1.0.0: missing ziphash";
            Assert.HasCount(1, goLines, step);
            StringAssert.StartsWith(goLines[0], prefix + ":");
            StringAssert.StartsWith(result.Lines.Single(), prefix + " (");
        }

        Compare("untouched");
        var file = Path.Combine(cache.ModuleDirectory(M), "up.go");
        CacheTestEnv.MakeWritable(file);
        File.AppendAllText(file, "// edited\n");
        Compare("file edited in dir");
        File.WriteAllText(cache.ZipHashFile(M), "garbage");
        Compare("garbage ziphash");
        File.Delete(cache.ZipHashFile(M));
        Compare("missing ziphash", exactMessages: false);
    }
}
