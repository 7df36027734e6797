using System.Runtime.ExceptionServices;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Fetching;

/// <summary>
/// The source a <c>MODPROXY</c> list describes (Go's <c>modfetch.TryProxies</c> and
/// <c>lookup</c>): each request goes to the entries in order. After an entry fails, the next is
/// tried if the failure was "not found", or for any failure if the entry was followed by
/// <c>|</c>. When every entry fails, the most helpful error is reported: one from <c>direct</c>,
/// else the last proxy error that is not "not found", else the last "not found". Paths matching
/// <c>MODPRIVATE</c> skip the list and go straight to <c>direct</c>, even under <c>off</c>, as
/// GOPRIVATE does in Go.
/// </summary>
public sealed class RoutedSource : IModuleSource, IZipBuildingSource
{
    /// <summary>The environment variable of private path patterns.</summary>
    public const string PrivateEnvironmentVariable = "MODPRIVATE";

    private readonly ProxyList _list;
    private readonly string? _private;
    private readonly Lazy<IModuleSource>? _direct;
    private readonly Lazy<ProxyClient>?[] _clients;

    /// <summary>
    /// Creates the source. <paramref name="privatePatterns"/> is <c>MODPRIVATE</c>'s value;
    /// <paramref name="direct"/> makes the direct (git) source, once, when first needed; without
    /// it, reaching <c>direct</c> is an error (<see cref="DiagnosticCodes.DirectUnavailable"/>).
    /// </summary>
    public RoutedSource(ProxyList list, string? privatePatterns = null, Func<IModuleSource>? direct = null, ProxyClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(list);
        _list = list;
        _private = string.IsNullOrWhiteSpace(privatePatterns) ? null : privatePatterns;
        _direct = direct is null ? null : new Lazy<IModuleSource>(direct, LazyThreadSafetyMode.ExecutionAndPublication);
        _clients = list.Entries
            .Select(e => e.Kind == ProxyEntryKind.Proxy ? new Lazy<ProxyClient>(() => new ProxyClient(e.RawUrl!, options)) : null)
            .ToArray();
    }

    /// <summary>The list requests are routed through.</summary>
    public ProxyList List => _list;

    /// <summary>The list, passwords redacted.</summary>
    public override string ToString() => _list.ToString();

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> VersionsAsync(string path, string prefix = "", CancellationToken cancellationToken = default) =>
        RouteAsync(path, "module " + path, s => s.VersionsAsync(path, prefix, cancellationToken), cancellationToken);

    /// <inheritdoc/>
    public Task<RevInfo> StatAsync(string path, string revision, CancellationToken cancellationToken = default) =>
        RouteAsync(path, path + "@" + revision, s => s.StatAsync(path, revision, cancellationToken), cancellationToken);

    /// <inheritdoc/>
    public Task<RevInfo> LatestAsync(string path, CancellationToken cancellationToken = default) =>
        RouteAsync(path, "module " + path, s => s.LatestAsync(path, cancellationToken), cancellationToken);

    /// <inheritdoc/>
    public Task<byte[]> GetModAsync(string path, string version, CancellationToken cancellationToken = default) =>
        RouteAsync(path, path + "@" + version, s => s.GetModAsync(path, version, cancellationToken), cancellationToken);

    /// <inheritdoc/>
    public Task DownloadZipAsync(string path, string version, Stream destination, CancellationToken cancellationToken = default) =>
        WriteZipAsync(path, version, destination, built: false, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>The hash of the entry that answered: direct mode's when it built the zip, none from a proxy.</remarks>
    public Task<string?> DownloadZipBuiltAsync(string path, string version, Stream destination, CancellationToken cancellationToken = default) =>
        WriteZipAsync(path, version, destination, built: true, cancellationToken);

    private Task<string?> WriteZipAsync(string path, string version, Stream destination, bool built, CancellationToken cancellationToken)
    {
        // A failed entry may have written part of a zip; the next one must start from the same place.
        long start = destination.CanSeek ? destination.Position : -1;
        bool first = true;
        return RouteAsync(path, path + "@" + version, async s =>
        {
            if (!first && start >= 0 && destination.Position != start)
            {
                destination.Position = start;
                destination.SetLength(start);
            }
            first = false;
            if (built && s is IZipBuildingSource builder)
                return await builder.DownloadZipBuiltAsync(path, version, destination, cancellationToken).ConfigureAwait(false);
            await s.DownloadZipAsync(path, version, destination, cancellationToken).ConfigureAwait(false);
            return (string?)null;
        }, cancellationToken);
    }

    private async Task<T> RouteAsync<T>(string path, string context, Func<IModuleSource, Task<T>> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_private is not null && PathPatterns.MatchPrefixPatterns(_private, path))
        {
            var direct = _direct?.Value ?? throw new ModuleException(DiagnosticCodes.DirectUnavailable,
                $"{context}: {PrivateEnvironmentVariable} matches this path, so it must be fetched directly (git), but direct mode is not available here; " +
                $"remove it from {PrivateEnvironmentVariable} to use {ProxyList.EnvironmentVariable}");
            return await operation(direct).ConfigureAwait(false);
        }

        // Go's ranking of errors: direct's are the most telling, then a proxy's real failure,
        // then "not found".
        const int NotFoundRank = 0, ProxyRank = 1, DirectRank = 2;
        ModuleException? best = null;
        int bestRank = NotFoundRank;
        for (int i = 0; i < _list.Entries.Count; i++)
        {
            var entry = _list.Entries[i];
            ModuleException error;
            try
            {
                IModuleSource source = entry.Kind switch
                {
                    ProxyEntryKind.Off => throw new ModuleLookupDisabledException($"{context}: module lookup disabled by {ProxyList.EnvironmentVariable}=off"),
                    ProxyEntryKind.Direct => _direct?.Value ?? throw new ModuleException(DiagnosticCodes.DirectUnavailable,
                        $"{context}: {ProxyList.EnvironmentVariable} says \"direct\" but direct mode (git) is not available here; " +
                        $"set {ProxyList.EnvironmentVariable} to a module proxy (https://..., file:///dir)"),
                    _ => _clients[i]!.Value,
                };
                return await operation(source).ConfigureAwait(false);
            }
            catch (ModuleException e)
            {
                error = e;
            }
            bool notFound = error is ModuleNotFoundException;
            if (entry.Kind == ProxyEntryKind.Direct)
            {
                best = error;
                bestRank = DirectRank;
            }
            else if (bestRank <= ProxyRank && !notFound)
            {
                best = error;
                bestRank = ProxyRank;
            }
            else if (bestRank == NotFoundRank)
            {
                best = error;
            }
            if (!entry.FallBackOnError && !notFound) break;
        }
        ExceptionDispatchInfo.Throw(best!);
        throw best!; // not reached
    }
}
