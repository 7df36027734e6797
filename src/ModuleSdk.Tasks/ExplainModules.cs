using Microsoft.Build.Framework;
using ModuleSdk.Diagnostics;
using ModuleSdk.Resolution;

namespace ModuleSdk.Tasks;

/// <summary>
/// <c>dotnet msbuild -t:ExplainModules -p:ModulesToExplain=&lt;path&gt;</c> (formerly <c>-t:ModuleWhy -p:Module=</c>,
/// still aliases): for each module, a <c># path</c>
/// heading and the shortest chain of requirements from the main module, as <c>dotnet mod why -m</c>.
/// </summary>
public sealed class ExplainModules : ModuleTask
{
    /// <summary>The module paths to explain (the <c>ModulesToExplain</c> property; several separated by <c>;</c>).</summary>
    public string[] Modules { get; set; } = [];

    /// <inheritdoc/>
    protected override void Run()
    {
        var main = MainModule.Find(ProjectDirectory);
        var paths = Modules.Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        if (paths.Count == 0)
        {
            Log.LogError(null, DiagnosticCodes.WhyNeedsModule, null, main.ModFilePath, 0, 0, 0, 0,
                "{0}", "ExplainModules needs a module path; run 'dotnet msbuild -t:ExplainModules -p:ModulesToExplain=<module path>'");
            return;
        }
        var graph = ModuleLoader.Create(main, Settings()).LoadGraphAsync(CancellationToken).GetAwaiter().GetResult();
        foreach (var line in ModuleWhy.Describe(graph, paths))
            Log.LogMessage(MessageImportance.High, "{0}", line);
    }
}
