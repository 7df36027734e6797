namespace ModuleSdk.Resolution;

/// <summary>
/// <c>go list -m</c> (Go's <c>modload.ListModules</c>): the modules the arguments name
/// (<see cref="ModuleArguments"/>), each described in parallel (<see cref="ModulePublic.DescribeAsync"/>:
/// updates, versions, retractions, deprecations as the options ask), then the <c>module.sum</c>
/// lines for the graph's module files, none for the versions only looked at.
/// </summary>
public static class ModuleList
{
    /// <summary>How many modules are described at once (each may query the proxy).</summary>
    public const int Parallelism = 16;

    /// <summary>
    /// Describes what <paramref name="patterns"/> name (none means the main module), in argument
    /// order; a module that cannot be described carries its <see cref="ModulePublic.Error"/>.
    /// <paramref name="recordSums"/> false leaves <c>module.sum</c> alone (the build's
    /// <c>ModuleList</c> target, which runs after restore recorded what the graph needs).
    /// </summary>
    public static async Task<IReadOnlyList<ModulePublic>> RunAsync(ModuleLoader loader, IReadOnlyList<string> patterns, ModulePublic.Options options,
        CancellationToken cancellationToken = default, bool recordSums = true)
    {
        var arguments = await ModuleArguments.ResolveAsync(loader, patterns.Count == 0 ? [""] : patterns,
            new ModuleArguments.Options(Versions: options.Versions), cancellationToken).ConfigureAwait(false);
        var modules = arguments.Modules;
        var infos = new ModulePublic[modules.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, modules.Count), parallel,
            async (i, token) => infos[i] = await ModulePublic.DescribeAsync(loader, modules[i], options, token).ConfigureAwait(false)).ConfigureAwait(false);
        if (recordSums) loader.SaveSums(arguments.Graph);
        return infos;
    }
}
