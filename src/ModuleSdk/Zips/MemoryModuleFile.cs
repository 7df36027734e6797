namespace ModuleSdk.Zips;

/// <summary>
/// A regular module file whose content is held in memory: tests, and the LICENSE that direct
/// mode copies from a repository root into a subdirectory module that has none.
/// </summary>
public sealed class MemoryModuleFile : IModuleFile
{
    private readonly ReadOnlyMemory<byte> _content;

    /// <summary>Creates a regular file at <paramref name="path"/> with <paramref name="content"/>.</summary>
    public MemoryModuleFile(string path, ReadOnlyMemory<byte> content, ModuleFileKind kind = ModuleFileKind.Regular)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        _content = content;
        Kind = kind;
    }

    /// <summary>Creates a regular file holding UTF-8 text.</summary>
    public MemoryModuleFile(string path, string text)
        : this(path, System.Text.Encoding.UTF8.GetBytes(text))
    {
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public ModuleFileKind Kind { get; }

    /// <inheritdoc/>
    public long Size => _content.Length;

    /// <inheritdoc/>
    public Stream Open() => new MemoryStream(_content.ToArray(), writable: false);
}
