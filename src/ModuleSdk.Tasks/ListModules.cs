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
        var graph = loader.LoadGraphAsync(CancellationToken).GetAwaiter().GetResult();
        foreach (var m in graph.BuildList())
            Log.LogMessage(MessageImportance.High, "{0}", Line(loader, m));
    }

    // Go's ModulePublic.String without -u/-versions: "path", "path version", "path version => rpath [rversion]".
    private static string Line(ModuleLoader loader, Modules.ModuleId m)
    {
        if (m == loader.Main.Id || m.Version.Length == 0) return m.Path;
        string s = m.Path + " " + m.Version;
        if (loader.Index.Replacement(m) is { } r)
            s += " => " + r.Path + (r.Version.Length > 0 ? " " + r.Version : "");
        return s;
    }
}
