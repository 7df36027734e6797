using Microsoft.Build.Framework;
using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;

namespace ModuleSdk.Tasks;

/// <summary>
/// <c>dotnet msbuild -t:VerifyModules</c> (SPEC §7): re-hashes the cached modules of the build
/// list with the core (<see cref="BuildListModules.VerifyAsync"/>); prints <c>all modules verified</c> or one error per problem.
/// </summary>
public sealed class VerifyModules : ModuleTask
{
    /// <inheritdoc/>
    protected override void Run()
    {
        var main = MainModule.Find(ProjectDirectory);
        var loader = ModuleLoader.Create(main, Settings());
        var result = BuildListModules.VerifyAsync(loader, CancellationToken).GetAwaiter().GetResult();
        var problems = result.Modules.SelectMany(m => m.Problems).ToList();
        if (problems.Count == 0)
        {
            Log.LogMessage(MessageImportance.High, "all modules verified");
            return;
        }
        foreach (var p in problems)
            Log.LogError(null, p.Code.Length > 0 ? p.Code : DiagnosticCodes.VerifyFailed, null, main.SumFilePath, 0, 0, 0, 0, "{0}", p.Message);
    }
}
