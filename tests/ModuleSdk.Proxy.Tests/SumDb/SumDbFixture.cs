using ModuleSdk.SumDb;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests.SumDb;

/// <summary>
/// A checksum database's makings: a signer key file written by <c>modproxy keygen</c>'s code, a
/// file:// origin proxy with Go modules, and the proxy settings that turn the database on.
/// </summary>
internal sealed class SumDbFixture : IDisposable
{
    public const string Name = "sum.modproxy.test";

    public SumDbFixture(params (string Path, string Version)[] modules)
    {
        Dir = new TempDir("sumdb");
        KeyFile = Dir.Combine("signer.key");
        var stdout = new StringWriter();
        Assert.AreEqual(0, ModuleSdk.Proxy.SumDb.KeygenCommand.Run([Name, KeyFile], stdout, new StringWriter()));
        VerifierKey = stdout.ToString().Trim();
        Origin = Dir.Combine("origin");
        Directory.CreateDirectory(Origin);
        foreach (var (path, version) in modules) Clients.AddGoModule(Origin, path, version);
        OriginUrl = new Uri(Origin + "/").AbsoluteUri.TrimEnd('/');
    }

    public TempDir Dir { get; }

    public string KeyFile { get; }

    public string VerifierKey { get; }

    public string Origin { get; }

    public string OriginUrl { get; }

    /// <summary>The settings that turn the database on, over the origin.</summary>
    public string[] Settings(params string[] more) => ["Upstream=" + OriginUrl, "SumDb:Name=" + Name, "SumDb:SignerKey=" + KeyFile, .. more];

    public SumDbClient Client(ProxyHost proxy) => new(proxy.Http, proxy.Url + "/sumdb/" + Name, VerifierKey);

    public NoteSigner Signer() => NoteSigner.Parse(File.ReadAllText(KeyFile));

    public void Dispose() => Dir.Dispose();
}
