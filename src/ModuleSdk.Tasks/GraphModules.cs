using Microsoft.Build.Framework;
using ModuleSdk.Resolution;

namespace ModuleSdk.Tasks;

/// <summary>
/// <c>dotnet msbuild -t:GraphModules</c> (formerly <c>ModuleGraph</c>, still an alias): each
/// requirement edge as <c>from to</c>, in the order of <c>dotnet mod graph</c> (go mod graph).
/// </summary>
public sealed class GraphModules : ModuleTask
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
