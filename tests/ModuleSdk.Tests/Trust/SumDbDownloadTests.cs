using ModuleSdk.Sums;
using ModuleSdk.SumDb;
using ModuleSdk.Tests.Cli;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Trust;

/// <summary><c>dotnet mod download</c> with <c>MODSUMDB</c>: lines enter module.sum only when the log vouches; a lie is a SECURITY ERROR and nothing is
/// cached.</summary>
[TestClass]
public sealed class SumDbDownloadTests
{
    private static readonly (string Path, string Version)[] Versions =
    [
        ("example.com/a", "v1.0.0"), ("example.com/a", "v1.0.1"), ("example.com/a", "v1.1.0"), ("example.com/a", "v1.2.0"), ("example.com/a", "v1.3.0-pre"),
        ("example.com/b", "v1.0.0"), ("example.com/b", "v1.1.0"), ("example.com/b", "v1.2.0"),
        ("example.com/c", "v1.0.0"), ("example.com/c", "v1.1.0"), ("example.com/d", "v1.0.0"),
        ("example.com/r", "v1.0.0"), ("example.com/r", "v1.1.0"), ("example.com/r", "v1.2.0"),
        ("example.com/pre", "v0.1.0-alpha"), ("example.com/pre", "v0.2.0-beta"),
    ];

    /// <summary>The log of every version the universe's proxy serves, as a checksum database would record them.</summary>
    internal static FileLog LogOf(CliFixture f, string dir, Func<string, string, string, string>? zipHash = null)
    {
        var log = new FileLog(Path.Combine(f.Root, dir));
        foreach (var (p, v) in Versions)
        {
            string zip;
            using (var s = File.OpenRead(f.Proxy.FileOf(p, v, "zip"))) zip = Hash1.HashZip(s);
            log.Add(ModuleRecord.From(p, v, zipHash?.Invoke(p, v, zip) ?? zip, File.ReadAllBytes(f.Proxy.FileOf(p, v, "mod"))));
        }
        log.Publish();
        return log;
    }

    [TestMethod]
    public async Task Download_VerifiesAgainstTheLog()
    {
        using var f = Universe.Create();
        var log = LogOf(f, "log");
        f.Env["MODSUMDB"] = log.ModSumDb;
        await f.Ok("download");
        StringAssert.Contains(f.Sum, "example.com/b v1.2.0 h1:");
        Assert.IsTrue(File.Exists(Path.Combine(f.Cache, "cache", "download", "sumdb", log.Name, "latest")));
    }

    [TestMethod]
    public async Task Download_OfAHashTheLogDisowns_IsASecurityError_AndNothingIsCached()
    {
        using var f = Universe.Create();
        const string Lie = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        var log = LogOf(f, "log", (p, v, zip) => p == "example.com/c" ? Lie : zip);
        f.Env["MODSUMDB"] = log.ModSumDb;
        string zipHash;
        using (var s = File.OpenRead(f.Proxy.FileOf("example.com/c", "v1.0.0", "zip"))) zipHash = Hash1.HashZip(s);
        var r = await f.Fails(1, "download");
        StringAssert.Contains(r.Error, "MOD6704");
        StringAssert.Contains(r.Error, "example.com/c@v1.0.0: verifying module: checksum mismatch");
        StringAssert.Contains(r.Error, $"downloaded: {zipHash}");
        StringAssert.Contains(r.Error, $"{log.Name}: {Lie}");
        StringAssert.Contains(r.Error, "SECURITY ERROR\nThis download does NOT match the one reported by the checksum server.");
        Assert.IsFalse(File.Exists(f.CacheFile("example.com/c", "v1.0.0", "zip")), "the zip never enters the cache");
        Assert.IsFalse(Directory.Exists(f.CacheDir("example.com/c", "v1.0.0")));
        Assert.IsFalse((f.Sum ?? "").Contains("example.com/c v1.0.0 h1:"), f.Sum);
    }

    [TestMethod]
    public async Task Download_SkipsModNoSumDb_AndModSumDbOffTurnsItOff()
    {
        using var f = Universe.Create();
        // A log that knows none of these modules: every lookup would fail.
        var empty = new FileLog(Path.Combine(f.Root, "empty"));
        empty.Add("example.com/other", "v1.0.0", "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").Publish();
        f.Env["MODSUMDB"] = empty.ModSumDb;
        var r = await f.Fails(1, "download");
        StringAssert.Contains(r.Error, "MOD6706");
        Assert.IsNull(f.Sum);

        f.Env["MODNOSUMDB"] = "example.com";
        await f.Ok("download");
        StringAssert.Contains(f.Sum, "example.com/b v1.2.0 h1:");

        File.Delete(f.SumFile);
        f.Env.Remove("MODNOSUMDB");
        f.Env["MODSUMDB"] = "off";
        await f.Ok("download");
        StringAssert.Contains(f.Sum, "example.com/b v1.2.0 h1:");
    }

    [TestMethod]
    public async Task Download_OfAModuleFileTheLogDisowns_IsASecurityError()
    {
        using var f = Universe.Create();
        var log = new FileLog(Path.Combine(f.Root, "log"));
        foreach (var (p, v) in Versions)
        {
            string zip;
            using (var s = File.OpenRead(f.Proxy.FileOf(p, v, "zip"))) zip = Hash1.HashZip(s);
            byte[] mod = File.ReadAllBytes(f.Proxy.FileOf(p, v, "mod"));
            if (p == "example.com/b" && v == "v1.2.0") mod = [.. mod, .. "// changed\n"u8];
            log.Add(ModuleRecord.From(p, v, zip, mod));
        }
        log.Publish();
        f.Env["MODSUMDB"] = log.ModSumDb;
        var r = await f.Fails(1, "download");
        StringAssert.Contains(r.Error, "example.com/b@v1.2.0: verifying module.mod: checksum mismatch");
        StringAssert.Contains(r.Error, "SECURITY ERROR");
        Assert.IsFalse(File.Exists(f.CacheFile("example.com/b", "v1.2.0", "mod")));
    }
}
