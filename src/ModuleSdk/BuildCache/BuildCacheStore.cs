using ModuleSdk.Diagnostics;

namespace ModuleSdk.BuildCache;

/// <summary>
/// The store after a module copy's compilation ran on a <see cref="BuildCacheLookup"/> miss:
/// publishes its outputs under the lookup's key with the key's description beside them, then
/// trims the cache when a trim is due. A failure (a full disk) is a warning: the compilation's
/// outputs are complete either way.
/// </summary>
public static class BuildCacheStore
{
    /// <summary>
    /// Stores <paramref name="outputs"/> (paths by role) under <paramref name="key"/> in the cache at
    /// <paramref name="cacheRoot"/>, with the description the lookup wrote to <paramref name="inputsFile"/>.
    /// </summary>
    /// <param name="cacheRoot">The lookup's <see cref="BuildCacheLookupResult.CacheRoot"/>.</param>
    /// <param name="key">The lookup's <see cref="BuildCacheLookupResult.Key"/>.</param>
    /// <param name="inputsFile">The key's description the lookup wrote.</param>
    /// <param name="outputs">The compilation's outputs by role.</param>
    /// <param name="sizeLimitSetting"><c>MODBUILDCACHESIZE</c> (<c>ModuleBuildCacheSizeLimitMB</c>); empty means 10 GiB.</param>
    /// <param name="now">The time the entry's use and the trim are recorded at.</param>
    /// <exception cref="ModuleException"><see cref="DiagnosticCodes.BuildCacheSizeInvalid"/>: the size limit is not a positive number.</exception>
    public static BuildCacheStoreResult Run(
        string cacheRoot, string key, string inputsFile, IReadOnlyDictionary<string, string> outputs, string? sizeLimitSetting, DateTime now)
    {
        var cache = new CompileCache(cacheRoot);
        var notes = new List<WorkflowNote>();
        try
        {
            long limit = BuildCacheLocation.SizeLimit(sizeLimitSetting);
            bool stored = cache.Store(key, outputs, File.ReadAllText(inputsFile));
            notes.Add(WorkflowNote.Message((stored ? "stored in the build cache: " : "already in the build cache: ") + cache.EntryDirectory(key)));
            bool trimmed = false;
            try
            {
                trimmed = cache.TrimIfDue(limit, now);
                if (trimmed) notes.Add(WorkflowNote.Message($"trimmed the build cache {cacheRoot}"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                notes.Add(WorkflowNote.Warning(DiagnosticCodes.BuildCacheTrimFailed, cacheRoot, $"trimming the build cache failed: {e.Message}"));
            }
            return new(stored, trimmed, notes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            notes.Add(WorkflowNote.Warning(DiagnosticCodes.BuildCacheStoreFailed, cacheRoot,
                $"could not store the compiled module in the build cache ({e.Message}); the build goes on, the next build compiles it again"));
            return new(false, false, notes);
        }
    }
}
