namespace ModuleSdk.Zips;

/// <summary>
/// One file offered for a module zip: a directory entry on disk, a blob of a git tree, bytes in
/// memory. Go's <c>zip.File</c>. The zip rules decide from <see cref="Path"/>, <see cref="Kind"/>
/// and <see cref="Size"/> whether the file goes in; only files that do are opened.
/// </summary>
public interface IModuleFile
{
    /// <summary>The '/'-separated path relative to the module root, for example <c>src/Lib/Lib.cs</c>.</summary>
    string Path { get; }

    /// <summary>What kind of file system entry this is; only <see cref="ModuleFileKind.Regular"/> files are zipped.</summary>
    ModuleFileKind Kind { get; }

    /// <summary>The content length in bytes (regular files). Creation fails if <see cref="Open"/> yields more.</summary>
    long Size { get; }

    /// <summary>Opens the content for reading; the caller disposes the stream.</summary>
    Stream Open();
}
