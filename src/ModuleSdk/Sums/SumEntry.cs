namespace ModuleSdk.Sums;

/// <summary>One <c>module.sum</c> line: a module path, a version (ending in <c>/module.mod</c> for the module file's hash) and its <c>h1:</c> hash.</summary>
/// <param name="Path">The module path.</param>
/// <param name="Version">The canonical version, or the version followed by <see cref="SumFile.ModSuffix"/>.</param>
/// <param name="Hash">The hash, <c>h1:</c> + base64.</param>
public readonly record struct SumEntry(string Path, string Version, string Hash)
{
    /// <summary>The line as written in the file, without the newline.</summary>
    public override string ToString() => $"{Path} {Version} {Hash}";
}
