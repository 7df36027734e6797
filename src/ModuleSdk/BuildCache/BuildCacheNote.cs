namespace ModuleSdk.BuildCache;

/// <summary>
/// One thing a build cache workflow (<see cref="BuildCacheLookup"/>, <see cref="BuildCacheStore"/>)
/// reports: a message, or a warning with its <c>MODxxxx</c> <paramref name="Code"/> and the file it is
/// about. The workflows never fail a build over the cache, so there are no errors here; a bad
/// setting is a <see cref="Diagnostics.ModuleException"/> instead.
/// </summary>
public sealed record BuildCacheNote(BuildCacheNoteKind Kind, string Text, string? Code = null, string? File = null)
{
    internal static BuildCacheNote Message(string text) => new(BuildCacheNoteKind.Message, text);

    internal static BuildCacheNote Warning(string code, string file, string text) => new(BuildCacheNoteKind.Warning, text, code, file);
}
