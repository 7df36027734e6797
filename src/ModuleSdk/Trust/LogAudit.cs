using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.SumDb;

namespace ModuleSdk.Trust;

/// <summary>What an audit of a whole log found.</summary>
/// <param name="Tree">The signed tree audited.</param>
/// <param name="Records">The number of records read.</param>
/// <param name="Tiles">The number of tiles checked (hash and data).</param>
/// <param name="Problems">What is wrong, one line each (empty when the log is sound).</param>
/// <param name="Duplicates">Module versions the log records more than once with different hashes.</param>
public sealed record LogAuditResult(LogTree Tree, long Records, int Tiles, IReadOnlyList<string> Problems, IReadOnlyList<string> Duplicates)
{
    /// <summary>Whether the log is sound: every tile matches the signed head and each version has one hash.</summary>
    public bool Sound => Problems.Count == 0 && Duplicates.Count == 0;
}

/// <summary>
/// <c>dotnet mod sumdb audit</c>: what an independent auditor of a public log does. Fetches the
/// signed head (checked against the timeline this machine saw before, as a lookup is), then
/// every data tile of the tree; recomputes the whole Merkle tree from the records and requires
/// its hash to be the signed one; compares every published hash tile with the recomputed one;
/// and reports any module version recorded with two different hashes, which an append-only log
/// of one hash per version must never hold.
/// </summary>
public static class LogAudit
{
    /// <summary>Audits the database <paramref name="client"/> reads.</summary>
    public static async Task<LogAuditResult> RunAsync(SumDbClient client, CancellationToken cancellationToken)
    {
        var tree = await client.RefreshLatestAsync(cancellationToken).ConfigureAwait(false);
        var tiles = await client.UncachedTilesAsync(cancellationToken).ConfigureAwait(false);
        var problems = new List<string>();
        var stored = new List<LogHash>();
        var index = new RecordIndex();
        int checkedTiles = 0;
        long id = 0;
        var all = Tile.NewTiles(Tile.DefaultHeight, 0, tree.N);
        foreach (var dataTile in DataTiles.Of(tree.N, 0))
        {
            byte[] data = (await tiles.ReadTilesAsync([dataTile], cancellationToken).ConfigureAwait(false))[0];
            checkedTiles++;
            IReadOnlyList<byte[]> records;
            try
            {
                records = DataTiles.Split(dataTile, data);
            }
            catch (ModuleException e)
            {
                problems.Add($"{dataTile.Path}: {e.Message}");
                return new LogAuditResult(tree, id, checkedTiles, problems, []);
            }
            foreach (var text in records)
            {
                stored.AddRange(await Tlog.StoredHashesAsync(id, text, HashReader.Of(stored), cancellationToken).ConfigureAwait(false));
                try
                {
                    index.Add(id, text);
                }
                catch (ModuleException e)
                {
                    problems.Add($"record {id}: {e.Message}");
                }
                id++;
            }
        }

        var reader = HashReader.Of(stored);
        var hash = await Tlog.TreeHashAsync(tree.N, reader, cancellationToken).ConfigureAwait(false);
        if (hash != tree.Hash)
            problems.Add($"the records do not hash to the signed tree: tree#{tree.N} is signed as {tree.Hash}, the records give {hash}");

        // Every published hash tile must be the one the records give (and so the signed head).
        foreach (var tile in all)
        {
            byte[] published;
            try
            {
                published = (await tiles.ReadTilesAsync([tile], cancellationToken).ConfigureAwait(false))[0];
            }
            catch (ModuleException e)
            {
                problems.Add($"{tile.Path}: {e.Message}");
                continue;
            }
            checkedTiles++;
            byte[] expected = await tile.ReadTileDataAsync(reader, cancellationToken).ConfigureAwait(false);
            if (!published.AsSpan().SequenceEqual(expected)) problems.Add($"{tile.Path}: does not match the tree the records give");
        }

        var duplicates = new List<string>();
        foreach (var (version, list) in index.Repeated())
        {
            var line = new StringBuilder($"{version.Path} {version.Version}: ");
            bool differ = RecordIndex.Disagree(list);
            line.Append(differ ? "two hashes in the log: " : "recorded twice (same hashes): ");
            line.AppendJoin(", ", list.Select(l => $"record {l.Id}: {l.Record.ZipHash} {l.Record.ModHash}"));
            if (differ) duplicates.Add(line.ToString());
            else problems.Add(line.ToString());
        }
        return new LogAuditResult(tree, id, checkedTiles, problems, duplicates);
    }
}
