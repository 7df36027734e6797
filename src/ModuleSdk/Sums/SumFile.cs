namespace ModuleSdk.Sums;

/// <summary>
/// A <c>module.sum</c>: lines of <c>path version h1:hash</c> and <c>path version/module.mod h1:hash</c>.
/// Parsing is strict and reports file:line; writing is sorted by path, then semver (bare
/// version before <c>/module.mod</c>), deduplicated. Thread-safe for lookups and additions.
/// </summary>
public sealed class SumFile
{
    /// <summary>The sum-file version suffix for module files.</summary>
    public const string ModSuffix = "/module.mod";

    /// <summary>Parses sum-file text; throws <see cref="Diagnostics.ModuleException"/> (MOD3xxx) at the bad line.</summary>
    public static SumFile Parse(string fileName, string text) => throw new NotImplementedException();

    /// <summary>Reads a file, or returns an empty sum file when it does not exist.</summary>
    public static SumFile Load(string fileName) => throw new NotImplementedException();

    /// <summary>The hashes recorded for (path, version) where version may end in <c>/module.mod</c>.</summary>
    public IReadOnlyList<string> Lookup(string path, string version) => throw new NotImplementedException();

    /// <summary>Adds a line (no-op when present). Returns true when it was new.</summary>
    public bool Add(string path, string version, string hash) => throw new NotImplementedException();

    /// <summary>The canonical text: sorted, deduplicated, one line each, final newline.</summary>
    public string Format() => throw new NotImplementedException();
}
