using ModuleSdk.Configuration;
using ModuleSdk.Resolution;

namespace ModuleSdk.Cli.Commands;

/// <summary>What most verbs start from: the settings from the environment, the main module found from the working directory, and a loader over both.</summary>
internal sealed class Workspace
{
    private Workspace(ModuleSettings settings, MainModule main, ModuleLoader loader)
    {
        Settings = settings;
        Main = main;
        Loader = loader;
    }

    public ModuleSettings Settings { get; }
    public MainModule Main { get; }
    public ModuleLoader Loader { get; }

    public static Workspace Open(CliContext context)
    {
        var settings = ModuleSettings.FromEnvironment(context.Environment);
        var main = MainModule.Find(context.WorkingDirectory);
        return new Workspace(settings, main, ModuleLoader.Create(main, settings, ModuleSdk.Direct.ModuleSources.Direct(settings, context.Environment)));
    }

    /// <summary>Writes module.sum lines learned during the command (never in locked mode: nothing is added there).</summary>
    public void SaveSums() => Loader.Sums.Save();
}
