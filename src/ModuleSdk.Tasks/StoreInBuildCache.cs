using Microsoft.Build.Framework;
using ModuleSdk.BuildCache;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Tasks;

/// <summary>
/// After a module copy's compilation ran (a build cache miss): stores its outputs under the key
/// <see cref="LookUpBuildCache"/> computed, then trims the cache when a trim is due. A failure
/// (a full disk) is a warning: the outputs in <c>obj/</c> are complete either way.
/// </summary>
public sealed class StoreInBuildCache : Microsoft.Build.Utilities.Task
{
    /// <summary>The build cache root (<see cref="LookUpBuildCache.CacheRoot"/>).</summary>
    [Required]
    public string CacheRoot { get; set; } = "";

    /// <summary>The compilation's key (<see cref="LookUpBuildCache.Key"/>).</summary>
    [Required]
    public string Key { get; set; } = "";

    /// <summary>The key's description written by the lookup, stored beside the outputs.</summary>
    [Required]
    public string InputsFile { get; set; } = "";

    /// <summary>The compilation's outputs, metadata <c>Role</c>.</summary>
    public ITaskItem[] Outputs { get; set; } = [];

    /// <summary><c>ModuleBuildCacheSizeLimitMB</c> (<c>MODBUILDCACHESIZE</c>); empty means 10 GiB.</summary>
    public string? SizeLimitMB { get; set; }

    /// <inheritdoc/>
    public override bool Execute()
    {
        try
        {
            var result = BuildCacheStore.Run(CacheRoot, Key, InputsFile, WorkflowNotes.Outputs(Outputs), SizeLimitMB, DateTime.UtcNow);
            WorkflowNotes.Report(Log, result.Notes);
        }
        catch (ModuleException e)
        {
            Log.LogError(null, e.Code, null, e.File ?? "", e.Line, e.Column, 0, 0, "{0}", e.OneLineMessage);
        }
        return !Log.HasLoggedErrors;
    }
}
