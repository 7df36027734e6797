using Microsoft.Build.Framework;
using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;

namespace ModuleSdk.Tasks;

/// <summary>
/// The <c>TidyModules</c> target's task: <c>dotnet mod tidy</c> with the usage records the build
/// that ran just before it wrote. Warnings and errors are the CLI's, with their codes.
/// </summary>
public sealed class TidyModules : ModuleTask
{
    /// <summary>When true, missing or stale usage records are an error (MOD5305), as <c>tidy -usage</c>.</summary>
    public bool RequireUsage { get; set; }

    /// <inheritdoc/>
    protected override void Run()
    {
        var main = MainModule.Find(ProjectDirectory);
        var tidy = MainModuleTidy.Prepare(main, RequireUsage, "TidyModules");
        var usage = tidy.Usage;
        if (!usage.IsComplete)
        {
            foreach (var p in usage.Problems())
                Log.LogWarning(null, p.Code, null, p.File ?? "", 0, 0, 0, 0,
                    "{0} (tidying requirements only: no requirement is removed for lack of use)", p.Message);
        }
        var loader = ModuleLoader.Create(main, Settings());
        var result = tidy.RunAsync(loader, CancellationToken).GetAwaiter().GetResult();
        foreach (var (projectPath, module) in result.Found)
            Log.LogMessage(MessageImportance.High, "ModuleSdk: found {0} in {1} {2}", projectPath, module.Path, module.Version);
        foreach (var path in result.NotInBuildList)
            Log.LogWarning(null, DiagnosticCodes.UsedModuleNotInBuildList, null, main.ModFilePath, 0, 0, 0, 0,
                "{0} is used by {1} but is not in the build list; add it with: dotnet mod get {0}", path, usage.UsedBy(path)!.Project);
        foreach (var m in result.NewlyDirect)
            Log.LogMessage(MessageImportance.High, "ModuleSdk: {0} {1} is used by {2}: now required directly", m.Path, m.Version,
                usage.UsedBy(m.Path) is { } user ? Path.GetFileName(user.Project) : "a ModuleReference item");
        foreach (var m in result.Unused)
            Log.LogMessage(MessageImportance.High, "ModuleSdk: unused {0}: requirement removed", m.Path);
        Log.LogMessage(MessageImportance.High, "ModuleSdk: tidied {0}", main.ModFilePath);
    }
}
