using System.Security.Cryptography;
using System.Text;
using ModuleSdk.Cache;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Cache;

[TestClass]
public sealed class ModuleCacheTests
{
    private static string Rel(ModuleCache cache, string path) => Path.GetRelativePath(cache.Root, path).Replace('\\', '/');

    [TestMethod]
    [DataRow("example.com/lib", "v1.2.0", "zip", "cache/download/example.com/lib/@v/v1.2.0.zip")]
    [DataRow("example.com/lib", "v1.2.0", "ziphash", "cache/download/example.com/lib/@v/v1.2.0.ziphash")]
    [DataRow("github.com/Azure/azure-sdk", "v1.0.0", "info", "cache/download/github.com/!azure/azure-sdk/@v/v1.0.0.info")]
    [DataRow("example.com/lib/v2", "v2.0.0-RC.1", "mod", "cache/download/example.com/lib/v2/@v/v2.0.0-!r!c.1.mod")]
    [DataRow("example.com/lib", "v3.0.0+incompatible", "lock", "cache/download/example.com/lib/@v/v3.0.0+incompatible.lock")]
    [DataRow("example.com/lib", "v0.0.0-20191209103129-1dc569916cba", "partial",
        "cache/download/example.com/lib/@v/v0.0.0-20191209103129-1dc569916cba.partial")]
    public void CachePath_Layout_IsGosWithEscaping(string path, string version, string suffix, string expected)
    {
        var cache = new ModuleCache(Path.Combine(Path.GetTempPath(), "modcache-layout"));
        Assert.AreEqual(expected, Rel(cache, cache.CachePath(new ModuleId(path, version), suffix)));
    }

    [TestMethod]
    [DataRow("example.com/lib", "v1.2.0", "example.com/lib@v1.2.0")]
    [DataRow("github.com/BurntSushi/toml", "v0.3.1", "github.com/!burnt!sushi/toml@v0.3.1")]
    [DataRow("example.com/lib", "v1.0.0-Beta", "example.com/lib@v1.0.0-!beta")]
    public void ModuleDirectory_Layout_IsEscaped(string path, string version, string expected)
    {
        var cache = new ModuleCache(Path.Combine(Path.GetTempPath(), "modcache-layout"));
        Assert.AreEqual(expected, Rel(cache, cache.ModuleDirectory(new ModuleId(path, version))));
        Assert.AreEqual("cache/download/" + expected.Split('@')[0] + "/@v/list", Rel(cache, cache.ListFile(path)));
    }

    [TestMethod]
    [DataRow("v1.2", DiagnosticCodes.NonCanonicalVersion)]
    [DataRow("v1.2.0+build", DiagnosticCodes.NonCanonicalVersion)]
    [DataRow("1.2.0", DiagnosticCodes.InvalidVersion)]
    [DataRow("latest", DiagnosticCodes.InvalidVersion)]
    [DataRow("", DiagnosticCodes.InvalidVersion)]
    public void CachePath_NonCanonicalVersion_Throws(string version, string code)
    {
        var cache = new ModuleCache(Path.Combine(Path.GetTempPath(), "modcache-layout"));
        var e = Assert.ThrowsExactly<ModuleException>(() => cache.ZipFile(new ModuleId("example.com/lib", version)));
        Assert.AreEqual(code, e.Code);
        Assert.ThrowsExactly<ModuleException>(() => cache.ModuleDirectory(new ModuleId("example.com/lib", version)));
    }

    [TestMethod]
    public void CachePath_InvalidModulePath_Throws()
    {
        var cache = new ModuleCache(Path.Combine(Path.GetTempPath(), "modcache-layout"));
        Assert.ThrowsExactly<ModuleException>(() => cache.ZipFile(new ModuleId("example.com/../etc", "v1.0.0")));
        Assert.ThrowsExactly<ModuleException>(() => cache.ZipFile(new ModuleId("example.com/a!b", "v1.0.0")));
    }

