using Microsoft.Build.Framework;
using ModuleSdk.Fixing;
using ModuleSdk.Resolution;

namespace ModuleSdk.Tasks;

/// <summary>
/// The <c>FixModules</c> target's task: <c>dotnet mod fix</c> for one project, with the records of
/// the fix build that ran just before it. Rewrites the files, prints them, and requires the
/// modules the inlined code uses.
/// </summary>
public sealed class FixModules : ModuleTask
{
    /// <summary>The project file.</summary>
    [Required]
    public string ProjectFile { get; set; } = "";

    /// <inheritdoc/>
    protected override void Run()
    {
        var main = MainModule.Find(ProjectDirectory);
        var outcome = ModuleFix.ApplyAsync(ModuleLoader.Create(main, Settings()), [ProjectFile], rewritten: fixes =>
        {
            foreach (var p in fixes.Problems)
                Log.LogWarning(null, p.Code, null, p.File ?? ProjectFile, p.Line, 0, 0, 0, "{0}", p.Message);
            foreach (var s in fixes.Skipped)
                Log.LogWarning(null, Diagnostics.DiagnosticCodes.FixSiteSkipped, null, s.File, s.Site.Line, 0, 0, 0,
                    "{0} not inlined: {1}", s.Site.Member, s.Site.Reason);
            foreach (var c in fixes.Changes)
                Log.LogMessage(MessageImportance.High, "ModuleSdk: {0}: inlined {1} use(s)", Path.GetRelativePath(main.Directory, c.File), c.Inlined);
        }, cancellationToken: CancellationToken).GetAwaiter().GetResult();
        foreach (var m in outcome.Required)
            Log.LogMessage(MessageImportance.High, "ModuleSdk: {0} {1} is now used directly: required in {2}", m.Path, m.Version, main.ModFilePath);
        if (outcome.NothingToFix)
            Log.LogMessage(MessageImportance.High, "ModuleSdk: {0}: nothing to inline", Path.GetFileName(ProjectFile));
    }
}
