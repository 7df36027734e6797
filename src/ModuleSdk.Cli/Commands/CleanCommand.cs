using ModuleSdk.Cache;
using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Configuration;

namespace ModuleSdk.Cli.Commands;

/// <summary><c>dotnet mod clean -modcache</c>: remove the whole module cache (go clean -modcache).</summary>
public sealed class CleanCommand : Command
{
    public override string Name => "clean";
    public override string Summary => "remove the module cache";
    public override string Usage => "dotnet mod clean -modcache";
    public override IReadOnlyCollection<string> BoolFlags => ["modcache"];

    public override Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        if (!args.Has("modcache") || args.Positionals.Count > 0) throw new UsageException("clean needs -modcache");
        var settings = ModuleSettings.FromEnvironment(context.Environment);
        ModuleCache.FromSetting(settings.CacheRoot).Clean();
        return Task.FromResult(0);
    }
}