    [TestMethod]
    [DataRow("relative/dir")]
    [DataRow("")]
    [DataRow("  ")]
    public void Constructor_RootNotAbsolute_Throws(string root)
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => new ModuleCache(root));
        Assert.AreEqual(DiagnosticCodes.CacheRootInvalid, e.Code);
        StringAssert.Contains(e.Message, "MODCACHE");
    }

    [TestMethod]
    public void FromSetting_Empty_UsesDefaultUnderHome()
    {
        var cache = ModuleCache.FromSetting(null);
        Assert.AreEqual(ModuleCache.DefaultRoot, cache.Root);
        StringAssert.EndsWith(cache.Root.Replace('\\', '/'), "/.modulesdk/pkg/mod");
        var explicitRoot = Path.Combine(Path.GetTempPath(), "elsewhere");
        Assert.AreEqual(explicitRoot, ModuleCache.FromSetting(explicitRoot).Root);
    }

    [TestMethod]
    public void VcsDirectory_IsHexSha256OfTypeAndUrl()
    {
        var cache = new ModuleCache(Path.Combine(Path.GetTempPath(), "modcache-layout"));
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("git:https://example.com/lib.git")));
        Assert.AreEqual("cache/vcs/" + expected, Rel(cache, cache.VcsDirectory("git", "https://example.com/lib.git")));
    }

    [TestMethod]
    [DataRow("", "Missing")]
    [DataRow("dir", "Partial")]                    // extracted but no .ziphash: lost state
    [DataRow("dir,ziphash", "Complete")]
    [DataRow("dir,ziphash,partial", "Partial")]    // extraction interrupted
    [DataRow("ziphash,partial", "Missing")]
    [DataRow("file,ziphash", "Partial")]           // something that is not a directory
    public void GetDirectoryState_Cases(string present, string expected)
    {
        using var dir = new TempDir("state");
        var cache = new ModuleCache(dir.Combine("mod"));
        var m = new ModuleId("example.com/lib", "v1.0.0");
        var parts = present.Split(',', StringSplitOptions.RemoveEmptyEntries);
        Directory.CreateDirectory(cache.VersionsDirectory(m.Path));
        if (parts.Contains("dir")) Directory.CreateDirectory(cache.ModuleDirectory(m));
        if (parts.Contains("file"))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(cache.ModuleDirectory(m))!); File.WriteAllText(cache.ModuleDirectory(m), "x");
        }
        if (parts.Contains("ziphash")) File.WriteAllText(cache.ZipHashFile(m), "h1:x");
        if (parts.Contains("partial")) File.WriteAllText(cache.PartialFile(m), "");
        Assert.AreEqual(Enum.Parse<ModuleDirectoryState>(expected), cache.GetDirectoryState(m));
    }

    [TestMethod]
    [DataRow("h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=", true)]
    [DataRow("h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=\n", true)]  // Go trims space
    [DataRow("h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykryd", false)]     // cut short
    [DataRow("h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggyk\0\0\0\0", false)] // truncate-then-write crash
    [DataRow("garbage", false)]
    [DataRow("", false)]
    [DataRow("h2:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=", false)]
    public void ReadZipHash_ValidOrNot(string content, bool valid)
    {
        using var dir = new TempDir("ziphash");
        var cache = new ModuleCache(dir.Combine("mod"));
        var m = new ModuleId("example.com/lib", "v1.0.0");
        Directory.CreateDirectory(cache.VersionsDirectory(m.Path));
        File.WriteAllText(cache.ZipHashFile(m), content);
        Assert.AreEqual(valid ? content.Trim() : null, cache.ReadZipHash(m));
    }

    [TestMethod]
    public void ReadZipHash_Missing_IsNull()
    {
        using var dir = new TempDir("ziphash");
        Assert.IsNull(new ModuleCache(dir.Path).ReadZipHash(new ModuleId("example.com/lib", "v1.0.0")));
    }

    [TestMethod]
    public void RewriteVersionList_ListsCanonicalVersionsWithModFilesInSemverOrder()
    {
        using var dir = new TempDir("list");
        var cache = new ModuleCache(dir.Combine("mod"));
        var v = cache.VersionsDirectory("example.com/lib");
        Directory.CreateDirectory(v);
        foreach (var name in new[] { "v1.10.0.mod", "v1.2.0.mod", "v1.2.0-!r!c.1.mod", "v1.2.0-beta.mod", "v2.0.0+incompatible.mod", "v1.3.0.info",
            "v1.4.0.zip", "v1.5.mod", "junk.mod", "v1.6.0.mod42.tmp" })
            File.WriteAllText(Path.Combine(v, name), "");
        File.WriteAllText(Path.Combine(v, "list"), "stale\n");
        File.WriteAllText(Path.Combine(v, "list17.tmp"), "crashed writer");
        cache.RewriteVersionList("example.com/lib", TimeSpan.FromSeconds(5));
        Assert.AreEqual("v1.2.0-RC.1\nv1.2.0-beta\nv1.2.0\nv1.10.0\nv2.0.0+incompatible\n", File.ReadAllText(Path.Combine(v, "list")));
        CollectionAssert.AreEqual(new[] { "v1.2.0-RC.1", "v1.2.0-beta", "v1.2.0", "v1.10.0", "v2.0.0+incompatible" },
            cache.ReadVersionList("example.com/lib").ToArray());
        Assert.IsFalse(File.Exists(Path.Combine(v, "list17.tmp")));
    }

    [TestMethod]
    public void ReadVersionList_NoList_IsEmpty()
    {
        using var dir = new TempDir("list");
        Assert.IsEmpty(new ModuleCache(dir.Path).ReadVersionList("example.com/lib"));
    }

    [TestMethod]
    public async Task Clean_ReadOnlyCache_RemovesEverything()
    {
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0", ("sub/a.cs", "class A {}"));
        await env.Fetcher.DownloadAsync(m);
        Directory.CreateDirectory(Path.Combine(env.Cache.VcsRoot, "abc"));
        Assert.IsTrue(Directory.Exists(env.Cache.ModuleDirectory(m)));
        env.Cache.Clean();
        Assert.IsFalse(Directory.Exists(env.Root));
        env.Cache.Clean(); // already clean
    }

    [TestMethod]
    public async Task Clean_KeepsTheChecksumDatabasesVerifiedTreeHeads_AndDropsTheirTiles()
    {
        // Go keeps its tree heads in GOPATH/pkg/sumdb, out of go clean -modcache's reach: forgetting
        // them would let a forked log pass the next consistency check.
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.0.0");
        await env.Fetcher.DownloadAsync(m);
        var db = Path.Combine(env.Root, "cache", "download", "sumdb", "sum.example.com", "db");
        Directory.CreateDirectory(Path.Combine(db, "tile", "8", "0"));
        File.WriteAllText(Path.Combine(db, "tile", "8", "0", "000"), "tile");
        Directory.CreateDirectory(Path.Combine(db, "lookup", "example.com"));
        File.WriteAllText(Path.Combine(db, "lookup", "example.com", "lib@v1.0.0"), "record");
        byte[] head = System.Text.Encoding.UTF8.GetBytes("go.sum database tree\n12\nhash\n\n— sum.example.com/db sig\n");
        File.WriteAllBytes(Path.Combine(db, "latest"), head);
        File.WriteAllText(Path.Combine(db, "latest.lock"), "");

        env.Cache.Clean();

        CollectionAssert.AreEqual(head, File.ReadAllBytes(Path.Combine(db, "latest")));
        Assert.IsFalse(Directory.Exists(Path.Combine(db, "tile")));
        Assert.IsFalse(Directory.Exists(Path.Combine(db, "lookup")));
        Assert.IsFalse(Directory.Exists(env.Cache.ModuleDirectory(m)));
        Assert.IsFalse(Directory.Exists(Path.Combine(env.Root, "cache", "download", "example.com")));
        env.Cache.Clean(); // cleaning what is left keeps the head again
        CollectionAssert.AreEqual(head, File.ReadAllBytes(Path.Combine(db, "latest")));
    }

    [TestMethod]
    public async Task Clean_WithInterruptedExtractionTemp_RemovesIt()
    {
        using var env = new CacheTestEnv();
        var m = env.Source.Add("example.com", "v1.0.0");
        await env.Fetcher.DownloadAsync(m);
        Directory.CreateDirectory(Path.Combine(env.Root, ".example.com@v1.1.0.tmp-0123456789ab"));
        env.Cache.Clean();
        Assert.IsFalse(Directory.Exists(env.Root));
    }

    [TestMethod]
    [DataRow("notes.txt", "file")]
    [DataRow("src", "dir")]
    [DataRow(".git", "dir")]
    [DataRow("cache/other", "dir")]
    [DataRow("cache/readme.md", "file")]
    public void Clean_NotAModuleCache_RefusesAndDeletesNothing(string entry, string kind)
    {
        using var dir = new TempDir("clean");
        var root = dir.Combine("mod");
        Directory.CreateDirectory(Path.Combine(root, "cache", "download"));
        Directory.CreateDirectory(Path.Combine(root, "example.com", "lib@v1.0.0"));
        var target = Path.Combine(root, entry);
        if (kind == "dir") Directory.CreateDirectory(target);
        else File.WriteAllText(target, "precious");
        var e = Assert.ThrowsExactly<ModuleException>(() => new ModuleCache(root).Clean());
        Assert.AreEqual(DiagnosticCodes.CleanRefused, e.Code);
        StringAssert.Contains(e.Message, "does not look like a module cache");
        Assert.IsTrue(kind == "dir" ? Directory.Exists(target) : File.Exists(target));
        Assert.IsTrue(Directory.Exists(Path.Combine(root, "example.com", "lib@v1.0.0")));
    }

    [TestMethod]
    public void Clean_FileSystemRoot_Refuses()
    {
        var root = Path.GetPathRoot(Path.GetTempPath())!;
        var e = Assert.ThrowsExactly<ModuleException>(() => new ModuleCache(root).Clean());
        Assert.AreEqual(DiagnosticCodes.CleanRefused, e.Code);
    }
}
