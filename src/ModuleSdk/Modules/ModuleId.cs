namespace ModuleSdk.Modules;

/// <summary>
/// A module at one version: Go's <c>module.Version</c>. The path is a module path (or, in a
/// replacement, a directory); the version is canonical semver, or empty for the main module and
/// for directory replacements.
/// </summary>
/// <param name="Path">The module path.</param>
/// <param name="Version">The version, <c>""</c> for the main module or a directory.</param>
public readonly record struct ModuleId(string Path, string Version) : IComparable<ModuleId>
{
    /// <summary><c>path@version</c>, or just the path when the version is empty.</summary>
    public override string ToString() => Version.Length == 0 ? Path : Path + "@" + Version;

    /// <summary>Orders by path (ordinal), then by semantic version, as Go's <c>module.Sort</c>.</summary>
    public int CompareTo(ModuleId other)
    {
        int c = string.CompareOrdinal(Path, other.Path);
        return c != 0 ? c : Semver.Compare(Version, other.Version) is var s && s != 0 ? s : string.CompareOrdinal(Version, other.Version);
    }
}
