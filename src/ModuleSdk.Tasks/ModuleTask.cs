using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;

namespace ModuleSdk.Tasks;

/// <summary>
/// The base of the SDK's tasks: the settings item every task takes, the one place
/// where the core's <see cref="ModuleException"/>s become MSBuild errors at their file and line,
/// and cancellation: MSBuild's <see cref="ICancelableTask.Cancel"/> (Ctrl+C) cancels
/// <see cref="CancellationToken"/>, which the tasks pass into the core's fetches, loads and hashing.
/// </summary>
public abstract class ModuleTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>Cancelled when MSBuild cancels the build; the core stops at its next await or parallel step.</summary>
    protected CancellationToken CancellationToken => _cancel.Token;

    /// <inheritdoc/>
    public void Cancel() => _cancel.Cancel();

    /// <summary>The project directory; <c>module.mod</c> is looked for here and in its parents.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = "";

    /// <summary>
    /// The settings, one item as Sdk.targets decided them (<c>@(_ModuleSdkSettings)</c>), with the
    /// metadata <c>ModuleProxy</c> (MODPROXY), <c>ModuleCache</c> (MODCACHE), <c>ModulePrivate</c>
    /// (MODPRIVATE), <c>ModuleRepos</c> (MODREPOS), <c>ModuleSumDb</c> (MODSUMDB), <c>ModuleNoSumDb</c>
    /// (MODNOSUMDB), <c>ModuleLockedMode</c> (<c>true</c> or <c>false</c>, decided: the task does not
    /// look at MODLOCKED, CI or ModuleMode for it) and <c>ModuleMode</c> (<c>mod</c>, <c>readonly</c>,
    /// <c>vendor</c>; empty means vendor when <c>vendor/modules.txt</c> exists). None: the defaults.
    /// </summary>
    public ITaskItem? ModuleSettings { get; set; }

    /// <summary>The <c>ModuleMode</c> of <see cref="ModuleSettings"/>.</summary>
    protected string? ModuleMode => Setting(nameof(ModuleMode));

    private string? Setting(string name) => ModuleSettings?.GetMetadata(name) is { Length: > 0 } value ? value : null;

    /// <inheritdoc/>
    public sealed override bool Execute()
    {
        try
        {
            Run();
        }
        catch (Exception e) when (_cancel.IsCancellationRequested && IsCancellation(e))
        {
            // MSBuild reports the cancelled build itself (and, once it is cancelled, no MSB4181
            // for a task returning false without an error); the core's writes are atomic and a
            // restore writes only after resolving, so a cancelled restore leaves the previous state.
            Log.LogMessage(MessageImportance.Normal, "ModuleSdk: {0} canceled.", GetType().Name);
            return false;
        }
        catch (ModuleException e)
        {
            LogModuleError(e);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is ModuleException))
        {
            foreach (var x in e.InnerExceptions) LogModuleError((ModuleException)x);
        }
        catch (Exception e)
        {
            // The last resort: one coded error instead of MSBuild's MSB4018 with a stack trace;
            // the trace goes to the log at diagnostic verbosity, for a bug report.
            Log.LogError(null, DiagnosticCodes.TaskInternalError, null, ProjectDirectory, 0, 0, 0, 0, "{0}",
                $"internal error in {GetType().Name}: {e.GetType().Name}: " +
                $"{string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}" +
                " (build with -v:diag for details, and please report it)");
            Log.LogMessage(MessageImportance.Low, "{0}", e.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    private static bool IsCancellation(Exception e) =>
        e is OperationCanceledException || (e is AggregateException a && a.Flatten().InnerExceptions.All(x => x is OperationCanceledException));

    /// <summary>Does the task's work; expected failures are <see cref="ModuleException"/>s.</summary>
    protected abstract void Run();

    /// <summary>The core's settings from <see cref="ModuleSettings"/>.</summary>
    protected Configuration.ModuleSettings Settings() =>
        TaskSettings.Create(Setting("ModuleProxy"), Setting("ModuleCache"), Setting("ModulePrivate"), Setting("ModuleRepos"),
            Setting("ModuleSumDb"), Setting("ModuleNoSumDb"),
            lockedMode: string.Equals(Setting("ModuleLockedMode"), "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Logs a core error at its file and line, read from the exception's structure, never from
    /// its wording: a checksum error at its module.sum line (<see cref="ModuleException.Checksum"/>),
    /// a failure about one module at the module.mod line requiring it. One error, on one line:
    /// MSBuild shows every line of a message as an error of its own.
    /// </summary>
    protected void LogModuleError(ModuleException e)
    {
        string? file = e.File;
        int line = e.Line, column = e.Column;
        var cause = e.Cause;
        if (file is null && MainModule.FindDirectory(ProjectDirectory) is { } dir)
        {
            if (cause.Checksum is { } sum)
            {
                file = Path.IsPathFullyQualified(sum.SumFile) ? sum.SumFile : Path.Combine(dir, MainModule.SumFileName);
                line = sum.SumLine;
                column = line > 0 ? 1 : 0;
            }
            else
            {
                // A failure about one module sits at the line requiring it when the main module
                // requires it directly: for a failure deep in the graph, the first step of its
                // requirement chain that module.mod requires.
                file = Path.Combine(dir, MainModule.ModFileName);
                var candidates = e is Mvs.BuildListException chain ? chain.Chain.Select(step => (Modules.ModuleId?)step.Module) : [e.ConcernedModule];
                foreach (var module in candidates)
                {
                    if (module is { } m && FindRequireLine(dir, m.Path) is var (l, c) && l > 0)
                    {
                        (line, column) = (l, c);
                        break;
                    }
                }
            }
        }
        Log.LogError(null, InnermostCode(e), null, file ?? "", line, column, 0, 0, "{0}", e.OneLineMessage);
    }

    // Loading wraps a module's failure in MOD5001 ("error loading module requirements"); in a
    // build log the code of what actually happened (MOD7003 mismatch, MOD7004 locked mode) is the useful one.
    private static string InnermostCode(ModuleException e)
    {
        string code = e.Code;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is ModuleException m) code = m.Code;
        return code;
    }

    private static (int Line, int Column) FindRequireLine(string mainDirectory, string path)
    {
        try
        {
            var start = MainModule.Load(mainDirectory).File.Require.FirstOrDefault(r => r.Mod.Path == path)?.Syntax?.Start;
            return start is { } s ? (s.Line, s.Column) : (0, 0);
        }
        catch (ModuleException)
        {
            return (0, 0);
        }
    }
}
