using System.Net;
using Azure.Storage.Blobs;
using ModuleSdk.Proxy.Index;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests;

/// <summary>
/// The index feed (<c>/index</c>, Go's index.golang.org): the entry format checked against Go's
/// own JSON and time encoding, timestamps that strictly increase under concurrent appenders
/// (threads, and instances sharing a disk folder or an Azurite container), since/limit paging,
/// every stored version appended once, and the index surviving a restart.
/// </summary>
[TestClass]
public sealed class IndexTests
{
    private sealed class BackwardsClock : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2026, 12, 6, 4, 0, 0, TimeSpan.Zero).UtcTicks;
        // Each reading is a second earlier than the last: a clock stepped back (NTP, another instance's skew).
        public override DateTimeOffset GetUtcNow() => new(Interlocked.Add(ref _ticks, -TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    [TestMethod]
    public async Task Timestamps_StrictlyIncrease_EvenWhenTheClockGoesBack()
    {
        var index = new VersionIndex(new MemoryAppendLog(), new BackwardsClock());
        for (int i = 0; i < 5; i++) Assert.IsNotNull(await index.AppendAsync("example.com/m", $"v1.0.{i}", default));
        Assert.IsNull(await index.AppendAsync("example.com/m", "v1.0.2", default), "a version is appended once");
        var all = await index.ReadAsync(DateTimeOffset.MinValue, 100, default);
        Assert.AreEqual(5, all.Count);
        for (int i = 1; i < all.Count; i++) Assert.IsTrue(all[i].Timestamp > all[i - 1].Timestamp, $"{all[i].Timestamp:O} after {all[i - 1].Timestamp:O}");
    }

    [TestMethod]
    public async Task SinceIsInclusive_LimitPages()
    {
        var index = new VersionIndex(new MemoryAppendLog());
        for (int i = 0; i < 10; i++) await index.AppendAsync("example.com/m", $"v1.0.{i}", default);
        var all = await index.ReadAsync(DateTimeOffset.MinValue, 100, default);
        var page = await index.ReadAsync(all[3].Timestamp, 4, default);
        CollectionAssert.AreEqual(all.Skip(3).Take(4).ToList(), page.ToList(), "since includes the entry at that time, as Go's index");
        Assert.AreEqual(0, (await index.ReadAsync(all[^1].Timestamp.AddTicks(1), 100, default)).Count);
    }

    [TestMethod]
    public void EntryFormat_IsGos()
    {
        var e = new IndexEntry("golang.org/x/text", "v0.3.0", new DateTimeOffset(2019, 4, 10, 19, 8, 52, TimeSpan.Zero).AddTicks(9972640));
        Assert.AreEqual("{\"Path\":\"golang.org/x/text\",\"Version\":\"v0.3.0\",\"Timestamp\":\"2019-04-10T19:08:52.997264Z\"}", e.ToJson());
        Assert.AreEqual("2019-04-10T19:08:52Z", IndexEntry.FormatTime(new DateTimeOffset(2019, 4, 10, 19, 8, 52, TimeSpan.Zero)));
        Assert.AreEqual(e, IndexEntry.TryParse(e.ToJson()));
        Assert.AreEqual(new DateTimeOffset(2019, 4, 10, 17, 8, 52, TimeSpan.Zero), IndexEntry.TryParseTime("2019-04-10T19:08:52+02:00"));
        Assert.IsNull(IndexEntry.TryParseTime("2019-04-10"), "RFC 3339 needs the time and zone");
        Assert.IsNull(IndexEntry.TryParseTime("2019-04-10T19:08:52"), "no zone");
        Assert.IsNull(IndexEntry.TryParseTime("yesterday"));
    }

    [TestMethod]
    public async Task ConcurrentAppenders_SharingADiskFolder_OneOrderNoDuplicates()
    {
        using var dir = new TempDir("index-disk");
        string file = dir.Combine(".modproxy/index.log");
        // Two "instances": two logs on one file, each with its own in-memory state and lock holder.
        var a = new VersionIndex(new DiskAppendLog(file));
        var b = new VersionIndex(new DiskAppendLog(file));
        await AppendConcurrently(a, b);
        var fresh = new VersionIndex(new DiskAppendLog(file));
        AssertOneOrder(await fresh.ReadAsync(DateTimeOffset.MinValue, 2000, default), 100);
    }

    [TestMethod]
    [TestCategory("EndToEnd")]
    public async Task ConcurrentAppenders_SharingAnAzuriteContainer_OneOrderNoDuplicates()
    {
        using var azurite = ServerProcess.StartAzurite();
        var container = new BlobServiceClient(azurite.AzuriteConnectionString).GetBlobContainerClient("index");
        await container.CreateIfNotExistsAsync();
        var a = new VersionIndex(new AzureAppendLog(container, "index"));
        var b = new VersionIndex(new AzureAppendLog(container, "index"));
        await AppendConcurrently(a, b);
        var fresh = new VersionIndex(new AzureAppendLog(container, "index"));
        AssertOneOrder(await fresh.ReadAsync(DateTimeOffset.MinValue, 2000, default), 100);
    }

    // 100 versions, each appended by both instances at once (so half the appends must find it there),
    // while a reader follows with since cursors: every entry must be seen exactly once, in order.
    private static async Task AppendConcurrently(VersionIndex a, VersionIndex b)
    {
        var seen = new List<IndexEntry>();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var since = DateTimeOffset.MinValue;
            while (true)
            {
                bool last = stop.IsCancellationRequested;
                var page = await a.ReadAsync(since, 7, default);
                foreach (var e in page)
                    if (seen.Count == 0 || e.Timestamp > seen[^1].Timestamp) seen.Add(e);
                    else Assert.AreEqual(seen[^1], e, "only the entry at the cursor comes again");
                if (page.Count > 0) since = page[^1].Timestamp;
                if (last && page.Count <= 1) return;
                await Task.Delay(5);
            }
        });
        await Task.WhenAll(Enumerable.Range(0, 100).SelectMany(i => new[]
        {
            Task.Run(() => a.AppendAsync("example.com/m", $"v1.0.{i}", default)),
            Task.Run(() => b.AppendAsync("example.com/m", $"v1.0.{i}", default)),
        }));
        stop.Cancel();
        await reader;
        AssertOneOrder(seen, 100);
    }

    [TestMethod]
    [TestCategory("EndToEnd")]
    public async Task TwoInstancesOnOneAzuriteContainerAndRedis_ServeOneIndex()
    {
        using var azurite = ServerProcess.StartAzurite();
        using var redis = ServerProcess.StartRedis();
        using var dir = new TempDir("index-two");
        var origin = new ModuleProxyBuilder(dir.Combine("origin"));
        for (int i = 0; i < 20; i++) origin.Add("example.com/m", $"v1.0.{i}");
        string[] shared =
        [
            "Upstream=" + origin.Url, "Storage:Kind=azureblob", "Storage:ConnectionString=" + azurite.AzuriteConnectionString,
            "Storage:Container=index-two", "SingleFlight:Kind=redis", "SingleFlight:Redis=127.0.0.1:" + redis.Port,
        ];
        await using var a = await ProxyHost.StartAsync(shared);
        await using var b = await ProxyHost.StartAsync(shared);
        // Every version asked for at both instances at once: each is stored once and indexed once.
        await Task.WhenAll(Enumerable.Range(0, 20).SelectMany(i => new[] { a, b }.Select(p => Task.Run(async () =>
        {
            using var res = await p.Http.GetAsync($"example.com/m/@v/v1.0.{i}.info");
            Assert.AreEqual(HttpStatusCode.OK, res.StatusCode);
        }))));
        string feedA = await a.Http.GetStringAsync("index"), feedB = await b.Http.GetStringAsync("index");
        Assert.AreEqual(feedA, feedB, "one index in the shared storage");
        AssertOneOrder(feedA.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => IndexEntry.TryParse(l)!).ToList(), 20);
    }

    private static void AssertOneOrder(IReadOnlyList<IndexEntry> entries, int count)
    {
        Assert.AreEqual(count, entries.Count, string.Join("\n", entries.Select(e => e.ToJson())));
        Assert.AreEqual(count, entries.Select(e => e.Version).Distinct().Count(), "no version twice");
        for (int i = 1; i < entries.Count; i++) Assert.IsTrue(entries[i].Timestamp > entries[i - 1].Timestamp, "strictly increasing in log order");
    }

    [TestMethod]
    [TestCategory("EndToEnd")]
    public async Task Feed_ListsEveryStoredVersionOnce_PagesAndSurvivesARestart()
    {
        using var repos = new ModuleRepos();
        using var dir = new TempDir("index-feed");
        string[] settings = ["Repos=" + repos.Rules, "Storage:Kind=disk", "Storage:Path=" + dir.Combine("data")];
        string feed;
        await using (var proxy = await ProxyHost.StartAsync(settings))
        {
            Assert.AreEqual("", await proxy.Http.GetStringAsync("index"), "nothing stored, nothing indexed");
            foreach (var v in new[] { "example.com/lib/@v/v1.0.0.zip", "example.com/lib/@v/v1.1.0.info", "example.com/lib/v2/@v/v2.0.0.mod",
                "example.com/lib/@v/v1.0.0.info" })
                Assert.AreEqual(HttpStatusCode.OK, (await proxy.Http.GetAsync(v)).StatusCode, v);
            using var res = await proxy.Http.GetAsync("index");
            Assert.AreEqual("application/json; charset=utf-8", res.Content.Headers.ContentType!.ToString());
            feed = await res.Content.ReadAsStringAsync();
            var lines = feed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => IndexEntry.TryParse(l)!).ToList();
            CollectionAssert.AreEqual(new[] { "example.com/lib@v1.0.0", "example.com/lib@v1.1.0", "example.com/lib/v2@v2.0.0" },
                lines.Select(l => l.Path + "@" + l.Version).ToArray());

            string second = await proxy.Http.GetStringAsync("index?since=" + Uri.EscapeDataString(IndexEntry.FormatTime(lines[1].Timestamp)) + "&limit=1");
            Assert.AreEqual(lines[1].ToJson() + "\n", second);
            Assert.AreEqual(HttpStatusCode.BadRequest, (await proxy.Http.GetAsync("index?since=yesterday")).StatusCode);
            Assert.AreEqual(HttpStatusCode.BadRequest, (await proxy.Http.GetAsync("index?limit=0")).StatusCode);
            using var bad = await proxy.Http.GetAsync("index?limit=x");
            Assert.AreEqual(HttpStatusCode.BadRequest, bad.StatusCode);
            StringAssert.Contains(await bad.Content.ReadAsStringAsync(), "MOD6901");
            Assert.AreEqual(3, (await proxy.Http.GetStringAsync("index?limit=5000")).Count(c => c == '\n'), "a limit over 2000 is 2000");
        }
        await using (var again = await ProxyHost.StartAsync(settings))
        {
            Assert.AreEqual(feed, await again.Http.GetStringAsync("index"), "the index lives in the storage");
        }
    }

    [TestMethod]
    public async Task Backfill_AppendsVersionsStoredBeforeTheIndex()
    {
        using var repos = new ModuleRepos();
        using var dir = new TempDir("index-backfill");
        string[] settings = ["Repos=" + repos.Rules, "Storage:Kind=disk", "Storage:Path=" + dir.Combine("data")];
        await using (var proxy = await ProxyHost.StartAsync(settings))
            Assert.AreEqual(HttpStatusCode.OK, (await proxy.Http.GetAsync("example.com/lib/@v/v1.0.0.info")).StatusCode);
        File.Delete(dir.Combine("data/.modproxy/index.log")); // as a store from before the index
        await using var restarted = await ProxyHost.StartAsync(settings);
        await restarted.Services.GetRequiredServiceOf<IndexBackfill>().Done;
        StringAssert.StartsWith(await restarted.Http.GetStringAsync("index"), "{\"Path\":\"example.com/lib\",\"Version\":\"v1.0.0\",\"Timestamp\":\"");
    }

    [TestMethod]
    public void Feed_DecodesAndReencodesIdenticallyWithGo()
    {
        GoTool.RequireGo();
        using var dir = new TempDir("index-go");
        var index = new VersionIndex(new MemoryAppendLog());
        var lines = new List<string>();
        foreach (var (when, v) in new[] { (new DateTimeOffset(2019, 4, 10, 19, 8, 52, TimeSpan.Zero), "v1.0.0"),
            (new DateTimeOffset(2019, 4, 10, 19, 8, 52, TimeSpan.Zero).AddTicks(9972640), "v1.0.1"),
            (new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero).AddTicks(1), "v1.0.2-pre.1") })
            lines.Add(new IndexEntry("example.com/m", v, when).ToJson());
        File.WriteAllText(dir.Combine("feed.jsonl"), string.Join("\n", lines) + "\n");
        File.WriteAllText(dir.Combine("go.mod"), "module example.com/indexcheck\n\ngo 1.16\n");
        // What pkgsite and other index clients do: decode into time.Time, encode back.
        File.WriteAllText(dir.Combine("main.go"), """
            package main

            import (
            	"bufio"
            	"encoding/json"
            	"fmt"
            	"os"
            	"time"
            )

            type entry struct {
            	Path      string
            	Version   string
            	Timestamp time.Time
            }

            func main() {
            	f, _ := os.Open(os.Args[1])
            	s := bufio.NewScanner(f)
            	for s.Scan() {
            		var e entry
            		if err := json.Unmarshal(s.Bytes(), &e); err != nil {
            			panic(err)
            		}
            		out, _ := json.Marshal(e)
            		fmt.Println(string(out))
            	}
            }
            """);
        var r = GoTool.Run(dir.Path, dir.Combine("gopath"), "off", "run", "main.go", dir.Combine("feed.jsonl"));
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        Assert.AreEqual(string.Join("\n", lines) + "\n", r.Stdout);
    }
}

internal static class ServiceProviderTestExtensions
{
    public static T GetRequiredServiceOf<T>(this IServiceProvider services) where T : notnull =>
        (T)(services.GetService(typeof(T)) ?? throw new InvalidOperationException(typeof(T).Name + " is not registered"));
}
