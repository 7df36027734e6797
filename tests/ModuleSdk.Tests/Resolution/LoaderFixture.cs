using ModuleSdk.Configuration;
using ModuleSdk.Resolution;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Resolution;

/// <summary>A proxy, a cache and a main module in one temp directory, and loaders over them.</summary>
internal sealed class LoaderFixture : IDisposable
{
    private readonly TempDir _dir = new("resolution");

    public LoaderFixture()
    {
        Proxy = new ModuleProxyBuilder(_dir.Combine("proxy"));
        Directory.CreateDirectory(MainDir);
    }

    public ModuleProxyBuilder Proxy { get; }
    public string MainDir => _dir.Combine("main");
    public string CacheDir => _dir.Combine("cache");
    public string ModFile => Path.Combine(MainDir, "module.mod");
    public string SumFile => Path.Combine(MainDir, "module.sum");

    public void WriteMain(string text) => File.WriteAllText(ModFile, text);

    public ModuleLoader Loader(bool locked = false, string? proxy = null) =>
        ModuleLoader.Create(MainModule.Load(MainDir), new ModuleSettings
        {
            Proxy = proxy ?? Proxy.Url,
            CacheRoot = CacheDir,
            LockedMode = locked,
        });

    /// <summary>The go-style MVS walkthrough universe: A and B need D 1.0.6 and 1.2.0, C needs D 1.3.2.</summary>
    public LoaderFixture WithWalkthrough()
    {
        Proxy.Add("example.com/a", "v1.0.0", ["example.com/d v1.0.6"])
            .Add("example.com/b", "v1.2.0", ["example.com/d v1.2.0"])
            .Add("example.com/c", "v1.0.0", ["example.com/d v1.3.2"]);
        foreach (var v in new[] { "v1.0.6", "v1.2.0", "v1.3.2", "v1.4.2" }) Proxy.Add("example.com/d", v);
        return this;
    }

    public void Dispose() => _dir.Dispose();
}
