using ModuleSdk.Proxy.Storage;

namespace ModuleSdk.Proxy.Index;

/// <summary>
/// At start-up, in the background: appends to the index every stored version it lacks (versions
/// stored before the index existed, or whose append failed or was cut short by a crash), so that
/// every stored version is in the index once.
/// </summary>
public sealed class IndexBackfill(IndexingStorage storage, VersionIndex index, ILogger<IndexBackfill> log) : BackgroundService
{
    /// <summary>Completes when the first pass is over (tests).</summary>
    public Task Done => _done.Task;

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            int added = 0;
            await foreach (var id in storage.Inner.ListAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (await index.AppendAsync(id.Path, id.Version, stoppingToken).ConfigureAwait(false) is not null) added++;
            }
            if (added > 0) log.LogInformation("index: appended {Count} stored versions it lacked", added);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogError("index: the start-up pass over the stored versions failed: {Error}", e.Message);
        }
        finally
        {
            _done.TrySetResult();
        }
    }
}
