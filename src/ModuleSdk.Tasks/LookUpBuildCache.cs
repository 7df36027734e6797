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
            var result = BuildCacheLookup.Run(CopyRoot, ProjectFile, BuildCache, ModuleCache,
                Values.Select(v => KeyValuePair.Create(v.ItemSpec, v.GetMetadata("Value"))),
                Files.Select(f => new CompileFile(f.GetMetadata("Option"), f.ItemSpec,
                    Enum.Parse<CompileFileKind>(f.GetMetadata("Kind") is { Length: > 0 } k ? k : nameof(CompileFileKind.Content)),
                    [.. CompilerMetadata.Select(m => KeyValuePair.Create(m, f.GetMetadata(m)))])),
                Refusal, WorkflowNotes.Outputs(Outputs), InputsFile, DateTime.UtcNow);
            (CacheRoot, Key, Hit) = (result.CacheRoot, result.Key, result.Hit);
            WorkflowNotes.Report(Log, result.Notes);
        }
        catch (ModuleException e)
        {
            Log.LogError(null, e.Code, null, e.File ?? "", e.Line, e.Column, 0, 0, "{0}", e.OneLineMessage);
        }
        return !Log.HasLoggedErrors;
    }
}
