using Microsoft.Build.Framework;
using ModuleSdk.Modules;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Zips;

namespace ModuleSdk.Tasks.Tests;

/// <summary>
/// A main module in a temporary directory, a <c>file://</c> proxy whose modules are small C#
/// projects, and a private module cache: what the SDK's tasks see during a real restore.
/// </summary>
public sealed class TaskWorld : IDisposable
{
    private readonly TempDir _root = new("modsdk-tasks");

    public TaskWorld(string modFile)
    {
        Proxy = new ModuleProxyBuilder(_root.Combine("proxy"));
        App = _root.Combine("app");
        Cache = _root.Combine("cache");
        Directory.CreateDirectory(App);
        File.WriteAllText(ModFile, modFile);
    }

    public ModuleProxyBuilder Proxy { get; }
    public string App { get; }
    public string Cache { get; }
    public string Obj => Path.Combine(App, "obj");
    public string State => Path.Combine(Obj, "modulesdk");
    public string ModFile => Path.Combine(App, "module.mod");
    public string SumFile => Path.Combine(App, "module.sum");

    /// <summary>Adds a module version holding a project (<c>&lt;project&gt;.csproj</c>, by default the last path element) to the proxy.</summary>
    public TaskWorld Module(string path, string version, string[]? requires = null, string? project = null)
    {
        Proxy.Add(path, version, requires);
        // Rewrite the zip with a project at the module root, which the builder's default zip lacks.
        string mod = File.ReadAllText(Proxy.FileOf(path, version, "mod"));
        string name = project ?? char.ToUpperInvariant(path.Split('/')[^1][0]) + path.Split('/')[^1][1..];
        var files = new List<IModuleFile>
        {
            new MemoryModuleFile("module.mod", mod),
            new MemoryModuleFile(name + ".csproj",
                "<Project Sdk=\"ModuleSdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>\n"),
            new MemoryModuleFile("Lib.cs", $"namespace {name}; public static class Info {{ public const string Version = \"{version}\"; }}\n"),
        };
        using var zip = File.Create(Proxy.FileOf(path, version, "zip"));
        ModuleZip.Create(zip, new ModuleId(path, version), files);
        return this;
    }

    /// <summary>A task with this world's settings: proxy, cache, locked mode off unless asked (the task takes it as Sdk.targets decided it).</summary>
    public T Task<T>(RecordingBuildEngine engine, bool locked = false, string? proxy = null) where T : ModuleTask, new() => new()
    {
        BuildEngine = engine,
        ProjectDirectory = App,
        ModuleSettings = Settings(proxy ?? Proxy.Url, locked),
    };

    /// <summary>The settings item Sdk.targets passes every task (<c>@(_ModuleSdkSettings)</c>).</summary>
    public ITaskItem Settings(string proxy, bool locked) =>
        new Microsoft.Build.Utilities.TaskItem("ModuleSdk", new Dictionary<string, string>
        {
            ["ModuleProxy"] = proxy,
            ["ModuleCache"] = Cache,
            ["ModuleLockedMode"] = locked ? "true" : "false",
        });

    public (bool Ok, RecordingBuildEngine Engine, ResolveModules Task) Restore(bool locked = false, string? proxy = null, string[]? moduleReferences = null)
    {
        var engine = new RecordingBuildEngine();
        var task = Task<ResolveModules>(engine, locked, proxy);
        task.IntermediateDirectory = Obj;
        task.AssemblyName = "App";
        task.ProjectFile = Path.Combine(App, "App.csproj");
        task.ModuleReferences = (moduleReferences ?? []).Select(r => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(r)).ToArray();
        return (task.Execute(), engine, task);
    }

    public (bool Ok, RecordingBuildEngine Engine) CheckRestored(string[]? moduleReferences = null)
    {
        var engine = new RecordingBuildEngine();
        var task = Task<CheckModulesRestored>(engine);
        task.IntermediateDirectory = Obj;
        task.ModuleReferences = (moduleReferences ?? []).Select(r => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(r)).ToArray();
        return (task.Execute(), engine);
    }

    public (bool Ok, RecordingBuildEngine Engine) Verify()
    {
        var engine = new RecordingBuildEngine();
        return (Task<VerifyModules>(engine).Execute(), engine);
    }

    public void Dispose() => _root.Dispose();
}
