using ModuleSdk.Direct;
using ModuleSdk.Fetching;
using ModuleSdk.Sums;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Direct;

/// <summary>
/// <see cref="IZipBuildingSource"/>: direct mode returns the <c>h1:</c> of the zip it builds from
/// git, equal to the hash of the written bytes computed independently; a zip from a proxy comes
/// back without one (the caller must check and hash it); a <c>MODPROXY</c> list reports the hash
/// of the entry that answered.
/// </summary>
[TestClass]
public class ZipBuildingSourceTests
{
    private const string Lib = "example.com/lib";

    private static GitFixture Repo()
    {
        var g = new GitFixture();
        var random = new Random(7);
        byte[] blob = new byte[200_000];
        random.NextBytes(blob);
        var c = g.Commit("one", ("module.mod", "module example.com/lib\n"), ("src/Lib.cs", "class Lib {}\n"), ("LICENSE", "MIT\n"),
            ("data/random.b64", Convert.ToBase64String(blob)), ("tools/module.mod", "module example.com/lib/tools\n"), ("tools/T.cs", "t"));
        g.Tag("v1.0.0", c);
        return g;
    }

    [TestMethod]
    public async Task Direct_ReturnsTheHashOfTheZipItWrote()
    {
        using var g = Repo();
        using var s = g.Source();
        using var built = new MemoryStream();
        string? hash = await s.DownloadZipBuiltAsync(Lib, "v1.0.0", built);
        Assert.IsNotNull(hash);
        built.Position = 0;
        Assert.AreEqual(Hash1.HashZip(built, "built.zip"), hash, "the returned hash is the written zip's");

        using var plain = new MemoryStream();
        await s.DownloadZipAsync(Lib, "v1.0.0", plain);
        CollectionAssert.AreEqual(plain.ToArray(), built.ToArray(), "the same zip either way");
    }

    [TestMethod]
    public async Task Routed_DirectEntry_Hash_ProxyEntry_None()
    {
        using var g = Repo();
        var direct = new RoutedSource(ProxyList.Parse("direct"), direct: () => g.Source());
        using var fromGit = new MemoryStream();
        string? hash = await direct.DownloadZipBuiltAsync(Lib, "v1.0.0", fromGit);
        fromGit.Position = 0;
        Assert.AreEqual(Hash1.HashZip(fromGit, "git.zip"), hash);

        using var dir = new TempDir("built-proxy");
        var proxy = new ModuleProxyBuilder(dir.Combine("proxy")).Add(Lib, "v1.0.0");
        var viaProxy = new RoutedSource(ProxyList.Parse(proxy.Url), direct: () => g.Source());
        using var fromProxy = new MemoryStream();
        Assert.IsNull(await viaProxy.DownloadZipBuiltAsync(Lib, "v1.0.0", fromProxy), "a proxy's bytes are not vouched for");
        CollectionAssert.AreEqual(File.ReadAllBytes(proxy.FileOf(Lib, "v1.0.0", "zip")), fromProxy.ToArray());
    }

    [TestMethod]
    public async Task Routed_ProxyWithoutTheVersion_FallsThroughToDirect_WhoseHashIsReturned()
    {
        using var g = Repo();
        using var dir = new TempDir("built-fallthrough");
        var empty = new ModuleProxyBuilder(dir.Combine("empty"));
        var source = new RoutedSource(ProxyList.Parse(empty.Url + ",direct"), direct: () => g.Source());
        using var zip = new MemoryStream();
        string? hash = await source.DownloadZipBuiltAsync(Lib, "v1.0.0", zip);
        zip.Position = 0;
        Assert.AreEqual(Hash1.HashZip(zip, "fallthrough.zip"), hash);
    }
}
