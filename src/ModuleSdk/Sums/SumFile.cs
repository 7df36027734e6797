using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Sums;

/// <summary>
/// A <c>module.sum</c>: lines of <c>path version h1:hash</c> and <c>path version/module.mod h1:hash</c>.
/// Parsing is strict and reports file:line; writing is sorted by path, then semver (bare
/// version before <c>/module.mod</c>), deduplicated. Thread-safe for lookups and additions.
/// </summary>
/// <remarks>
/// Go's own go.sum reader only insists on three fields. ModuleSdk also checks the version and the
/// hash so that a hand-edited or merge-damaged file fails at its line rather than later as a
/// confusing checksum mismatch. Several hashes for one (path, version) are kept, as Go does: the
/// disagreement is reported by whoever checks a download against them.
/// </remarks>
public sealed class SumFile
{
    /// <summary>The sum-file version suffix for module files.</summary>
    public const string ModSuffix = "/module.mod";

    private const string GoModSuffix = "/go.mod";

    private readonly object _gate = new();
    private readonly Dictionary<(string Path, string Version), SortedSet<string>> _hashes = new();

    // Where each parsed line was, for errors that point at it (lines added later have none).
    private readonly Dictionary<(string Path, string Version, string Hash), int> _lines = new();

    /// <summary>Creates an empty sum file.</summary>
    public SumFile() { }

    /// <summary>The number of lines <see cref="Format"/> would write.</summary>
    public int Count
    {
        get { lock (_gate) return _hashes.Values.Sum(s => s.Count); }
    }

    /// <summary>Parses sum-file text; throws <see cref="Diagnostics.ModuleException"/> (MOD3xxx) at the bad line.</summary>
    public static SumFile Parse(string fileName, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sum = new SumFile();
        int lineNo = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNo++;
            // Fields are separated by any white space, as Go's strings.Fields; this also
            // tolerates CRLF line ends from editors on Windows.
            var fields = rawLine.Split([' ', '\t', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;
            if (fields.Length != 3)
                throw new ModuleException(DiagnosticCodes.SumMalformedLine,
                    $"malformed module.sum: wrong number of fields {fields.Length} (want: path version h1:hash)", fileName, lineNo);
            Validate(fields[0], fields[1], fields[2], fileName, lineNo);
            sum.AddUnchecked(fields[0], fields[1], fields[2]);
            sum._lines.TryAdd((fields[0], fields[1], fields[2]), lineNo);
        }
        return sum;
    }

    /// <summary>Reads a file, or returns an empty sum file when it does not exist.</summary>
    public static SumFile Load(string fileName)
    {
        string text;
        try
        {
            // Lossless: a line with invalid UTF-8 (Go keeps such bytes) is written back unchanged.
            text = ModFile.LosslessUtf8.ReadFile(fileName);
        }
        catch (FileNotFoundException)
        {
            return new SumFile();
        }
        catch (DirectoryNotFoundException)
        {
            return new SumFile();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.MainModuleIoError,
                $"reading {Path.GetFileName(fileName)}: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)} " +
                $"(in {Path.GetDirectoryName(fileName)})", fileName, inner: e);
        }
        return Parse(fileName, text);
    }

    /// <summary>The hashes recorded for (path, version) where version may end in <c>/module.mod</c>, in ordinal order.</summary>
    public IReadOnlyList<string> Lookup(string path, string version)
    {
        lock (_gate)
        {
            return _hashes.TryGetValue((path, version), out var set) ? set.ToArray() : [];
        }
    }

    /// <summary>The 1-based line (path, version, hash) was read from by <see cref="Parse"/>, or 0.</summary>
    public int LineOf(string path, string version, string hash)
    {
        lock (_gate) return _lines.TryGetValue((path, version, hash), out int line) ? line : 0;
    }

