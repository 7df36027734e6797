using Microsoft.Build.Framework;
using ModuleSdk.Resolution;

namespace ModuleSdk.Tasks;

/// <summary>
/// <c>dotnet msbuild -t:ListModules</c>: the build list as <c>dotnet mod list -m all</c> prints it
/// (the main module, then <c>path version</c> sorted by path, <c>=&gt; replacement</c> where replaced).
/// Read-only: module.sum is left to restore.
/// </summary>
public sealed class ListModules : ModuleTask
{
    /// <inheritdoc/>
    protected override void Run()
    {
        var main = MainModule.Find(ProjectDirectory);
        var loader = ModuleLoader.Create(main, Settings());
        // Nothing beyond the build list is asked for, so nothing is fetched and nothing fails here.
        foreach (var info in ModuleList.RunAsync(loader, ["all"], new ModulePublic.Options(), CancellationToken, recordSums: false).GetAwaiter().GetResult())
            Log.LogMessage(MessageImportance.High, "{0}", info.ToText(versions: false));
    }
}
