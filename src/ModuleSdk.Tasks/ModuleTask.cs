using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;

namespace ModuleSdk.Tasks;

/// <summary>
/// The base of the SDK's tasks: the settings properties every task takes, and the one place
/// where the core's <see cref="ModuleException"/>s become MSBuild errors at their file and line.
/// </summary>
public abstract partial class ModuleTask : Microsoft.Build.Utilities.Task
{
    /// <summary>The project directory; <c>module.mod</c> is looked for here and in its parents.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = "";

    /// <summary><c>ModuleProxy</c> (MODPROXY).</summary>
    public string? ModuleProxy { get; set; }

    /// <summary><c>ModuleCache</c> (MODCACHE).</summary>
    public string? ModuleCache { get; set; }

    /// <summary><c>ModulePrivate</c> (MODPRIVATE).</summary>
    public string? ModulePrivate { get; set; }

    /// <summary><c>ModuleRepos</c> (MODREPOS).</summary>
    public string? ModuleRepos { get; set; }

    /// <summary><c>ModuleLockedMode</c>; empty means on in CI.</summary>
    public string? ModuleLockedMode { get; set; }

    /// <summary><c>ModuleMode</c>: <c>mod</c>, <c>readonly</c> or <c>vendor</c>; empty means vendor when <c>vendor/modules.txt</c> exists.</summary>
    public string? ModuleMode { get; set; }

    /// <summary>The <c>CI</c> environment variable.</summary>
    public string? CI { get; set; }

    /// <summary><c>ContinuousIntegrationBuild</c>.</summary>
    public string? ContinuousIntegrationBuild { get; set; }

    /// <inheritdoc/>
    public sealed override bool Execute()
    {
        try
        {
            Run();
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
                $"internal error in {GetType().Name}: {e.GetType().Name}: {string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))} (build with -v:diag for details, and please report it)");
            Log.LogMessage(MessageImportance.Low, "{0}", e.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>Does the task's work; expected failures are <see cref="ModuleException"/>s.</summary>
    protected abstract void Run();

    /// <summary>The settings from the task's properties.</summary>
    protected Configuration.ModuleSettings Settings()
    {
        var settings = TaskSettings.Create(ModuleProxy, ModuleCache, ModulePrivate, ModuleRepos, ModuleLockedMode, CI, ContinuousIntegrationBuild);
        // ModuleMode=readonly is Go's -mod=readonly: module.sum may not change, which is locked mode.
        return string.Equals(ModuleMode?.Trim(), "readonly", StringComparison.OrdinalIgnoreCase) ? settings with { LockedMode = true } : settings;
    }

    /// <summary>Logs a core error at its file and line; a checksum mismatch is placed at its module.sum line.</summary>
    protected void LogModuleError(ModuleException e)
    {
        string? file = e.File;
        int line = e.Line, column = e.Column;
        if (file is null && MainModule.FindDirectory(ProjectDirectory) is { } dir)
        {
            // Without a location of its own, an error is shown at the file it concerns (module.sum
            // for checksums, at the recorded line when there is one), never at Sdk.targets.
            if (Mismatch().Match(e.Message) is { Success: true } m)
            {
                file = Path.Combine(dir, MainModule.SumFileName);
                line = m.Groups["zpath"].Success
                    ? FindSumLine(file, m.Groups["zpath"].Value, m.Groups["zver"].Value)
                    : FindSumLine(file, m.Groups["mpath"].Value, m.Groups["mver"].Value + Sums.SumFile.ModSuffix);
                column = line > 0 ? 1 : 0;
            }
            else if (e.Message.Contains("missing module.sum entry", StringComparison.Ordinal))
            {
                file = Path.Combine(dir, MainModule.SumFileName);
            }
            else
            {
                // A failure about one module ("P@V: reading ...: connection refused") sits at the
                // line requiring it when the main module requires it directly.
                file = Path.Combine(dir, MainModule.ModFileName);
                if (ModulePrefix().Match(e.Message) is { Success: true } p && FindRequireLine(dir, p.Groups["path"].Value) is var (l, c) && l > 0)
                    (line, column) = (l, c);
            }
        }
        Log.LogError(null, InnermostCode(e), null, file ?? "", line, column, 0, 0, "{0}", e.Message);
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

    private static int FindSumLine(string sumFile, string path, string version)
    {
        if (!File.Exists(sumFile)) return 0;
        string prefix = path + " " + version + " ";
        var lines = File.ReadAllLines(sumFile);
        for (int i = 0; i < lines.Length; i++)
            if (lines[i].StartsWith(prefix, StringComparison.Ordinal)) return i + 1;
        return 0;
    }

    // The core's wording, after Go's: "verifying P@V: checksum mismatch" for a zip,
    // "P@V: verifying module.mod: checksum mismatch" for a module file.
    [GeneratedRegex(@"verifying (?<zpath>\S+)@(?<zver>\S+): checksum mismatch|(?<mpath>[^\s@]+)@(?<mver>\S+): verifying module\.mod: checksum mismatch")]
    private static partial Regex Mismatch();

    [GeneratedRegex(@"^(?<path>[^\s@]+)@v\S*: ")]
    private static partial Regex ModulePrefix();
}
