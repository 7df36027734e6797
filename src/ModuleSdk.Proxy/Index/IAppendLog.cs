namespace ModuleSdk.Proxy.Index;

/// <summary>
/// A log of text lines in the proxy's storage that only grows: the version index, a mirror's
/// checksum record and its cursor. Appends are exclusive across threads and instances sharing
/// the storage (a lock file on disk, an append position condition in Azure Blob Storage), and
/// the appender decides what to append after seeing every line already there, so whatever it
/// derives from them (the next timestamp, "already recorded") holds when its line lands.
/// Readers never see a partial line. Implementations are thread-safe.
/// </summary>
public interface IAppendLog
{
    /// <summary>The complete lines from the <paramref name="from"/>th on (0: all), oldest first.</summary>
    Task<IReadOnlyList<string>> ReadAsync(int from, CancellationToken cancellationToken);

    /// <summary>
    /// Appends the line <paramref name="decide"/> returns (null: nothing) while no other appender
    /// can; <paramref name="decide"/> sees every line already there and may be called again when
    /// another instance appended first.
    /// </summary>
    Task<string?> AppendAsync(Func<IReadOnlyList<string>, string?> decide, CancellationToken cancellationToken);
}
