using ModuleSdk.BuildInfo;
using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Cli.Output;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Cli.Commands;

/// <summary><c>dotnet mod version -m</c>: the module build information stamped into assemblies (go version -m).</summary>
public sealed class VersionCommand : Command
{
    public override string Name => "version";
    public override string Summary => "print module build information of built assemblies";
    public override string Usage => "dotnet mod version [-m] [-json] <file.dll | dir> ...";
    public override string Description =>
        "Version prints, for each assembly named (or each assembly with module information under a\n" +
        "directory, recursively), the target framework it was built for; with -m also the module\n" +
        "information the ModuleSdk build stamped into it, in the layout of 'go version -m':\n" +
        "path, mod, dep, => (replacement) and build lines, tab-separated. -json prints it as JSON.\n" +
        "The assemblies are read, never loaded.";
    public override IReadOnlyCollection<string> BoolFlags => ["m", "json", "v"];

    public override Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        if (args.Positionals.Count == 0) throw new UsageException("version needs a file or directory argument");
        bool modules = args.Has("m"), json = args.Has("json"), verbose = args.Has("v");
        bool failed = false;
        foreach (var arg in args.Positionals)
        {
            string full = Path.GetFullPath(arg, context.WorkingDirectory);
            if (Directory.Exists(full))
            {
                foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                             .Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
                             .Order(StringComparer.Ordinal))
                {
                    // Like go version on a directory: files without module information are skipped silently (-v reports them).
                    if (AssemblyBuildInfoReader.TryRead(file, out var result)) Print(context, Display(arg, full, file), result!, modules, json);
                    else if (verbose) context.Error.WriteLine($"{Display(arg, full, file)}: not a module assembly");
                }
                continue;
            }
            try
            {
                Print(context, arg, AssemblyBuildInfoReader.Read(full), modules, json);
            }
            catch (Exception e) when (e is ModuleException or IOException or UnauthorizedAccessException)
            {
                failed = true;
                string message = e is ModuleException me ? me.Message.Replace(full, arg) : $"{arg}: {e.Message}";
                context.Error.WriteLine(message);
            }
        }
        return Task.FromResult(failed ? 1 : 0);
    }

    private static string Display(string arg, string fullDir, string file) => Path.Combine(arg, Path.GetRelativePath(fullDir, file));

    private static void Print(CliContext context, string name, AssemblyBuildInfoReader.Result result, bool modules, bool json)
    {
        if (json)
        {
            context.Out.WriteLine(Json(result.Info).ToString());
            return;
        }
        context.Out.WriteLine($"{name}: {result.TargetFramework}");
        if (!modules) return;
        foreach (var line in result.Info.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            context.Out.WriteLine("\t" + line);
    }

    private static GoJson Json(ModuleBuildInfo info) => new GoJson()
        .Add("Path", info.Path)
        .Add("Main", Json(info.Main))
        .Add("Deps", info.Deps.Select(Json).ToList())
        .Add("Settings", info.Settings.Select(s => new GoJson().Add("Key", s.Key).Add("Value", s.Value)).ToList());

    private static GoJson Json(BuildModule m) => new GoJson()
        .Add("Path", m.Path).Add("Version", m.Version).Add("Sum", m.Sum)
        .Add("Replace", m.Replace is null ? null : Json(m.Replace));
}
