using ModuleSdk.Diagnostics;

namespace ModuleSdk.BuildCache;

/// <summary>
/// The lookup before a module copy's compilation (Go's <c>cmd/go</c> looking up an action ID in
/// <c>GOCACHE</c>): resolves the cache root, computes the key from the compiler's inputs, writes
/// the key's description (read back by <see cref="BuildCacheStore"/> after a miss) and, on a hit,
/// copies the cached outputs to where the compilation would write them. Never fails a build over
/// the cache: a corrupt entry or a failed read is a warning and the module is compiled as usual.
/// </summary>
public static class BuildCacheLookup
{
    /// <summary>
    /// Looks up the compilation of the project <paramref name="projectFile"/> (named in messages) in
    /// the module copy at <paramref name="copyRoot"/>.
    /// </summary>
    /// <param name="copyRoot">The module copy's root: paths under it enter the key relative to it.</param>
    /// <param name="projectFile">The project being compiled, named in messages.</param>
    /// <param name="buildCacheSetting"><c>MODBUILDCACHE</c> (<c>ModuleBuildCache</c>): a directory, <c>off</c>, or empty for the default.</param>
    /// <param name="moduleCacheSetting"><c>MODCACHE</c>, for the default location; empty means the default module cache.</param>
    /// <param name="values">Named values of the key (compiler options, the module's identity, the SDK's version).</param>
    /// <param name="files">The files the compiler reads.</param>
    /// <param name="refusal">Why the build already knows this compilation cannot be cached; empty when it can.</param>
    /// <param name="outputs">Where the compilation writes each output, by role (<c>assembly</c>, <c>ref</c>, <c>pdb</c>, <c>doc</c>).</param>
    /// <param name="inputsFile">Where the key's description is written.</param>
    /// <param name="now">The time entries' use is recorded at.</param>
    /// <exception cref="ModuleException"><see cref="DiagnosticCodes.BuildCacheLocationInvalid"/>: the setting is a relative path.</exception>
    public static BuildCacheLookupResult Run(
        string copyRoot, string projectFile, string? buildCacheSetting, string? moduleCacheSetting,
        IEnumerable<KeyValuePair<string, string>> values, IEnumerable<CompileFile> files, string? refusal,
        IReadOnlyDictionary<string, string> outputs, string inputsFile, DateTime now)
    {
        string moduleCache = string.IsNullOrWhiteSpace(moduleCacheSetting)
            ? Configuration.ModuleSettings.DefaultCacheRoot() : moduleCacheSetting.Trim();
        string? root = BuildCacheLocation.Resolve(buildCacheSetting, moduleCache);
        if (root is null) return new(BuildCacheOutcome.Off, "", "", []);
        try
        {
            return LookUp(root, copyRoot, projectFile, values, files, refusal, outputs, inputsFile, now);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Reading inputs or the cache failed: the compilation goes on without the cache.
            return new(BuildCacheOutcome.Failed, "", "", [WorkflowNote.Warning(DiagnosticCodes.BuildCacheRestoreFailed, inputsFile,
                $"build cache lookup failed ({e.Message}); compiling instead")]);
        }
    }

    private static BuildCacheLookupResult LookUp(
        string root, string copyRoot, string projectFile, IEnumerable<KeyValuePair<string, string>> values, IEnumerable<CompileFile> files,
        string? refusal, IReadOnlyDictionary<string, string> outputs, string inputsFile, DateTime now)
    {
        var inputs = new CompileInputs(copyRoot);
        if (!string.IsNullOrWhiteSpace(refusal)) inputs.Refuse(refusal);
        foreach (var (name, value) in values) inputs.Value(name, value);
        foreach (var f in files) inputs.File(f.Option, f.Path, f.Kind, f.Metadata);
        if (inputs.Uncacheable is { } reason)
            return new(BuildCacheOutcome.Uncacheable, "", "", [WorkflowNote.Message($"build cache not used for {projectFile}: {reason}")]);
        string key = inputs.Key;
        IO.AtomicFile.WriteAllText(inputsFile, inputs.Describe(), durable: false);
        var cache = new CompileCache(root);
        if (cache.Find(key, now) is not { } entry)
            return new(BuildCacheOutcome.Miss, root, key,
                [WorkflowNote.Message($"build cache miss for {projectFile}: key {key} (its inputs: {inputsFile})")]);
        try
        {
            cache.Extract(entry, outputs);
            return new(BuildCacheOutcome.Hit, root, key, [WorkflowNote.Message($"build cache hit for {projectFile}: outputs copied from {entry.Directory}")]);
        }
        catch (CorruptEntryException e)
        {
            // The key stays: the compilation stores a sound entry in its place.
            return new(BuildCacheOutcome.Miss, root, key, [WorkflowNote.Warning(e.Code, inputsFile, $"{e.Message}; compiling instead")]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(BuildCacheOutcome.Miss, root, key, [WorkflowNote.Warning(DiagnosticCodes.BuildCacheRestoreFailed, inputsFile,
                $"copying outputs from build cache entry {entry.Directory} failed ({e.Message}); compiling instead")]);
        }
    }
}
