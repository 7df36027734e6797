using System.Text;
using System.Text.Json;

namespace ModuleSdk.Tests.GoVectors;

/// <summary>
/// Go's own module test vectors (x/mod's and cmd/go's test tables and testdata, extracted as data),
/// read at test time from the <c>shared/go-vectors</c> folder beside the clone
/// (<c>&lt;repository&gt;/../shared/go-vectors</c>); they are never copied into the repository.
/// For a git worktree the main clone's neighbour is tried as well. When the folder is missing the
/// tests fail under CI (<c>CI=true</c>, which provides it) and are inconclusive elsewhere.
/// </summary>
internal static class GoVectorFiles
{
    private static readonly Lazy<(string? Dir, string Searched)> Located = new(Locate);

    /// <summary>The vectors folder; fails (CI) or marks the test inconclusive when it is missing.</summary>
    public static string Dir
    {
        get
        {
            var (dir, searched) = Located.Value;
            if (dir is not null) return dir;
            Missing(searched, string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase));
            return null!;
        }
    }

    /// <summary>Reports missing vectors: a failure under CI, inconclusive elsewhere. Always throws.</summary>
    internal static void Missing(string searched, bool ci)
    {
        string message = $"Go's test vectors are missing: expected the folder shared/go-vectors beside the repository clone (looked in {searched}).";
        if (ci) Assert.Fail(message + " CI must place a copy of shared/ beside its clone.");
        Assert.Inconclusive(message);
    }

    /// <summary>The full path of a file under the vectors folder ('/'-separated relative path).</summary>
    public static string File(string relative) => Path.Combine([Dir, .. relative.Split('/')]);

    /// <summary>Parses one of the JSON tables.</summary>
    public static JsonElement Json(string relative)
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllBytes(File(relative)));
        return doc.RootElement.Clone();
    }

    /// <summary>The txtar archives of a testdata folder, by file name, in name order.</summary>
    public static IEnumerable<(string Name, Txtar Archive)> Txtars(string relativeDir)
    {
        var dir = File(relativeDir);
        foreach (var path in Directory.GetFiles(dir, "*.txt").Order(StringComparer.Ordinal))
            yield return (Path.GetFileNameWithoutExtension(path), Txtar.Parse(System.IO.File.ReadAllBytes(path)));
    }

    /// <summary>A string field of a table row, "" when absent.</summary>
    public static string Str(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    /// <summary>A boolean field of a table row, false when absent.</summary>
    public static bool Bool(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static (string?, string) Locate() => Locate(RepositoryRoot());

    /// <summary>The vectors folder for the clone at <paramref name="root"/>, and where it looked.</summary>
    internal static (string? Dir, string Searched) Locate(string? root)
    {
        if (root is null) return (null, "no ModuleSdk.sln above " + AppContext.BaseDirectory);
        var candidates = new List<string> { Path.GetFullPath(Path.Combine(root, "..", "shared", "go-vectors")) };
        // In a git worktree (.git is a file naming the main clone's .git/worktrees/<name>), the
        // shared folder is beside the main clone.
        string dotGit = Path.Combine(root, ".git");
        if (System.IO.File.Exists(dotGit))
        {
            string line = System.IO.File.ReadAllText(dotGit).Trim();
            if (line.StartsWith("gitdir:", StringComparison.Ordinal))
            {
                var gitDir = new DirectoryInfo(Path.GetFullPath(line["gitdir:".Length..].Trim(), root));
                var mainGit = gitDir.Parent?.Name == "worktrees" ? gitDir.Parent.Parent : null;
                if (mainGit?.Parent is { } mainClone)
                    candidates.Add(Path.GetFullPath(Path.Combine(mainClone.FullName, "..", "shared", "go-vectors")));
            }
        }
        foreach (var c in candidates)
            if (System.IO.File.Exists(Path.Combine(c, "README.md"))) return (c, string.Join(", ", candidates));
        return (null, string.Join(", ", candidates));
    }

    private static string? RepositoryRoot() => ModuleSdk.Tests.TestSupport.RepositoryRoot.Find();
}

/// <summary>
/// golang.org/x/tools/txtar: a comment, then files introduced by <c>-- name --</c> lines. Bytes
/// are kept as they are (some vectors hold invalid UTF-8 on purpose).
/// </summary>
internal sealed class Txtar
{
    public required byte[] Comment { get; init; }

    public required List<(string Name, byte[] Data)> Files { get; init; }

    /// <summary>The comment's <c>key=value</c> lines (x/mod zip_test.go readTest).</summary>
    public Dictionary<string, string> Params()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in Encoding.UTF8.GetString(Comment).Split('\n'))
        {
            var line = raw;
            int hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            line = line.Trim();
            if (line.Length == 0) continue;
            int eq = line.IndexOf('=');
            result[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }
        return result;
    }

    public static Txtar Parse(byte[] data)
    {
        var files = new List<(string, byte[])>();
        byte[]? comment = null;
        string? name = null;
        int start = 0;
        int pos = 0;
        while (pos <= data.Length)
        {
            int eol = pos < data.Length ? Array.IndexOf(data, (byte)'\n', pos) : -1;
            int lineEnd = eol < 0 ? data.Length : eol;
            if (pos < data.Length && MarkerName(data.AsSpan(pos, lineEnd - pos)) is { } marker)
            {
                var body = data[start..pos];
                if (name is null) comment = body; else files.Add((name, body));
                name = marker;
                start = eol < 0 ? data.Length : eol + 1;
            }
            if (eol < 0) break;
            pos = eol + 1;
        }
        var last = data[start..];
        if (name is null) comment = last; else files.Add((name, last));
        return new Txtar { Comment = comment ?? [], Files = files };
    }

    private static string? MarkerName(ReadOnlySpan<byte> line)
    {
        if (line.Length < 7 || !line.StartsWith("-- "u8) || !line.EndsWith(" --"u8)) return null;
        var name = Encoding.UTF8.GetString(line[3..^3]).Trim();
        return name.Length == 0 ? null : name;
    }
}
