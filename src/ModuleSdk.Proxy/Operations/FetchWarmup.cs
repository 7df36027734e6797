using System.Diagnostics;
using LibGit2Sharp;
using Microsoft.Extensions.Logging.Abstractions;
using ModuleSdk.Fetching;
using ModuleSdk.Proxy.Serving;
using ModuleSdk.Proxy.Storage;

namespace ModuleSdk.Proxy.Operations;

/// <summary>
/// The start-up warm-up (<c>Warmup:Fetches</c>, default 0: off). A server's first fetches are
/// slow not for their work but for the runtime's: the fetch path is compiled when first run, then
/// recompiled as it gets hot (tiered compilation, over its first few dozen calls), and on two cores
/// that compilation competes with the fetches themselves (docs/benchmarks.md, "The proxy's cold
/// fetch"). With <c>Warmup:Fetches=N</c> the server runs that path N times before <c>/readyz</c>
/// says ready: N modules of its own making, each in a git repository it creates under
/// <c>TempPath</c>, fetched through the same code as a client's request (the direct upstream,
/// the zip built and hashed, stored with the <c>.info</c> last, read back) into storage of its own,
/// with metrics of its own; then it waits until the runtime has stopped compiling. Nothing external
/// is touched, nothing of it is served or counted, and everything is deleted afterwards. Requests
/// are served meanwhile (only readiness waits); a warm-up that fails is logged and ends.
/// </summary>
public sealed class FetchWarmup(ProxyServerOptions options, IConfiguration configuration, ILogger<FetchWarmup> log) : BackgroundService
{
    /// <summary>The configuration key: how many fetches the warm-up makes (0: none).</summary>
    public const string FetchesKey = "Warmup:Fetches";

    private const string ModulePrefix = "warmup.invalid/m"; // warmup.invalid/m0, m1, ... (.invalid: never a real host)

    private readonly int _fetches = int.TryParse(configuration[FetchesKey], out int n) && n > 0 ? n : 0;
    private volatile bool _done;

    /// <summary>Whether the warm-up is over (or off).</summary>
    public bool Done => _fetches == 0 || _done;

    /// <summary>The fetches made so far.</summary>
    public int Fetched { get; private set; }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_fetches == 0) return;
        await Task.Yield(); // start-up goes on; readiness waits
        var clock = Stopwatch.StartNew();
        long compiledBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        string root = Path.Combine(Path.GetFullPath(options.TempPath), $"warmup-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        IModuleSource? direct = null;
        try
        {
            string repos = Path.Combine(root, "repos");
            var own = options with
            {
                Upstream = "direct",
                Private = "",
                Repos = $"warmup.invalid/*={new Uri(repos + "/").AbsoluteUri}*.git",
                CachePath = Path.Combine(root, "git"),
                TempPath = Path.Combine(root, "tmp"),
            };
            var upstream = ProxyServer.CreateUpstream(own, made => direct = made);
            var storage = new DiskStorage(Path.Combine(root, "data"));
            var service = new ModuleService(storage, upstream, new MemorySingleFlight(), new ProxyMetrics(), new InFlightFetches(),
                NullLogger<ModuleService>.Instance, own);
            var random = new Random(11);
            for (int i = 0; i < _fetches; i++)
            {
                stoppingToken.ThrowIfCancellationRequested();
                string module = ModulePrefix + i;
                CreateRepository(Path.Combine(repos, "m" + i + ".git"), module, random);
                await service.EnsureStoredAsync(module, "v1.0.0", stoppingToken).ConfigureAwait(false);
                foreach (var kind in new[] { StoredFileKind.Info, StoredFileKind.Mod, StoredFileKind.ZipHash, StoredFileKind.Zip })
                {
                    await using var f = await storage.OpenAsync(module, "v1.0.0", kind, stoppingToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"{module} {kind} was not stored");
                    await f.Content.CopyToAsync(Stream.Null, stoppingToken).ConfigureAwait(false);
                }
                Fetched = i + 1;
            }
            long fetchedMs = clock.ElapsedMilliseconds;
            // Methods reach their final tier in the background after the calls that made them hot:
            // ready once the runtime has compiled nothing for half a second (at most 30 s).
            long last = System.Runtime.JitInfo.GetCompiledMethodCount();
            for (int quiet = 0; quiet < 2 && clock.Elapsed < TimeSpan.FromSeconds(30);)
            {
                await Task.Delay(250, stoppingToken).ConfigureAwait(false);
                long now = System.Runtime.JitInfo.GetCompiledMethodCount();
                quiet = now == last ? quiet + 1 : 0;
                last = now;
            }
            log.LogInformation("warmed up: {Fetches} fetches in {FetchMs} ms, ready after {ElapsedMs} ms ({Methods} methods compiled meanwhile)",
                _fetches, fetchedMs, clock.ElapsedMilliseconds, System.Runtime.JitInfo.GetCompiledMethodCount() - compiledBefore);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogWarning("the start-up warm-up stopped after {Fetched} fetches: {Error}; serving without it", Fetched, e.Message);
        }
        finally
        {
            (direct as IDisposable)?.Dispose();
            RemoveTree(root);
            _done = true;
        }
    }

    /// <summary>
    /// A bare repository holding one module at v1.0.0: a few source files, a license and a 256 KiB
    /// binary (several copy buffers and deflate blocks).
    /// </summary>
    private static void CreateRepository(string path, string module, Random random)
    {
        using var repo = new Repository(Repository.Init(path, isBare: true));
        byte[] binary = new byte[256 * 1024];
        random.NextBytes(binary);
        var files = new List<(string Path, byte[] Content)>
        {
            ("module.mod", System.Text.Encoding.UTF8.GetBytes($"module {module}\n\nrequire example.com/dep v1.2.3\n")),
            ("LICENSE", System.Text.Encoding.UTF8.GetBytes("Warm-up content, never served.\n")),
            ("README.md", System.Text.Encoding.UTF8.GetBytes("# warm-up\n")),
            ("data/blob.bin", binary),
        };
        for (int i = 0; i < 8; i++)
            files.Add(($"src/Part{i}.cs",
                System.Text.Encoding.UTF8.GetBytes($"namespace Warmup; public static class Part{i} {{ public const int N = {i}; }}\n")));
        var tree = new TreeDefinition();
        foreach (var (p, content) in files)
            tree.Add(p, repo.ObjectDatabase.CreateBlob(new MemoryStream(content)), Mode.NonExecutableFile);
        var sig = new Signature("modproxy", "modproxy@warmup.invalid", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var commit = repo.ObjectDatabase.CreateCommit(sig, sig, "warm-up", repo.ObjectDatabase.CreateTree(tree), [], prettifyMessage: false);
        repo.Refs.Add("refs/heads/main", commit.Id);
        if (repo.Refs.Head is SymbolicReference head) repo.Refs.UpdateTarget(head, repo.Refs["refs/heads/main"]);
        repo.Tags.Add("v1.0.0", commit);
    }

    private void RemoveTree(string root)
    {
        try
        {
            if (!Directory.Exists(root)) return;
            // git writes its objects read-only.
            foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("removing the warm-up's folder {Folder} failed: {Error}", root, e.Message);
        }
    }
}
