using Microsoft.Build.Framework;
using ModuleSdk.BuildCache;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Tasks;

/// <summary>
/// Before a module copy's compilation: computes its build cache key from the compiler's inputs
/// (the core's <see cref="CompileInputs"/>) and, on a hit, copies the cached outputs into
/// <c>obj/</c> so the compilation is skipped. Never fails a build over the cache: a problem with
/// it is a warning and the module is compiled as usual.
/// </summary>
public sealed class LookUpBuildCache : Microsoft.Build.Utilities.Task
{
    // The item metadata the compiler reads (Csc: /reference:alias=, /link:, /resource:file,name,access).
    private static readonly string[] CompilerMetadata = ["Aliases", "EmbedInteropTypes", "LogicalName", "Access", "WithCulture"];

    /// <summary>The module copy's root (<c>$(ModuleRoot)</c>): paths under it enter the key relative to it.</summary>
    [Required]
    public string CopyRoot { get; set; } = "";

    /// <summary>The project being compiled, named in messages.</summary>
    public string ProjectFile { get; set; } = "";

    /// <summary><c>ModuleBuildCache</c> (<c>MODBUILDCACHE</c>): a directory, <c>off</c>, or empty for the default.</summary>
    public string? BuildCache { get; set; }

    /// <summary><c>ModuleCache</c> (<c>MODCACHE</c>), for the default location; empty means the default module cache.</summary>
    public string? ModuleCache { get; set; }

    /// <summary>Named values of the key: item spec is the name, metadata <c>Value</c> the value.</summary>
    public ITaskItem[] Values { get; set; } = [];

    /// <summary>Files the compiler reads: metadata <c>Option</c> (the compiler input they are) and <c>Kind</c> (<see cref="CompileFileKind"/>).</summary>
    public ITaskItem[] Files { get; set; } = [];

    /// <summary>Why the targets already know this compilation cannot be cached; empty when it can.</summary>
    public string? Refusal { get; set; }

    /// <summary>The compilation's outputs, metadata <c>Role</c>: <c>assembly</c>, <c>ref</c>, <c>pdb</c>, <c>doc</c>.</summary>
    public ITaskItem[] Outputs { get; set; } = [];

    /// <summary>Where the key's description is written (read back by <see cref="StoreInBuildCache"/> after a miss).</summary>
    [Required]
    public string InputsFile { get; set; } = "";

    /// <summary>The build cache root in use; empty when the cache is off or the compilation uncacheable.</summary>
    [Output]
    public string CacheRoot { get; private set; } = "";

    /// <summary>The compilation's key; empty when the cache is off or the compilation uncacheable.</summary>
    [Output]
    public string Key { get; private set; } = "";

    /// <summary>Whether the outputs came from the cache.</summary>
    [Output]
    public bool Hit { get; private set; }

    /// <inheritdoc/>
    public override bool Execute()
    {
        try
        {
            string moduleCache = string.IsNullOrWhiteSpace(ModuleCache) ? Configuration.ModuleSettings.DefaultCacheRoot() : ModuleCache.Trim();
            string? root = BuildCacheLocation.Resolve(BuildCache, moduleCache);
            if (root is null) return true;
            var inputs = new CompileInputs(CopyRoot);
            if (!string.IsNullOrWhiteSpace(Refusal)) inputs.Refuse(Refusal);
            foreach (var v in Values) inputs.Value(v.ItemSpec, v.GetMetadata("Value"));
            foreach (var f in Files)
            {
                var kind = Enum.Parse<CompileFileKind>(f.GetMetadata("Kind") is { Length: > 0 } k ? k : nameof(CompileFileKind.Content));
                inputs.File(f.GetMetadata("Option"), f.ItemSpec, kind,
                    CompilerMetadata.Select(m => KeyValuePair.Create(m, f.GetMetadata(m))));
            }
            if (inputs.Uncacheable is { } reason)
            {
                Log.LogMessage(MessageImportance.Normal, "ModuleSdk: build cache not used for {0}: {1}", ProjectFile, reason);
                return true;
            }
            string key = inputs.Key;
            IO.AtomicFile.WriteAllText(InputsFile, inputs.Describe(), durable: false);
            (CacheRoot, Key) = (root, key);
            var cache = new CompileCache(root);
            if (cache.Find(key, DateTime.UtcNow) is not { } entry)
            {
                Log.LogMessage(MessageImportance.Normal, "ModuleSdk: build cache miss for {0}: key {1} (its inputs: {2})", ProjectFile, key, InputsFile);
                return true;
            }
            try
            {
                cache.Extract(entry, Outputs.ToDictionary(o => o.GetMetadata("Role"), o => o.GetMetadata("FullPath"), StringComparer.Ordinal));
                Hit = true;
                Log.LogMessage(MessageImportance.Normal, "ModuleSdk: build cache hit for {0}: outputs copied from {1}", ProjectFile, entry.Directory);
            }
            catch (CorruptEntryException e)
            {
                Log.LogWarning(null, e.Code, null, InputsFile, 0, 0, 0, 0, "{0}; compiling instead", e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.LogWarning(null, DiagnosticCodes.BuildCacheRestoreFailed, null, InputsFile, 0, 0, 0, 0,
                    "copying outputs from build cache entry {0} failed ({1}); compiling instead", entry.Directory, e.Message);
            }
        }
        catch (ModuleException e)
        {
            Log.LogError(null, e.Code, null, e.File ?? "", e.Line, e.Column, 0, 0, "{0}", e.OneLineMessage);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Reading inputs or the cache failed: the compilation goes on without the cache.
            Log.LogWarning(null, DiagnosticCodes.BuildCacheRestoreFailed, null, InputsFile, 0, 0, 0, 0,
                "build cache lookup failed ({0}); compiling instead", e.Message);
            (CacheRoot, Key, Hit) = ("", "", false);
        }
        return !Log.HasLoggedErrors;
    }
}
