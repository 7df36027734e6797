using ModuleSdk.Modules;

namespace ModuleSdk.SumDb;

/// <summary>
/// The records of a log read in bulk, by module version: what <c>sumdb audit</c> checks for a
/// version recorded twice, and what the client answers lookups from once it has read the data
/// tiles. Not thread-safe: one writer fills it, then readers only read.
/// </summary>
public sealed class RecordIndex
{
    private readonly Dictionary<ModuleId, List<(long Id, ModuleRecord Record)>> _records = [];

    /// <summary>The number of records added.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// Adds record <paramref name="id"/> (its <paramref name="text"/>, already proven to be the
    /// leaf the tree holds at that id); returns it parsed. Throws MOD6606 when it is not a
    /// record of two <c>module.sum</c> lines.
    /// </summary>
    public ModuleRecord Add(long id, ReadOnlySpan<byte> text)
    {
        var record = ModuleRecord.Parse(text);
        if (!_records.TryGetValue(record.Id, out var list)) _records[record.Id] = list = new List<(long, ModuleRecord)>(1);
        list.Add((id, record));
        Count++;
        return record;
    }

    /// <summary>Every record of <paramref name="id"/>, in log order (empty when the log read has none).</summary>
    public IReadOnlyList<(long Id, ModuleRecord Record)> Find(ModuleId id) =>
        _records.TryGetValue(id, out var list) ? list : [];

    /// <summary>Whether the records of one version disagree: a log of one hash per version must never hold two.</summary>
    public static bool Disagree(IReadOnlyList<(long Id, ModuleRecord Record)> records) =>
        records.Skip(1).Any(r => r.Record.ZipHash != records[0].Record.ZipHash || r.Record.ModHash != records[0].Record.ModHash);

    /// <summary>The versions recorded more than once, ordered by path then version (ordinal).</summary>
    public IEnumerable<(ModuleId Id, IReadOnlyList<(long Id, ModuleRecord Record)> Records)> Repeated() =>
        _records.Where(kv => kv.Value.Count > 1)
            .OrderBy(kv => kv.Key.Path, StringComparer.Ordinal).ThenBy(kv => kv.Key.Version, StringComparer.Ordinal)
            .Select(kv => (kv.Key, (IReadOnlyList<(long, ModuleRecord)>)kv.Value));
}
