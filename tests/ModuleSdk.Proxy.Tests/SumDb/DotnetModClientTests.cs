using System.Text.Json;
using ModuleSdk.Cli;
using ModuleSdk.Proxy.SumDb;
using ModuleSdk.SumDb;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests.SumDb;

/// <summary>
/// <c>dotnet mod</c> as a client of the proxy's checksum database (the engine's
/// <c>MODSUMDB</c> client end to end, over HTTP): downloads verify through
/// <c>/sumdb/&lt;name&gt;/supported</c> or the database URL; content swapped under the log is the
/// SECURITY ERROR with both hashes, a tampered record is refused, a rewritten log is a fork, and
/// in every refusal nothing enters the module cache or <c>module.sum</c>.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class DotnetModClientTests
{
    private sealed record Run(int Code, string Out, string Error, string Work)
    {
        public string Cache => Path.Combine(Work, "modcache");

        public bool Cached(string path, string version) =>
            Directory.Exists(Path.Combine(Cache, Modules.PathEscaping.EscapePath(path) + "@" + version)) ||
            File.Exists(Path.Combine(Cache, "cache", "download", Modules.PathEscaping.EscapePath(path), "@v", version + ".zip")) ||
            File.Exists(Path.Combine(Cache, "cache", "download", Modules.PathEscaping.EscapePath(path), "@v", version + ".mod"));

        public string Sum => File.Exists(Path.Combine(Work, "module.sum")) ? File.ReadAllText(Path.Combine(Work, "module.sum")) : "";

        public override string ToString() => $"exit {Code}\n{Out}\n{Error}";
    }

    // A main module requiring the version, so download records its module.sum lines.
    private static async Task<Run> Download(string work, string proxy, string sumdb, string path, string version, string? cache = null)
    {
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "module.mod"), $"module example.com/client\n\nrequire {path} {version}\n");
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["MODPROXY"] = proxy,
            ["MODSUMDB"] = sumdb,
            ["MODCACHE"] = cache ?? Path.Combine(work, "modcache"),
            ["HOME"] = work,
        };
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        int code = await CliApp.RunAsync(new CliContext(work, env, o, e), ["download", "-json", $"{path}@{version}"]).WaitAsync(TimeSpan.FromSeconds(120));
        return new Run(code, o.ToString(), e.ToString(), work);
    }

    [TestMethod]
    public async Task DotnetMod_VerifiesDownloads_ThroughTheProxysDatabase()
    {
        using var f = new SumDbFixture(("example.org/Hello", "v1.0.0"), ("example.org/Hello", "v1.1.0"));
        await using var proxy = await ProxyHost.StartAsync(f.Settings("Storage:Kind=disk"));

        // The key alone: the database is found at the proxy's /sumdb/<name>/supported.
        var r = await Download(f.Dir.Combine("w1"), proxy.Url, f.VerifierKey, "example.org/Hello", "v1.0.0");
        Assert.AreEqual(0, r.Code, r.ToString());
        var (record, _, _) = await f.Client(proxy).LookupAsync("example.org/Hello", "v1.0.0");
        Assert.AreEqual(record.ZipHash, JsonDocument.Parse(r.Out).RootElement.GetProperty("Sum").GetString());
        StringAssert.Contains(r.Sum, $"example.org/Hello v1.0.0 {record.ZipHash}");
        string latest = Path.Combine(r.Cache, "cache", "download", "sumdb", SumDbFixture.Name, "latest");
        Assert.IsTrue(File.Exists(latest), "the verified tree is kept under the module cache");
        Assert.IsTrue(Directory.Exists(Path.Combine(r.Cache, "cache", "download", "sumdb", SumDbFixture.Name, "tile")));

        // The key and the URL (no proxy probe), a second version, the same cache: the log grew consistently.
        var r2 = await Download(f.Dir.Combine("w2"), proxy.Url, $"{f.VerifierKey} {proxy.Url}/sumdb/{SumDbFixture.Name}", "example.org/Hello", "v1.1.0",
            r.Cache);
        Assert.AreEqual(0, r2.Code, r2.ToString());
        Assert.AreEqual(2, LogTree.Parse(Note.Open(File.ReadAllBytes(latest), [NoteVerifier.Parse(f.VerifierKey)])).N);

        // A wrong key: nothing is believed, nothing cached.
        var (_, otherKey) = NoteKeys.Generate(SumDbFixture.Name);
        var wrong = await Download(f.Dir.Combine("w3"), proxy.Url, otherKey, "example.org/Hello", "v1.0.0");
        Assert.AreNotEqual(0, wrong.Code, wrong.ToString());
        StringAssert.Contains(wrong.Out + wrong.Error, "MOD6603");
        Assert.IsFalse(wrong.Cached("example.org/Hello", "v1.0.0"), wrong.ToString());
    }

    [TestMethod]
    public async Task DotnetMod_ReportsSecurityError_WhenStoredContentNoLongerMatchesTheLog()
    {
        using var f = new SumDbFixture(("example.org/victim", "v1.0.0"));
        string data = f.Dir.Combine("data");
        await using var proxy = await ProxyHost.StartAsync(f.Settings("Storage:Kind=disk", "Storage:Path=" + data));
        var (record, _, _) = await f.Client(proxy).LookupAsync("example.org/victim", "v1.0.0");

        // Someone with write access to the proxy's storage swaps the stored zip: the proxy serves
        // the new bytes, the log still vouches for the old.
        string zip = Path.Combine(data, "example.org", "victim", "@v", "v1.0.0.zip");
        string evil = f.Dir.Combine("evil");
        Clients.AddGoModule(evil, "example.org/victim", "v1.0.0");
        string evilZip = Path.Combine(evil, "example.org", "victim", "@v", "v1.0.0.zip");
        using (var archive = System.IO.Compression.ZipFile.Open(evilZip, System.IO.Compression.ZipArchiveMode.Update))
        {
            using var w = new StreamWriter(archive.CreateEntry("example.org/victim@v1.0.0/evil.go").Open());
            w.Write("package hello\n\nfunc init() { /* exfiltrate */ }\n");
        }
        File.Copy(evilZip, zip, overwrite: true);
        string evilHash;
        using (var s = File.OpenRead(zip)) evilHash = Sums.Hash1.HashZip(s);

        var r = await Download(f.Dir.Combine("w"), proxy.Url, f.VerifierKey, "example.org/victim", "v1.0.0");
        Assert.AreNotEqual(0, r.Code, r.ToString());
        string all = r.Out + r.Error;
        StringAssert.Contains(all, "MOD6704");
        StringAssert.Contains(all, "verifying module: checksum mismatch");
        StringAssert.Contains(all, $"downloaded: {evilHash}");
        StringAssert.Contains(all, $"{SumDbFixture.Name}: {record.ZipHash}");
        StringAssert.Contains(all, "SECURITY ERROR");
        // The swapped zip never enters the cache (the module file, which the log vouches for, may).
        Assert.IsFalse(File.Exists(Path.Combine(r.Cache, "cache", "download", "example.org", "victim", "@v", "v1.0.0.zip")), r.ToString());
        Assert.IsFalse(Directory.Exists(Path.Combine(r.Cache, "example.org", "victim@v1.0.0")), r.ToString());
        Assert.IsFalse(r.Sum.Contains("example.org/victim v1.0.0 "), r.Sum);
    }

    [TestMethod]
    public async Task DotnetMod_RefusesATamperedRecord_AndAForkedLog()
    {
        using var f = new SumDbFixture(("example.org/a", "v1.0.0"), ("example.org/b", "v1.0.0"), ("example.org/c", "v1.0.0"));
        string data = f.Dir.Combine("data");
        string cache = f.Dir.Combine("cache");
        string log = Path.Combine(data, "sumdb", SumDbFixture.Name);
        await using (var proxy = await ProxyHost.StartAsync(f.Settings("Storage:Kind=disk", "Storage:Path=" + data)))
        {
            var ok = await Download(f.Dir.Combine("w1"), proxy.Url, f.VerifierKey, "example.org/a", "v1.0.0", cache);
            Assert.AreEqual(0, ok.Code, ok.ToString());
            var (rb, _, _) = await f.Client(proxy).LookupAsync("example.org/b", "v1.0.0");

            // b's record in the data tile now carries another zip hash; the signed head is untouched.
            string dataTile = Path.Combine(log, "tile", "8", "data", "000");
            File.WriteAllText(dataTile, File.ReadAllText(dataTile).Replace(rb.ZipHash, "h1:" + Convert.ToBase64String(new byte[32])));
            var r = await Download(f.Dir.Combine("w2"), proxy.Url, f.VerifierKey, "example.org/b", "v1.0.0", cache);
            Assert.AreNotEqual(0, r.Code, r.ToString());
            StringAssert.Contains(r.Out + r.Error, "cannot authenticate record data");
            Assert.IsFalse(r.Cached("example.org/b", "v1.0.0"), r.ToString());
        }

        // The log rewritten and re-signed with the same key, a with another hash: this cache saw the old tree.
        Directory.Delete(log, recursive: true);
        using (var forged = new SumDbLog(new DiskLogStore(log), f.Signer(), new Serving.MemorySingleFlight(), new SumDbMetrics(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SumDbLog>.Instance))
            await forged.AppendAsync(new ModuleRecord("example.org/a", "v1.0.0", "h1:" + Convert.ToBase64String(new byte[32]),
                "h1:" + Convert.ToBase64String(new byte[32])), default);
        await using var again = await ProxyHost.StartAsync(f.Settings("Storage:Kind=disk", "Storage:Path=" + data));
        var fork = await Download(f.Dir.Combine("w3"), again.Url, f.VerifierKey, "example.org/c", "v1.0.0", cache);
        Assert.AreNotEqual(0, fork.Code, fork.ToString());
        StringAssert.Contains(fork.Out + fork.Error, "MOD6705");
        StringAssert.Contains(fork.Out + fork.Error, "SECURITY ERROR");
        StringAssert.Contains(fork.Out + fork.Error, "misbehavior detected");
        Assert.IsFalse(fork.Cached("example.org/c", "v1.0.0"), fork.ToString());
    }
}
