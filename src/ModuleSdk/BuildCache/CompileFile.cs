namespace ModuleSdk.BuildCache;

/// <summary>
/// A file the compiler reads, as the build hands it to <see cref="BuildCacheLookup"/>: the compiler
/// input it is (<paramref name="Option"/>), its path, how it enters the key, and the metadata that
/// changes how it is passed (a reference's aliases, a resource's logical name).
/// </summary>
public sealed record CompileFile(string Option, string Path, CompileFileKind Kind, IReadOnlyList<KeyValuePair<string, string>> Metadata);
