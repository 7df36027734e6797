using ModuleSdk.BuildCache;
using ModuleSdk.Cache;
using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Configuration;

namespace ModuleSdk.Cli.Commands;

/// <summary>
/// <c>dotnet mod clean -modcache</c>: remove the whole module cache (go clean -modcache);
/// <c>-buildcache</c> (or Go's <c>-cache</c>): remove every entry of the build cache (go clean -cache).
/// </summary>
public sealed class CleanCommand : Command
{
    public override string Name => "clean";
    public override string Summary => "remove the module cache or the build cache";
    public override string Usage => "dotnet mod clean -modcache | -buildcache";
    public override IReadOnlyCollection<string> BoolFlags => ["modcache", "buildcache", "cache"];

    public override Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        bool module = args.Has("modcache"), build = args.Has("buildcache") || args.Has("cache");
        if (!(module || build) || args.Positionals.Count > 0) throw new UsageException("clean needs -modcache or -buildcache");
        var settings = ModuleSettings.FromEnvironment(context.Environment);
        // The build cache first: its default location is derived from the module cache's.
        if (build && BuildCacheLocation.Resolve(context.Environment.GetValueOrDefault(BuildCacheLocation.Variable), settings.CacheRoot) is { } root)
            new CompileCache(root).Clean();
        if (module) ModuleCache.FromSetting(settings.CacheRoot).Clean();
        return Task.FromResult(0);
    }
}
