using Microsoft.Build.Framework;
using ModuleSdk.Resolution;

namespace ModuleSdk.Tasks;

/// <summary>
/// <c>dotnet msbuild -t:ModuleGraph</c>: each requirement edge as <c>from to</c>, in the order of
/// <c>dotnet mod graph</c> (go mod graph). Named apart from the core's <c>ModuleGraph</c> type.
/// </summary>
public sealed class ShowModuleGraph : ModuleTask
{
    /// <inheritdoc/>
    protected override void Run()
    {
        var main = MainModule.Find(ProjectDirectory);
        var graph = ModuleLoader.Create(main, Settings()).LoadGraphAsync(CancellationToken).GetAwaiter().GetResult();
        foreach (var (from, to) in graph.Edges())
            Log.LogMessage(MessageImportance.High, "{0} {1}", from, to);
    }
}
