using System.Security.Cryptography;
using System.Text;

namespace ModuleSdk.BuildCache;

/// <summary>
/// The inputs of one compilation of a module copy's project, as the build cache keys it (Go's
/// action ID): every value and file the compiler is given, in the order given, with the module
/// copy's location taken out, so that two consumers compiling the same module version with the
/// same inputs get the same key wherever their copies are. The key is the SHA-256 of
/// <see cref="Describe"/>; docs/design.md ("The build cache") argues why it is complete.
/// </summary>
public sealed class CompileInputs
{
    /// <summary>Changes whenever what a key covers or how outputs are stored changes, so older entries are never read.</summary>
    public const string Format = "modulesdk-buildcache 1";

    /// <summary>What stands for the module copy's root in <see cref="Describe"/>.</summary>
    public const string RootPlaceholder = "$(ModuleCopyRoot)";

    private readonly string _root;
    private readonly string _rootNoSlash;
    private readonly StringBuilder _text = new();

    /// <summary>Inputs of a project inside the module copy at <paramref name="copyRoot"/>.</summary>
    public CompileInputs(string copyRoot)
    {
        _rootNoSlash = Path.TrimEndingDirectorySeparator(Path.GetFullPath(copyRoot));
        _root = _rootNoSlash + Path.DirectorySeparatorChar;
        _text.Append(Format).Append('\n');
    }

    /// <summary>Why this compilation must not be cached (its output depends on something a key cannot hold); null when it may be.</summary>
    public string? Uncacheable { get; private set; }

    /// <summary>Marks the compilation uncacheable; the first reason is kept.</summary>
    public void Refuse(string reason) => Uncacheable ??= reason;

    /// <summary>A named value (a compiler option, the module's identity, the SDK's version).</summary>
    public void Value(string name, string? value) =>
        _text.Append("value ").Append(name).Append(' ').Append(Escape(Normalize(value ?? ""))).Append('\n');

    /// <summary>
    /// A file the compiler reads, under <paramref name="name"/> (the compiler option it is given
    /// to), with the metadata that changes how it is passed (a resource's logical name, a
    /// reference's aliases); a missing file makes the compilation uncacheable.
    /// </summary>
    public void File(string name, string path, CompileFileKind kind, IEnumerable<KeyValuePair<string, string>>? metadata = null)
    {
        string full = Path.GetFullPath(path);
        if (!System.IO.File.Exists(full))
        {
            Refuse($"{name} input {Normalize(full)} does not exist");
            return;
        }
        string shown = kind == CompileFileKind.Reference ? Path.GetFileName(full) : Normalize(full);
        string digest = kind == CompileFileKind.Text ? TextDigest(full) : FileDigests.Sha256(full);
        _text.Append("file ").Append(name).Append(' ').Append(Escape(shown)).Append(' ').Append(digest).Append('\n');
        if (metadata is null) return;
        foreach (var (key, value) in metadata.Where(m => m.Value.Length > 0).OrderBy(m => m.Key, StringComparer.Ordinal))
            _text.Append("  ").Append(key).Append(' ').Append(Escape(Normalize(value))).Append('\n');
    }

    /// <summary>The text the key is the hash of: one line per input (Go prints its equivalent with <c>GODEBUG=gocachehash=1</c>).</summary>
    public string Describe() => _text.ToString();

    /// <summary>The key: the lowercase hex SHA-256 of <see cref="Describe"/>.</summary>
    public string Key => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_text.ToString())));

    // The copy's root, wherever it appears in a path or value, becomes the placeholder.
    private string Normalize(string value) =>
        value.Replace(_root, RootPlaceholder + Path.DirectorySeparatorChar, StringComparison.Ordinal)
             .Replace(_rootNoSlash, RootPlaceholder, StringComparison.Ordinal);

    private string TextDigest(string path) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(System.IO.File.ReadAllText(path)))));

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
