using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Sums;

namespace ModuleSdk.Resolution;

/// <summary>
/// <c>go mod download</c>: the modules the arguments name (<see cref="ModuleArguments"/>), each
/// fetched, verified and extracted into the cache with its <c>.info</c>, in parallel; then the
/// <c>module.sum</c> lines for what was downloaded. A module that fails does not stop the others:
/// its result carries the error, as Go reports each module's own.
/// </summary>
public static class ModuleDownload
{
    /// <summary>How many modules are fetched at once.</summary>
    public const int Parallelism = 16;

    /// <summary>One module's download: the cache files it left (Go's <c>-json</c> fields), or why it failed.</summary>
    /// <param name="Argument">The module and how it was asked for (query, origin).</param>
    /// <param name="InfoFile">The cached <c>.info</c> file.</param>
    /// <param name="ModFile">The cached module file.</param>
    /// <param name="ZipFile">The cached zip.</param>
    /// <param name="Dir">The extracted directory.</param>
    /// <param name="Sum">The zip's <c>h1:</c> hash.</param>
    /// <param name="ModSum">The module file's <c>h1:</c> hash.</param>
    /// <param name="Error">The failure; null on success (then every other field is set).</param>
    public sealed record Result(ModuleArgument Argument, string? InfoFile = null, string? ModFile = null, string? ZipFile = null, string? Dir = null,
        string? Sum = null, string? ModSum = null, ModuleException? Error = null)
    {
        /// <summary>The module.</summary>
        public ModuleId Module => Argument.Module;

        /// <summary>
        /// The error's message naming the module it concerns, as Go's <c>path@version: ...</c>
        /// does (unchanged when it already starts with the module's path); null on success.
        /// </summary>
        public string? ErrorMessage => Error is null ? null
            : Error.LocatedMessage.StartsWith(Module.Path, StringComparison.Ordinal)
                || Error.LocatedMessage.StartsWith("module " + Module.Path, StringComparison.Ordinal)
                ? Error.LocatedMessage : $"{Module}: {Error.LocatedMessage}";
    }

    /// <summary>
    /// Downloads what <paramref name="patterns"/> name (none means <c>all</c>) and saves the
    /// <c>module.sum</c> lines: for <c>all</c>, every line the graph and the downloads needed;
    /// otherwise lines for what was downloaded (and the graph, when loaded), none for the versions
    /// a query only looked at (the module file read for retractions, say). Results are in argument
    /// order; an argument that names no module (a malformed path, a query with no answer) is
    /// that result's error.
    /// </summary>
    public static async Task<IReadOnlyList<Result>> RunAsync(ModuleLoader loader, IReadOnlyList<string> patterns, CancellationToken cancellationToken = default)
    {
        if (patterns.Count == 0) patterns = ["all"];
        var arguments = await ModuleArguments.ResolveAsync(loader, patterns, new ModuleArguments.Options(Download: true), cancellationToken)
            .ConfigureAwait(false);
        var targets = arguments.Modules;
        var results = new Result[targets.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count), parallel,
            async (i, token) => results[i] = await DownloadAsync(loader, targets[i], token).ConfigureAwait(false)).ConfigureAwait(false);
        if (patterns.Contains("all")) loader.Sums.Save();
        else loader.SaveSums(arguments.Graph, results.Where(r => r.Error is null).Select(r => r.Module).ToList());
        return results;
    }

    private static async Task<Result> DownloadAsync(ModuleLoader loader, ModuleArgument target, CancellationToken cancellationToken)
    {
        if (target.Error is not null) return new Result(target, Error: target.Error);
        var m = target.Module;
        try
        {
            // The .info is part of what download leaves in the cache, as in Go.
            await loader.Fetcher.GetInfoAsync(m.Path, m.Version, cancellationToken).ConfigureAwait(false);
            var mod = await loader.Fetcher.GetModAsync(m, cancellationToken).ConfigureAwait(false);
            string dir = await loader.Fetcher.DownloadAsync(m, cancellationToken).ConfigureAwait(false);
            return new Result(target, loader.Cache.InfoFile(m), loader.Cache.ModFile(m), loader.Cache.ZipFile(m), dir,
                loader.Cache.ReadZipHash(m), Hash1.HashModFile(mod));
        }
        catch (ModuleException e)
        {
            return new Result(target, Error: e);
        }
    }
}
