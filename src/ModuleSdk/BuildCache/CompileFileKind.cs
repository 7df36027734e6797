namespace ModuleSdk.BuildCache;

/// <summary>How a file input of a compilation enters its key.</summary>
public enum CompileFileKind
{
    /// <summary>Its path (relative to the module copy when inside it) and its bytes: sources, resources, key files, analyzers.</summary>
    Content,

    /// <summary>
    /// Its file name and its bytes, not its directory: references. A deterministic compilation
    /// records what a reference contains, never where it was, and a dependency module's
    /// reference assembly lies in each consumer's own copy of that module.
    /// </summary>
    Reference,

    /// <summary>
    /// Its path and its text with the module copy's root replaced by a placeholder: files the
    /// build generates with absolute paths in them (the analyzer config, the SourceLink map).
    /// </summary>
    Text,
}
