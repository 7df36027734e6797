using System.Text.Json;
using ModuleSdk.Proxy.SumDb;
using ModuleSdk.SumDb;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests.SumDb;

/// <summary>
/// The go command (Go 1.19 here, any in CI) as a client of the proxy's checksum database: it
/// verifies downloads against the log, and reports tampering: a stored zip changed under the
/// log is Go's <c>SECURITY ERROR</c>; a stored record or hash changed is a proof that fails; a
/// log rewritten and re-signed after the go command saw it is a fork, <c>SECURITY ERROR</c> too.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class GoClientTests
{
    private static string GoSumDb(SumDbFixture f, ProxyHost proxy) => $"{f.VerifierKey} {proxy.Url}/sumdb/{SumDbFixture.Name}";

    private static JsonElement Download(GoTool.Result r, string what)
    {
        Assert.AreEqual(0, r.ExitCode, $"{what}\n{r.Stdout}\n{r.Stderr}");
        var json = JsonDocument.Parse(r.Stdout).RootElement.Clone();
        Assert.IsFalse(json.TryGetProperty("Error", out var err), err.ToString());
        return json;
    }

    [TestMethod]
    public async Task Go_VerifiesDownloads_AgainstTheProxysDatabase()
    {
        GoTool.RequireGo();
        using var f = new SumDbFixture(("example.org/Hello", "v1.0.0"), ("example.org/Hello", "v1.1.0"));
        await using var proxy = await ProxyHost.StartAsync(f.Settings("Storage:Kind=disk"));
        var go = Download(GoWithSumDb.Run(f.Dir.Combine("w1"), f.Dir.Combine("gopath1"), proxy.Url, GoSumDb(f, proxy), "mod", "download", "-json",
            "example.org/Hello@v1.0.0"), "go mod download");
        var (record, _, _) = await f.Client(proxy).LookupAsync("example.org/Hello", "v1.0.0");
        Assert.AreEqual(record.ZipHash, go.GetProperty("Sum").GetString());
        Assert.AreEqual(record.ModHash, go.GetProperty("GoModSum").GetString());
        // The go command kept the tree it verified, as it does for sum.golang.org.
        Assert.IsTrue(File.Exists(Path.Combine(f.Dir.Combine("gopath1"), "pkg", "sumdb", SumDbFixture.Name, "latest")));

        // Through the proxy's /sumdb/<name>/supported (GOSUMDB without a URL), with a second version.
        Download(GoWithSumDb.Run(f.Dir.Combine("w1"), f.Dir.Combine("gopath1"), proxy.Url, f.VerifierKey, "mod", "download", "-json",
            "example.org/Hello@v1.1.0"), "go mod download via supported");
        Assert.AreEqual(2, (await f.Client(proxy).LatestAsync()).N);

        // A wrong key: the go command refuses the database.
        var (_, otherKey) = NoteKeys.Generate(SumDbFixture.Name);
        var wrong = GoWithSumDb.Run(f.Dir.Combine("w2"), f.Dir.Combine("gopath2"), proxy.Url, $"{otherKey} {proxy.Url}/sumdb/{SumDbFixture.Name}", "mod",
            "download", "-json", "example.org/Hello@v1.0.0");
        Assert.AreNotEqual(0, wrong.ExitCode, wrong.Stdout + wrong.Stderr);
        StringAssert.Contains(wrong.Stdout + wrong.Stderr, "verifying");
        StringAssert.Contains(wrong.Stdout + wrong.Stderr, "no verifiable signatures");
    }

    [TestMethod]
    public async Task Go_ReportsSecurityError_WhenStoredContentNoLongerMatchesTheLog()
    {
        GoTool.RequireGo();
        using var f = new SumDbFixture(("example.org/victim", "v1.0.0"));
        string data = f.Dir.Combine("data");
        await using var proxy = await ProxyHost.StartAsync(f.Settings("Storage:Kind=disk", "Storage:Path=" + data));
        await f.Client(proxy).LookupAsync("example.org/victim", "v1.0.0");

        // An attacker with write access to the proxy's storage swaps the module file (and its
        // recorded hash nowhere else): the proxy serves the new bytes, the log still vouches for the old.
        string mod = Path.Combine(data, "example.org", "victim", "@v", "v1.0.0.mod");
        File.WriteAllText(mod, "module example.org/victim\n\ngo 1.16\n\nrequire example.org/evil v1.0.0\n");
        var r = GoWithSumDb.Run(f.Dir.Combine("w"), f.Dir.Combine("gopath"), proxy.Url, GoSumDb(f, proxy), "mod", "download", "-json",
            "example.org/victim@v1.0.0");
        Assert.AreNotEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stdout + r.Stderr, "SECURITY ERROR", r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stdout + r.Stderr, "checksum mismatch");
    }

    [TestMethod]
    public async Task Go_RefusesATamperedRecord_AndATamperedHashTile()
    {
        GoTool.RequireGo();
        using var f = new SumDbFixture(("example.org/a", "v1.0.0"), ("example.org/b", "v1.0.0"));
        string data = f.Dir.Combine("data");
        await using var proxy = await ProxyHost.StartAsync(f.Settings("Storage:Kind=disk", "Storage:Path=" + data));
        var (ra, _, _) = await f.Client(proxy).LookupAsync("example.org/a", "v1.0.0");
        await f.Client(proxy).LookupAsync("example.org/b", "v1.0.0");
        string log = Path.Combine(data, "sumdb", SumDbFixture.Name);

        // The record of a in the data tile now carries another zip hash (the signed head is untouched).
        string dataTile = Path.Combine(log, "tile", "8", "data", "000");
        string fake = "h1:" + Convert.ToBase64String(new byte[32]);
        File.WriteAllText(dataTile, File.ReadAllText(dataTile).Replace(ra.ZipHash, fake));
        var r = GoWithSumDb.Run(f.Dir.Combine("w1"), f.Dir.Combine("gopath1"), proxy.Url, GoSumDb(f, proxy), "mod", "download", "-json",
            "example.org/a@v1.0.0");
        Assert.AreNotEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stdout + r.Stderr, "cannot authenticate record data", r.Stdout + r.Stderr);

        // A hash tile changed: the tiles no longer hash to the signed tree.
        string hashTile = Path.Combine(log, "tile", "8", "0", "000");
        byte[] hashes = File.ReadAllBytes(hashTile);
        hashes[0] ^= 1;
        File.WriteAllBytes(hashTile, hashes);
        var r2 = GoWithSumDb.Run(f.Dir.Combine("w2"), f.Dir.Combine("gopath2"), proxy.Url, GoSumDb(f, proxy), "mod", "download", "-json",
            "example.org/b@v1.0.0");
        Assert.AreNotEqual(0, r2.ExitCode, r2.Stdout + r2.Stderr);
        StringAssert.Contains(r2.Stdout + r2.Stderr, "inconsistent tile", r2.Stdout + r2.Stderr);
    }

    [TestMethod]
    public async Task Go_ReportsSecurityError_ForAForkedLog()
    {
        GoTool.RequireGo();
        using var f = new SumDbFixture(("example.org/a", "v1.0.0"), ("example.org/b", "v1.0.0"), ("example.org/c", "v1.0.0"));
        string data = f.Dir.Combine("data");
        string gopath = f.Dir.Combine("gopath");
        await using (var proxy = await ProxyHost.StartAsync(f.Settings("Storage:Kind=disk", "Storage:Path=" + data)))
            Download(GoWithSumDb.Run(f.Dir.Combine("w"), gopath, proxy.Url, GoSumDb(f, proxy), "mod", "download", "-json", "example.org/a@v1.0.0"),
                "first download");

        // The operator (or whoever holds the key) rewrites history: a new log, signed with the
        // same key, in which a has another hash. The go command remembers the old tree.
        string log = Path.Combine(data, "sumdb", SumDbFixture.Name);
        Directory.Delete(log, recursive: true);
        using (var forged = new SumDbLog(new DiskLogStore(log), f.Signer(), new Serving.MemorySingleFlight(), new SumDbMetrics(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SumDbLog>.Instance))
            await forged.AppendAsync(new ModuleRecord("example.org/a", "v1.0.0", "h1:" + Convert.ToBase64String(new byte[32]),
                "h1:" + Convert.ToBase64String(new byte[32])), default);
        await using var again = await ProxyHost.StartAsync(f.Settings("Storage:Kind=disk", "Storage:Path=" + data));
        var r = GoWithSumDb.Run(f.Dir.Combine("w"), gopath, again.Url, GoSumDb(f, again), "mod", "download", "-json", "example.org/c@v1.0.0");
        Assert.AreNotEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stdout + r.Stderr, "SECURITY ERROR", r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stdout + r.Stderr, "misbehavior detected", r.Stdout + r.Stderr);
    }
}
