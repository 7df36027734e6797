using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Resolution;
using ModuleSdk.Usage;

namespace ModuleSdk.Fixing;

/// <summary>
/// The workflow of <c>dotnet mod fix</c> after its fix builds (the CLI runs them; the
/// <c>FixModules</c> target runs one before its task): rewrite the files the builds' records
/// name (<see cref="InlineFixer.Apply"/>), then require the modules the inlined code uses
/// (<see cref="FixRequirements"/>) and save <c>module.mod</c> and <c>module.sum</c>.
/// Requirements follow rewritten code only: nothing rewritten, <c>module.mod</c> untouched.
/// </summary>
public static class ModuleFix
{
    /// <summary>What fix did.</summary>
    /// <param name="Fixes">The rewritten files, the sites skipped and the problems met.</param>
    /// <param name="Required">The modules now required directly (would be, for a dry run).</param>
    public sealed record Outcome(InlineFixer.Outcome Fixes, IReadOnlyList<ModuleId> Required)
    {
        /// <summary>Nothing was (or would be) rewritten or required.</summary>
        public bool NothingToFix => Fixes.Changes.Count == 0 && Required.Count == 0;
    }

    /// <summary>The projects fix works on: every ModuleSdk project of the main module; MOD5407 when there is none.</summary>
    public static IReadOnlyList<string> Projects(MainModule main)
    {
        var projects = MainModuleProjects.Find(main.Directory);
        if (projects.Count == 0)
            throw new ModuleException(DiagnosticCodes.FixNoProjects, "dotnet mod fix: the main module has no ModuleSdk project to fix", main.ModFilePath);
        return projects;
    }

    /// <summary>
    /// Rewrites <paramref name="projects"/>' files from their fix records and requires what the
    /// rewritten code uses; with <paramref name="dryRun"/> computes both and writes nothing.
    /// <paramref name="rewritten"/> sees the rewrite's outcome before requirements are looked up,
    /// so a caller reports the files written even when a requirement then fails.
    /// </summary>
    public static async Task<Outcome> ApplyAsync(ModuleLoader loader, IReadOnlyList<string> projects, bool dryRun = false,
        Action<InlineFixer.Outcome>? rewritten = null, CancellationToken cancellationToken = default)
    {
        var fixes = InlineFixer.Apply(projects, dryRun);
        rewritten?.Invoke(fixes);
        var required = fixes.Changes.Count > 0
            ? await FixRequirements.RequireUsedAsync(loader, fixes.UsedModules, cancellationToken).ConfigureAwait(false)
            : [];
        if (!dryRun && required.Count > 0)
        {
            loader.Main.Save();
            loader.Sums.Save();
        }
        return new Outcome(fixes, required);
    }
}