    /// <summary>
    /// Adds a line (no-op when present). Returns true when it was new. Throws
    /// <see cref="ModuleException"/> (MOD3xxx) for a version or hash that could not be written back.
    /// </summary>
    public bool Add(string path, string version, string hash)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(hash);
        Validate(path, version, hash, null, 0);
        return AddUnchecked(path, version, hash);
    }

    /// <summary>Removes every hash for (path, version); returns true when there was one.</summary>
    public bool Remove(string path, string version)
    {
        lock (_gate) return _hashes.Remove((path, version));
    }

    /// <summary>Adds every line of <paramref name="other"/>; returns the number of lines that were new.</summary>
    public int Merge(SumFile other)
    {
        ArgumentNullException.ThrowIfNull(other);
        int added = 0;
        foreach (var e in other.Entries()) if (AddUnchecked(e.Path, e.Version, e.Hash)) added++;
        return added;
    }

    /// <summary>A snapshot of every line, in <see cref="Format"/>'s order.</summary>
    public IReadOnlyList<SumEntry> Entries()
    {
        List<KeyValuePair<(string Path, string Version), string[]>> snapshot;
        lock (_gate) snapshot = _hashes.Select(kv => KeyValuePair.Create(kv.Key, kv.Value.ToArray())).ToList();
        snapshot.Sort((a, b) => CompareKeys(a.Key, b.Key));
        var list = new List<SumEntry>();
        foreach (var kv in snapshot)
            foreach (var h in kv.Value) list.Add(new SumEntry(kv.Key.Path, kv.Key.Version, h));
        return list;
    }

    /// <summary>The canonical text: sorted, deduplicated, one line each, final newline.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        foreach (var e in Entries()) sb.Append(e.Path).Append(' ').Append(e.Version).Append(' ').Append(e.Hash).Append('\n');
        return sb.ToString();
    }

    private bool AddUnchecked(string path, string version, string hash)
    {
        lock (_gate)
        {
            if (!_hashes.TryGetValue((path, version), out var set))
                _hashes[(path, version)] = set = new SortedSet<string>(StringComparer.Ordinal);
            return set.Add(hash);
        }
    }

    // Go's module.Sort: path bytewise, then the version part by semver, then the suffix,
    // so "v1.0.0" comes before "v1.0.0/module.mod".
    private static int CompareKeys((string Path, string Version) a, (string Path, string Version) b)
    {
        int c = Utf8Ordinal.Instance.Compare(a.Path, b.Path);
        if (c != 0) return c;
        var (va, fa) = SplitSuffix(a.Version);
        var (vb, fb) = SplitSuffix(b.Version);
        if (va != vb) return Semver.Comparer.Compare(va, vb);
        return string.CompareOrdinal(fa, fb);
    }

    private static (string Version, string Suffix) SplitSuffix(string v)
    {
        int k = v.IndexOf('/');
        return k < 0 ? (v, "") : (v[..k], v[k..]);
    }

    private static void Validate(string path, string version, string hash, string? file, int line)
    {
        if (path.Length == 0 || path.Any(char.IsWhiteSpace))
            throw new ModuleException(DiagnosticCodes.SumBadPath, $"malformed module.sum: invalid module path \"{path}\"", file, line);
        var v = version.EndsWith(ModSuffix, StringComparison.Ordinal) ? version[..^ModSuffix.Length] : version;
        if (version.EndsWith(GoModSuffix, StringComparison.Ordinal))
            throw new ModuleException(DiagnosticCodes.SumBadVersion,
                $"malformed module.sum: version \"{version}\" ends in {GoModSuffix}; module.sum uses {ModSuffix} (copied from a go.sum?)", file, line);
        if (!Semver.IsValid(v))
            throw new ModuleException(DiagnosticCodes.SumBadVersion, $"malformed module.sum: invalid version \"{version}\" for {path}", file, line);
        if (ModuleVersion.Canonical(v) != v)
            throw new ModuleException(DiagnosticCodes.SumBadVersion,
                $"malformed module.sum: version \"{version}\" for {path} is not canonical (should be \"{ModuleVersion.Canonical(v)}{version[v.Length..]}\")",
                file, line);
        if (!hash.StartsWith(Hash1.Prefix, StringComparison.Ordinal))
            throw new ModuleException(DiagnosticCodes.SumBadHash,
                $"malformed module.sum: unsupported hash \"{hash}\" for {path} {version} (want h1:<base64 sha256>)", file, line);
        if (!Hash1.IsValid(hash))
            throw new ModuleException(DiagnosticCodes.SumBadHash,
                $"malformed module.sum: invalid h1 hash \"{hash}\" for {path} {version} (want h1: and 44 base64 characters)", file, line);
    }
}
