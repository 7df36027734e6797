using BenchmarkDotNet.Attributes;
using ModuleSdk.Cache;
using ModuleSdk.Cli;
using ModuleSdk.ModFile;
using ModuleSdk.Modules;
using ModuleSdk.Sums;
using ModuleSdk.Tests.Conformance;
using ModuleSdk.Verification;
using ModuleSdk.Zips;

namespace ModuleSdk.Benchmarks;

/// <summary>
/// The per-module pieces that <c>list -m all</c>, <c>download</c> and <c>verify</c> repeat for
/// every module of a build list, measured on one module of a small downloaded universe (the
/// conformance generator's zips: go.mod, module.mod and one source file). Multiply by the
/// build list (about 1,000 modules and 1,900 module files in compare-go.sh's universe) to see
/// what each piece costs a whole command.
/// </summary>
[MemoryDiagnoser]
public class CacheBenchmarks
{
    private string _root = null!;
    private ModuleCache _cache = null!;
    private ModuleId _module;
    private string _zip = null!, _dir = null!, _modText = null!, _extractTo = null!;
    private byte[] _modBytes = null!;
    private Verifier _verifier = null!;
    private int _extractions;

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "modsdk-cachebench-" + Environment.ProcessId);
        var layout = UniverseWriter.Write(UniverseGenerator.Generate(seed: 1, moduleCount: 40), _root);
        var env = new Dictionary<string, string?>
        {
            ["MODPROXY"] = "file://" + layout.ModProxy,
            ["MODCACHE"] = layout.ModCache,
            ["MODPRIVATE"] = "",
            ["HOME"] = layout.Home,
        };
        var context = new CliContext(layout.ModMain, env, TextWriter.Null, TextWriter.Null);
        CliApp.RunAsync(context, ["download", "all"]).GetAwaiter().GetResult(); // a missing zip or two is fine
        _cache = new ModuleCache(layout.ModCache);
        _module = Directory.EnumerateFiles(Path.Combine(layout.ModCache, "cache", "download"), "*.ziphash", SearchOption.AllDirectories)
            .Select(f => ToModule(layout.ModCache, f)).First(m => _cache.GetDirectoryState(m) == ModuleDirectoryState.Complete);
        _zip = _cache.ZipFile(_module);
        _dir = _cache.ModuleDirectory(_module);
        _modBytes = File.ReadAllBytes(_cache.ModFile(_module));
        _modText = File.ReadAllText(_cache.ModFile(_module));
        _verifier = new Verifier(_cache);
        _extractTo = Path.Combine(_root, "extract");
    }

    private static ModuleId ToModule(string cacheRoot, string zipHashFile)
    {
        // .../cache/download/<escaped path>/@v/<escaped version>.ziphash
        string rel = Path.GetRelativePath(Path.Combine(cacheRoot, "cache", "download"), zipHashFile).Replace('\\', '/');
        int at = rel.IndexOf("/@v/", StringComparison.Ordinal);
        string version = rel[(at + 4)..^".ziphash".Length];
        return new ModuleId(PathEscaping.UnescapePath(rel[..at]), PathEscaping.UnescapeVersion(version));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var f in Directory.EnumerateFileSystemEntries(_root, "*", SearchOption.AllDirectories))
            File.SetAttributes(f, FileAttributes.Normal);
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>The h1: hash of a cached zip (verify, and download before the rename).</summary>
    [Benchmark]
    public string HashZip() => Hash1.HashZip(_zip);

    /// <summary>The h1: hash of an extracted directory (verify).</summary>
    [Benchmark]
    public string HashDir() => Hash1.HashDir(_dir, _module.Path + "@" + _module.Version);

    /// <summary>The /module.mod hash of a module file (every cached module file read checks it).</summary>
    [Benchmark]
    public string HashModFile() => Hash1.HashModFile(_modBytes);

    /// <summary>A lax parse of a dependency's module file (the graph load, once per module version).</summary>
    [Benchmark]
    public int ParseLax() => ModuleFile.ParseLax("module.mod", _modText).Require.Count;

    /// <summary>The directory state check (three file system probes).</summary>
    [Benchmark]
    public ModuleDirectoryState DirectoryState() => _cache.GetDirectoryState(_module);

    /// <summary>Everything verify does for one module: ziphash, zip hash, dir hash, .mod hash.</summary>
    [Benchmark]
    public int VerifyModule() => _verifier.VerifyModule(_module).Problems.Count;

    /// <summary>Extracting a zip into a fresh directory (download).</summary>
    [Benchmark]
    public void Extract()
    {
        string to = Path.Combine(_extractTo, (_extractions++).ToString(System.Globalization.CultureInfo.InvariantCulture));
        ModuleZip.Extract(_zip, _module, to);
    }
}
