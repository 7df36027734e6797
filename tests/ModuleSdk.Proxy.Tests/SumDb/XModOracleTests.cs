using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ModuleSdk.Diagnostics;
using ModuleSdk.Proxy.Serving;
using ModuleSdk.Proxy.SumDb;
using ModuleSdk.SumDb;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests.SumDb;

/// <summary>
/// Go's own <c>sumdb/note</c> and <c>sumdb/tlog</c> (x/mod, from Debian's
/// <c>golang-golang-x-mod-dev</c>, built offline in GOPATH mode) as the oracle: the Go program in
/// <c>SumDbOracle/main.go</c> checks this server's notes, tiles and proofs, and makes notes,
/// trees, proofs and tiles the C# side must accept, and tampered ones it must refuse.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class XModOracleTests
{
    private const string XModSource = "/usr/share/gocode";
    private static readonly Lazy<string> Oracle = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly TempDir BuildFolder = new("sumdb-oracle");
    private static string BuildDir => BuildFolder.Path;

    [ClassCleanup]
    public static void Cleanup() => BuildFolder.Dispose();

    private static string Source()
    {
        string? f = RepositoryRoot.Find() is { } root ? Path.Combine(root, "tests", "ModuleSdk.Proxy.Tests", "SumDbOracle", "main.go") : null;
        if (f is not null && File.Exists(f)) return f;
        throw new AssertFailedException("SumDbOracle/main.go not found above " + AppContext.BaseDirectory);
    }

    private static string Build()
    {
        Directory.CreateDirectory(BuildDir);
        string exe = Path.Combine(BuildDir, "oracle");
        var r = Run(null, "build", "-o", exe, Source());
        if (r.ExitCode != 0) throw new AssertFailedException("building the x/mod oracle failed:\n" + r.Stderr);
        return exe;
    }

    // The go command in GOPATH mode over x/mod's Debian source: no network, no module cache.
    private static GoTool.Result Run(string? exe, params string[] args)
    {
        var r = ProcessRunner.Run(exe ?? GoTool.Executable, args, BuildDir, new Dictionary<string, string?>
        {
            ["GO111MODULE"] = "off",
            ["GOPATH"] = XModSource + ":" + Path.Combine(BuildDir, "gopath"),
            ["GOCACHE"] = Path.Combine(BuildDir, "cache"),
            ["GOFLAGS"] = "",
            ["GOPROXY"] = "off",
            ["HOME"] = BuildDir,
        });
        return new GoTool.Result(r.ExitCode, r.Stdout, r.Stderr);
    }

    private static void RequireOracle()
    {
        GoTool.RequireGo();
        if (!File.Exists(Path.Combine(XModSource, "src", "golang.org", "x", "mod", "sumdb", "tlog", "tlog.go")))
            throw ServerProcess.Missing("x/mod's source is not installed (apt-get install -y golang-golang-x-mod-dev; .ci/run does)");
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static List<LogHash> Hashes(JsonElement a) =>
        a.ValueKind == JsonValueKind.Null ? [] : a.EnumerateArray().Select(h => LogHash.Parse(h.GetString()!)).ToList();

    [TestMethod]
    public async Task GoMadeNotesTreesProofsAndTiles_AreAcceptedByCSharp_AndTamperedOnesRefused()
    {
        RequireOracle();
        using var f = new SumDbFixture();
        string skey = File.ReadAllText(f.KeyFile).Trim();
        var r = Run(Oracle.Value, "vectors", skey);
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        var v = JsonDocument.Parse(r.Stdout).RootElement;
        var verifier = NoteVerifier.Parse(f.VerifierKey);

        // Notes signed by Go's note.Sign, opened by C#'s Note.Open; C# signs byte for byte as Go.
        foreach (var n in v.GetProperty("notes").EnumerateArray())
        {
            byte[] signed = Utf8(n.GetProperty("signed").GetString()!);
            switch (n.GetProperty("want").GetString())
            {
                case "ok":
                    Assert.AreEqual(n.GetProperty("text").GetString(), Note.Open(signed, [verifier]).Text);
                    break;
                case "badsig":
                    Assert.AreEqual(DiagnosticCodes.SumDbNoteBadSignature, Assert.ThrowsExactly<ModuleException>(() => Note.Open(signed, [verifier])).Code);
                    break;
                case "unverified":
                    Assert.AreEqual(DiagnosticCodes.SumDbNoteUnverified, Assert.ThrowsExactly<ModuleException>(() => Note.Open(signed, [verifier])).Code);
                    break;
                default:
                    Assert.AreEqual(DiagnosticCodes.SumDbNoteMalformed, Assert.ThrowsExactly<ModuleException>(() => Note.Open(signed, [verifier])).Code);
                    break;
            }
        }
        var first = v.GetProperty("notes")[0];
        using (var signer = f.Signer())
            Assert.AreEqual(first.GetProperty("signed").GetString(),
                Encoding.UTF8.GetString(Note.Unsigned(first.GetProperty("text").GetString()!).Sign(signer)));

        // The same records hashed by C#: every tree hash equals Go's.
        var records = v.GetProperty("records").EnumerateArray().Select(e => Utf8(e.GetString()!)).ToList();
        var goTrees = Hashes(v.GetProperty("trees"));
        var stored = new List<LogHash>();
        for (int i = 0; i < records.Count; i++)
        {
            stored.AddRange(await Tlog.StoredHashesAsync(i, records[i], HashReader.Of(stored), default));
            Assert.AreEqual(goTrees[i], await Tlog.TreeHashAsync(i + 1, HashReader.Of(stored), default), $"tree of size {i + 1}");
        }
        var mine = HashReader.Of(stored);

        // Go's proofs: equal to C#'s, accepted by C#'s checks, refused once tampered.
        foreach (var p in v.GetProperty("recordProofs").EnumerateArray())
        {
            long t = p.GetProperty("t").GetInt64(), n = p.GetProperty("n").GetInt64();
            var proof = Hashes(p.GetProperty("proof"));
            CollectionAssert.AreEqual(proof, (await Tlog.ProveRecordAsync(t, n, mine, default)).ToList(), $"record proof {n} in {t}");
            Tlog.CheckRecord(proof, t, goTrees[(int)t - 1], n, Tlog.RecordHash(records[(int)n]));
            Assert.ThrowsExactly<ModuleException>(() => Tlog.CheckRecord(proof, t, goTrees[(int)t - 1], n,
                Tlog.RecordHash(records[(int)(n + 1) % records.Count])));
            if (proof.Count > 0)
            {
                proof[^1] = Tlog.RecordHash("tampered"u8);
                Assert.AreEqual(DiagnosticCodes.SumDbProofFailed,
                    Assert.ThrowsExactly<ModuleException>(() => Tlog.CheckRecord(proof, t, goTrees[(int)t - 1], n, Tlog.RecordHash(records[(int)n]))).Code);
            }
        }
        foreach (var p in v.GetProperty("treeProofs").EnumerateArray())
        {
            long t = p.GetProperty("t").GetInt64(), n = p.GetProperty("n").GetInt64();
            var proof = Hashes(p.GetProperty("proof"));
            CollectionAssert.AreEqual(proof, (await Tlog.ProveTreeAsync(t, n, mine, default)).ToList(), $"tree proof {n} in {t}");
            Tlog.CheckTree(proof, t, goTrees[(int)t - 1], n, goTrees[(int)n - 1]);
            if (n < t)
                Assert.ThrowsExactly<ModuleException>(() => Tlog.CheckTree(proof, t, goTrees[(int)t - 1], n, goTrees[(int)n]));
            if (proof.Count > 0)
            {
                proof[0] = Tlog.RecordHash("tampered"u8);
                Assert.ThrowsExactly<ModuleException>(() => Tlog.CheckTree(proof, t, goTrees[(int)t - 1], n, goTrees[(int)n - 1]));
            }
        }

        // Go's tiles: the same paths and bytes as C#'s; a TileHashReader over them proves every record; a tampered one is refused.
        var goTiles = new Dictionary<Tile, byte[]>();
        foreach (var t in v.GetProperty("tiles").EnumerateArray())
        {
            var tile = new Tile(t.GetProperty("h").GetInt32(), t.GetProperty("l").GetInt32(), t.GetProperty("n").GetInt64(), t.GetProperty("w").GetInt32());
            Assert.AreEqual(t.GetProperty("path").GetString(), tile.Path);
            Assert.AreEqual(tile, Tile.Parse(tile.Path));
            if (t.TryGetProperty("data", out var data))
            {
                goTiles[tile] = Convert.FromBase64String(data.GetString()!);
                CollectionAssert.AreEqual(goTiles[tile], await tile.ReadTileDataAsync(mine, default), tile.Path);
            }
        }
        // x/mod's NewTiles returns the newest tiles (current x/mod) or, before 2023, every width of
        // the partial ones too (Debian's 0.7.0): either way C#'s are among Go's.
        foreach (var t in Tile.NewTiles(8, 0, 300)) Assert.IsTrue(goTiles.ContainsKey(t), t.Path);
        var tree = new LogTree(300, goTrees[299]);
        var fromGo = new TileHashReader(tree, new FixedTiles(goTiles));
        for (long id = 0; id < 300; id += 13)
            Assert.AreEqual(Tlog.RecordHash(records[(int)id]), (await fromGo.ReadHashesAsync([Tlog.StoredHashIndex(0, id)], default))[0]);
        var tampered = goTiles.ToDictionary(k => k.Key, k => k.Value.ToArray());
        tampered[new Tile(8, 0, 0, 256)][40] ^= 1;
        await Assert.ThrowsExactlyAsync<ModuleException>(async () =>
            await new TileHashReader(tree, new FixedTiles(tampered)).ReadHashesAsync([Tlog.StoredHashIndex(0, 1)], default));

        foreach (var x in v.GetProperty("storedHashIndexes").EnumerateArray())
            Assert.AreEqual((x[1].GetInt32(), x[2].GetInt64()), Tlog.SplitStoredHashIndex(x[0].GetInt64()));
    }

    private sealed class FixedTiles(Dictionary<Tile, byte[]> tiles) : ITileReader
    {
        public int Height => 8;

        public ValueTask<IReadOnlyList<byte[]>> ReadTilesAsync(IReadOnlyList<Tile> list, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<byte[]>>(list.Select(t => tiles.TryGetValue(t, out var d)
                ? d
                : tiles.First(k => k.Key with { W = t.W } == t && k.Key.W >= t.W).Value[..(t.W * 32)]).ToList());

        public void SaveTiles(IReadOnlyList<Tile> tiles, IReadOnlyList<byte[]> data)
        {
        }
    }

    [TestMethod]
    public async Task GoChecksTheServersNotesTilesAndProofs_AndRefusesATamperedLog()
    {
        RequireOracle();
        using var f = new SumDbFixture(("example.org/Hello", "v1.0.0"), ("example.org/Hello", "v1.1.0"), ("example.org/x", "v0.0.1"));
        string data = f.Dir.Combine("data");
        string logDir = Path.Combine(data, "sumdb", SumDbFixture.Name);
        // 300 records before the real ones: the lookups cross a tile (256) and reach tile level 1.
        using (var seed = new SumDbLog(new DiskLogStore(logDir), f.Signer(), new MemorySingleFlight(), new SumDbMetrics(), NullLogger<SumDbLog>.Instance))
            await Task.WhenAll(Enumerable.Range(0, 300).Select(i => seed.AppendAsync(new ModuleRecord($"example.org/seed{i}", "v1.0.0",
                "h1:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))),
                "h1:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(-i)))), default)));
        await using var proxy = await ProxyHost.StartAsync(f.Settings("Storage:Kind=disk", "Storage:Path=" + data));
        string url = $"{proxy.Url}/sumdb/{SumDbFixture.Name}";

        var ok = Run(Oracle.Value, "check-server", url, f.VerifierKey, "example.org/!hello@v1.0.0", "example.org/seed7@v1.0.0", "example.org/!hello@v1.1.0",
            "example.org/x@v0.0.1", "example.org/seed299@v1.0.0", "example.org/!hello@v1.0.0");
        Assert.AreEqual(0, ok.ExitCode, ok.Stdout + ok.Stderr);
        StringAssert.Contains(ok.Stdout, "ok example.org/!hello@v1.0.0 300 301");
        StringAssert.Contains(ok.Stdout, "ok example.org/x@v0.0.1 302 303");

        // Another key: Go's note.Open refuses the head.
        var (_, otherKey) = NoteKeys.Generate(SumDbFixture.Name);
        var wrongKey = Run(Oracle.Value, "check-server", url, otherKey, "example.org/x@v0.0.1");
        Assert.AreNotEqual(0, wrongKey.ExitCode);
        StringAssert.Contains(wrongKey.Stderr, "no verifiable signatures");

        // A record changed in storage: Go's CheckRecord refuses it.
        string tile = Path.Combine(logDir, "tile", "8", "data", "000");
        string text = File.ReadAllText(tile);
        int at = text.IndexOf("example.org/seed7 v1.0.0 h1:", StringComparison.Ordinal) + "example.org/seed7 v1.0.0 h1:".Length;
        File.WriteAllText(tile, text[..at] + (text[at] == 'A' ? 'B' : 'A') + text[(at + 1)..]);
        var bad = Run(Oracle.Value, "check-server", url, f.VerifierKey, "example.org/seed7@v1.0.0");
        Assert.AreNotEqual(0, bad.ExitCode, bad.Stdout);
        StringAssert.Contains(bad.Stderr, "invalid transparency proof");
    }
}
