using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Zips;

/// <summary>
/// A file:// module proxy for the go command, and a runner for <c>go mod download -json</c>
/// over it: the conformance oracle for zips and hashes. Paths used here are lowercase, so the
/// proxy layout needs no escaping.
/// </summary>
internal sealed class GoProxyFixture : IDisposable
{
    private readonly TempDir _temp = new("goproxy");

    public string ProxyRoot => _temp.Combine("proxy");

    public string GoPath => _temp.Combine("gopath");

    public string WorkDir => _temp.Combine("work");

    public GoProxyFixture()
    {
        Directory.CreateDirectory(ProxyRoot);
        Directory.CreateDirectory(WorkDir);
    }

    /// <summary>Publishes one module version: list, .info, .mod (a go.mod text) and .zip.</summary>
    public void Publish(string path, string version, byte[] zip, string? goMod = null)
    {
        var v = Path.Combine([ProxyRoot, .. path.Split('/'), "@v"]);
        Directory.CreateDirectory(v);
        File.AppendAllText(Path.Combine(v, "list"), version + "\n");
        File.WriteAllText(Path.Combine(v, version + ".info"), $"{{\"Version\":\"{version}\",\"Time\":\"2020-01-01T00:00:00Z\"}}");
        File.WriteAllText(Path.Combine(v, version + ".mod"), goMod ?? $"module {path}\n");
        File.WriteAllBytes(Path.Combine(v, version + ".zip"), zip);
    }

    /// <summary>Runs <c>go mod download -json</c> for the given <c>path@version</c>s and returns one JSON object per module, by path.</summary>
    public Dictionary<string, JsonElement> Download(params string[] modules)
    {
        var r = GoTool.Run(WorkDir, GoPath, new Uri(ProxyRoot).AbsoluteUri, ["mod", "download", "-json", .. modules]);
        var result = new Dictionary<string, JsonElement>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(r.Stdout), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            var e = doc.RootElement.Clone();
            result[e.GetProperty("Path").GetString()!] = e;
        }
        Assert.AreEqual(modules.Length, result.Count, $"go mod download printed {result.Count} objects; stderr:\n{r.Stderr}\nstdout:\n{r.Stdout}");
        return result;
    }

    /// <summary>A zip built entry by entry, bypassing every rule: for hostile and invalid zips.</summary>
    public static byte[] RawZip(params (string Name, string Content)[] entries)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var e = zip.CreateEntry(name, CompressionLevel.Optimal);
                using var s = e.Open();
                s.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return ms.ToArray();
    }

    public void Dispose() => _temp.Dispose();
}
