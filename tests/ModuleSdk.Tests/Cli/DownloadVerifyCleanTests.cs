using ModuleSdk.Sums;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Cli;

/// <summary><c>download</c>, <c>verify</c> and <c>clean -modcache</c>: the module cache after each.</summary>
[TestClass]
public sealed class DownloadVerifyCleanTests
{
    [TestMethod]
    public async Task Download_Json_FieldsAndCache()
    {
        using var f = Universe.Create();
        var r = await f.Ok("download", "-json", "example.com/b@v1.1.0");
        var objs = CliFixture.JsonObjects(r.Out);
        Assert.AreEqual(1, objs.Count, r.Out);
        var o = objs[0];
        CollectionAssert.AreEqual(new[] { "Path", "Version", "Info", "Mod", "Zip", "Dir", "Sum", "ModSum" }, o.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual("example.com/b", o.GetProperty("Path").GetString());
        Assert.AreEqual("v1.1.0", o.GetProperty("Version").GetString());
        Assert.AreEqual(f.CacheFile("example.com/b", "v1.1.0", "info"), o.GetProperty("Info").GetString());
        Assert.AreEqual(f.CacheFile("example.com/b", "v1.1.0", "mod"), o.GetProperty("Mod").GetString());
        Assert.AreEqual(f.CacheFile("example.com/b", "v1.1.0", "zip"), o.GetProperty("Zip").GetString());
        Assert.AreEqual(f.CacheDir("example.com/b", "v1.1.0"), o.GetProperty("Dir").GetString());
        string zipHash;
        using (var zip = File.OpenRead(f.Proxy.FileOf("example.com/b", "v1.1.0", "zip"))) zipHash = Hash1.HashZip(zip);
        Assert.AreEqual(zipHash, o.GetProperty("Sum").GetString());
        Assert.AreEqual(Hash1.HashModFile(File.ReadAllBytes(f.Proxy.FileOf("example.com/b", "v1.1.0", "mod"))), o.GetProperty("ModSum").GetString());
        Assert.AreEqual(zipHash, File.ReadAllText(f.CacheFile("example.com/b", "v1.1.0", "ziphash")));
        Assert.IsTrue(File.Exists(Path.Combine(f.CacheDir("example.com/b", "v1.1.0"), "src", "Lib.cs")));
        StringAssert.StartsWith(r.Out, "{\n\t\"Path\": \"example.com/b\",\n");
        Assert.AreEqual("", r.Error);
    }

    [TestMethod]
    public async Task Download_All_FillsCacheAndSum()
    {
        using var f = Universe.Create();
        var r = await f.Ok("download");
        Assert.AreEqual("", r.Out + r.Error);
        foreach (var (p, v) in new[] { ("example.com/a", "v1.0.0"), ("example.com/b", "v1.2.0"), ("example.com/c", "v1.0.0"), ("example.com/r", "v1.1.0") })
        {
            Assert.IsTrue(Directory.Exists(f.CacheDir(p, v)), $"{p}@{v}");
            StringAssert.Contains(f.Sum, $"{p} {v} h1:");
        }
        Assert.IsFalse(Directory.Exists(f.CacheDir("example.com/b", "v1.0.0")), "only the selected version is downloaded");
    }

    [TestMethod]
    public async Task Download_Json_ErrorObjectAndExit1()
    {
        using var f = Universe.Create();
        var r = await f.Fails(1, "download", "-json", "example.com/b@v9.0.0");
        var o = CliFixture.JsonObjects(r.Out).Single();
        CollectionAssert.AreEqual(new[] { "Path", "Version", "Error" }, o.EnumerateObject().Select(p => p.Name).ToArray());
        StringAssert.Contains(o.GetProperty("Error").GetString(), "v9.0.0");
        Assert.IsFalse(f.CacheHasAnything("example.com/b", "v9.0.0"));
    }

    [TestMethod]
    public async Task Download_SumEqualsGo()
    {
        GoTool.RequireGo();
        using var f = Universe.Create();
        var ours = CliFixture.JsonObjects((await f.Ok("download", "-json", "example.com/a@v1.1.0")).Out).Single();
        var go = CliFixture.JsonObjects(f.GoOk(Universe.GoTwin("module example.com/main\n"), "mod", "download", "-json", "example.com/a@v1.1.0")).Single();
        Assert.AreEqual(go.GetProperty("Sum").GetString(), ours.GetProperty("Sum").GetString());
        // The module-file hash names the file (module.mod vs go.mod), so it differs from Go's by design.
        Assert.AreNotEqual(go.GetProperty("GoModSum").GetString(), ours.GetProperty("ModSum").GetString());
    }

    [TestMethod]
    public async Task Verify_AllModulesVerified()
    {
        using var f = Universe.Create();
        await f.Ok("download");
        var r = await f.Ok("verify");
        Assert.AreEqual("all modules verified\n", r.Out);
        Assert.AreEqual("", r.Error);
    }

    [TestMethod]
    public async Task Verify_ModifiedDir_Exit1()
    {
        using var f = Universe.Create();
        await f.Ok("download");
        string dir = f.CacheDir("example.com/b", "v1.2.0");
        var file = Path.Combine(dir, "src", "Lib.cs");
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.None, File.GetUnixFileMode(file) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite),
                "extracted files are read-only");
            Assert.AreEqual(UnixFileMode.None, File.GetUnixFileMode(dir) & UnixFileMode.UserWrite, "extracted directories are read-only");
        }
        CliFixture.MakeWritable(dir);
        File.AppendAllText(file, "// tampered\n");
        var r = await f.Fails(1, "verify");
        Assert.AreEqual($"example.com/b v1.2.0: dir has been modified ({dir})\n", r.Error);
        Assert.AreEqual("", r.Out);
    }

    [TestMethod]
    public async Task Verify_ReplacedZip_ZipHasBeenModified()
    {
        using var f = Universe.Create();
        await f.Ok("download");
        string zip = f.CacheFile("example.com/a", "v1.0.0", "zip");
        CliFixture.MakeWritable(zip);
        // A well-formed zip with other content: only the hash can tell.
        File.Copy(f.Proxy.FileOf("example.com/a", "v1.0.0", "zip"), zip, overwrite: true);
        using (var z = System.IO.Compression.ZipFile.Open(zip, System.IO.Compression.ZipArchiveMode.Update))
        using (var w = new StreamWriter(z.CreateEntry("example.com/a@v1.0.0/src/Extra.cs").Open()))
            w.Write("class Injected {}\n");
        var r = await f.Fails(1, "verify");
        Assert.AreEqual($"example.com/a v1.0.0: zip has been modified ({zip})\n", r.Error);
        Assert.AreEqual("", r.Out);
    }

    [TestMethod]
    public async Task Verify_CorruptedZip_Exit1()
    {
        using var f = Universe.Create();
        await f.Ok("download");
        string zip = f.CacheFile("example.com/a", "v1.0.0", "zip");
        CliFixture.MakeWritable(zip);
        var bytes = File.ReadAllBytes(zip);
        bytes[bytes.Length / 2] ^= 0xff;
        File.WriteAllBytes(zip, bytes);
        var r = await f.Fails(1, "verify");
        // Go prints the hashing error itself ("P V: zip: checksum error") when the zip no longer reads.
        StringAssert.StartsWith(r.Error, "example.com/a v1.0.0: ");
        StringAssert.Contains(r.Error, "checksum error");
        Assert.AreEqual(1, r.Error.TrimEnd('\n').Split('\n').Length, r.Error);
    }

    [TestMethod]
    public async Task Verify_NothingDownloaded_Verified()
    {
        using var f = Universe.Create();
        var r = await f.Ok("verify");
        Assert.AreEqual("all modules verified\n", r.Out);
    }

    [TestMethod]
    public async Task Clean_Modcache_RemovesReadOnlyCache()
    {
        using var f = Universe.Create();
        await f.Ok("download");
        Assert.IsTrue(Directory.Exists(f.CacheDir("example.com/a", "v1.0.0")));
        var r = await f.Ok("clean", "-modcache");
        Assert.AreEqual("", r.Out + r.Error);
        Assert.IsFalse(Directory.Exists(f.Cache), "cache still there");
        Assert.AreEqual(Universe.MainMod, f.Mod);
    }

    [TestMethod]
    public async Task Clean_WithoutModcache_Usage()
    {
        using var f = Universe.Create();
        await f.Ok("download");
        var r = await f.Fails(2, "clean");
        StringAssert.Contains(r.Error, "usage: dotnet mod clean -modcache");
        Assert.IsTrue(Directory.Exists(f.CacheDir("example.com/a", "v1.0.0")));
    }

    [TestMethod]
    public async Task Clean_RefusesNonCacheDirectory()
    {
        using var f = Universe.Create();
        var precious = Path.Combine(f.Root, "precious");
        Directory.CreateDirectory(precious);
        File.WriteAllText(Path.Combine(precious, "notes.txt"), "keep me");
        var r = await f.RunWith("MODCACHE", precious, "clean", "-modcache");
        Assert.AreEqual(1, r.ExitCode, r.ToString());
        StringAssert.StartsWith(r.Error, "error MOD7007");
        Assert.IsTrue(File.Exists(Path.Combine(precious, "notes.txt")));
    }

    [TestMethod]
    public async Task Clean_Buildcache_EmptiesTheBuildCacheBesideMODCACHE_AndKeepsTheModuleCache()
    {
        using var f = Universe.Create();
        await f.Ok("download");
        // The default build cache is <MODCACHE>-build; one stored entry, as a build would leave it.
        var cache = new ModuleSdk.BuildCache.CompileCache(ModuleSdk.BuildCache.BuildCacheLocation.DefaultFor(f.Cache));
        string output = Path.Combine(f.Root, "Lib.dll");
        File.WriteAllText(output, "compiled");
        string key = new string('a', 64);
        Assert.IsTrue(cache.Store(key, new Dictionary<string, string> { ["assembly"] = output }, ""));
        var r = await f.Ok("clean", "-buildcache");
        Assert.AreEqual("", r.Out + r.Error);
        Assert.IsNull(cache.Find(key, DateTime.UtcNow));
        Assert.IsTrue(Directory.Exists(f.CacheDir("example.com/a", "v1.0.0")), "-buildcache leaves the module cache alone");

        // MODBUILDCACHE moves it; Go's -cache is the same flag.
        string elsewhere = Path.Combine(f.Root, "bc");
        cache = new ModuleSdk.BuildCache.CompileCache(elsewhere);
        Assert.IsTrue(cache.Store(key, new Dictionary<string, string> { ["assembly"] = output }, ""));
        r = await f.RunWith("MODBUILDCACHE", elsewhere, "clean", "-cache");
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        Assert.IsNull(cache.Find(key, DateTime.UtcNow));
    }
}
