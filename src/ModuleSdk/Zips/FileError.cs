namespace ModuleSdk.Zips;

/// <summary>Why one file was left out of a module zip or makes it invalid (Go's <c>zip.FileError</c>).</summary>
/// <param name="Path">The file's path (relative, or the zip entry name, or the disk path for directory checks).</param>
/// <param name="Code">The diagnostic code (MOD4xxx), or the MOD1xxx code of a file path rule.</param>
/// <param name="Reason">What is wrong, in the go command's words.</param>
public sealed record FileError(string Path, string Code, string Reason)
{
    /// <summary><c>path: reason</c>, as Go prints it.</summary>
    public override string ToString() => $"{Path}: {Reason}";
}
