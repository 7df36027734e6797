using System.IO.Compression;
using System.Text;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;

namespace ModuleSdk.Tests.Fetching;

/// <summary>Builds directories in module proxy layout, and the fast client settings tests use.</summary>
internal static class ProxyFixture
{
    /// <summary>Short timeouts and near-instant retries: every failure test finishes in well under a second.</summary>
    public static ProxyClientOptions Fast { get; } = new()
    {
        ResponseTimeout = TimeSpan.FromSeconds(5),
        StallTimeout = TimeSpan.FromSeconds(5),
        Retry = new RetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(20) },
    };

    public static readonly DateTimeOffset Time = new(2023, 4, 5, 6, 7, 8, TimeSpan.Zero);

    public static string ModText(string path) => $"module {path}\n";

    /// <summary>Adds one version: .info, .mod, .zip, and a line in list.</summary>
    public static void Add(string root, string path, string version, bool listed = true)
    {
        var dir = Path.Combine(root, PathEscaping.EscapePath(path).Replace('/', Path.DirectorySeparatorChar), "@v");
        Directory.CreateDirectory(dir);
        var ev = PathEscaping.EscapeVersion(version);
        File.WriteAllText(Path.Combine(dir, ev + ".info"), $"{{\"Version\":\"{version}\",\"Time\":\"{Time:yyyy-MM-ddTHH:mm:ssZ}\"}}");
        File.WriteAllText(Path.Combine(dir, ev + ".mod"), ModText(path));
        File.WriteAllBytes(Path.Combine(dir, ev + ".zip"), Zip(path, version));
        if (listed) File.AppendAllText(Path.Combine(dir, "list"), version + "\n");
    }

    public static void Write(string root, string relative, string text)
    {
        var file = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    public static byte[] Zip(string path, string version)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in new[] { ("module.mod", ModText(path)), ("lib.cs", "class C {}\n") })
            {
                var entry = zip.CreateEntry($"{path}@{version}/{name}");
                // A fixed time: the entry's (DOS, 2 s) timestamp would otherwise make two zips of
                // the same module built a second apart differ, and tests compare zips byte for byte.
                entry.LastWriteTime = new DateTimeOffset(2024, 1, 2, 3, 4, 6, TimeSpan.Zero);
                using var s = entry.Open();
                s.Write(Encoding.UTF8.GetBytes(text));
            }
        }
        return ms.ToArray();
    }

    public static string FileUrl(string dir) =>
        new Uri(dir.EndsWith(Path.DirectorySeparatorChar) ? dir : dir + Path.DirectorySeparatorChar).AbsoluteUri.TrimEnd('/');
}
