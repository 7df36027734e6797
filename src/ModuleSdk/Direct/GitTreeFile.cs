using LibGit2Sharp;
using ModuleSdk.Zips;

namespace ModuleSdk.Direct;

/// <summary>
/// A file of a git tree offered to the zip rules: blobs are regular files, mode 120000 blobs
/// symlinks (left out of zips), gitlinks (submodules) <see cref="ModuleFileKind.Other"/>. The
/// content is the blob as committed: no checkout filters, no line-ending conversion, so every
/// machine builds the same zip from the same tag.
/// </summary>
internal sealed class GitTreeFile : IModuleFile
{
    private readonly Blob? _blob;

    public GitTreeFile(string path, TreeEntry entry)
    {
        Path = path;
        switch (entry.Mode)
        {
            case Mode.NonExecutableFile or Mode.ExecutableFile or Mode.NonExecutableGroupWritableFile:
                Kind = ModuleFileKind.Regular;
                _blob = (Blob)entry.Target;
                break;
            case Mode.SymbolicLink:
                Kind = ModuleFileKind.Symlink;
                break;
            case Mode.Directory:
                Kind = ModuleFileKind.Directory;
                break;
            default:
                Kind = ModuleFileKind.Other;
                break;
        }
    }

    public GitTreeFile(string path, Blob blob)
    {
        Path = path;
        Kind = ModuleFileKind.Regular;
        _blob = blob;
    }

    public string Path { get; }

    public ModuleFileKind Kind { get; }

    public long Size => _blob?.Size ?? 0;

    public Stream Open() => _blob?.GetContentStream() ?? throw new InvalidOperationException($"{Path} is not a regular file");
}
