using ModuleSdk.Modules;

namespace ModuleSdk.ModFile;

/// <summary>
/// A <c>replace</c> line: <see cref="Old"/> (one version, or every version when its version is
/// empty) is replaced by <see cref="New"/>, another module at a version or a directory (whose
/// version is empty).
/// </summary>
public sealed class Replace
{
    /// <summary>The replaced module; an empty version means all versions.</summary>
    public ModuleId Old { get; set; }

    /// <summary>The replacement: a module and version, or a directory path with an empty version.</summary>
    public ModuleId New { get; set; }

    /// <summary>Whether the replacement is a directory (it has no version).</summary>
    public bool IsDirectory => New.Version.Length == 0;

    /// <summary>The line.</summary>
    public required Line Syntax { get; set; }

    internal bool IsRemoved => string.IsNullOrEmpty(Old.Path);
}
