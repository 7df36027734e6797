using System.Net;
using System.Text;
using ModuleSdk.Modules;
using ModuleSdk.SumDb;

namespace ModuleSdk.Proxy.Tests.SumDb;

/// <summary>
/// A minimal checksum database client for the tests, built on the core's primitives (the real
/// client is the engine's): verifies the signed head, reads tiles over HTTP through a
/// <see cref="TileHashReader"/> and checks inclusion and consistency proofs.
/// </summary>
internal sealed class SumDbClient(HttpClient http, string baseUrl, string verifierKey)
{
    private readonly NoteVerifier _verifier = NoteVerifier.Parse(verifierKey);

    public string BaseUrl { get; } = baseUrl.TrimEnd('/');

    public int TileRequests { get; private set; }

    public async Task<LogTree> LatestAsync()
    {
        var note = Note.Open(await http.GetByteArrayAsync(BaseUrl + "/latest"), [_verifier]);
        return LogTree.Parse(note);
    }

    /// <summary>Looks a version up and checks the record is in the signed tree; returns the record, its id and the tree.</summary>
    public async Task<(ModuleRecord Record, long Id, LogTree Tree)> LookupAsync(string path, string version)
    {
        using var res = await http.GetAsync($"{BaseUrl}/lookup/{PathEscaping.EscapePath(path)}@{PathEscaping.EscapeVersion(version)}");
        byte[] body = await res.Content.ReadAsByteArrayAsync();
        if (res.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"lookup {path}@{version}: {(int)res.StatusCode} {Encoding.UTF8.GetString(body)}", null, res.StatusCode);
        var (id, text, signed) = LogRecord.Parse(body);
        var tree = LogTree.Parse(Note.Open(signed, [_verifier]));
        var record = ModuleRecord.Parse(text, new ModuleId(path, version));
        var reader = new TileHashReader(tree, new Tiles(this));
        var proof = await Tlog.ProveRecordAsync(tree.N, id, reader, default);
        Tlog.CheckRecord(proof, tree.N, tree.Hash, id, Tlog.RecordHash(text));
        return (record, id, tree);
    }

    /// <summary>Checks that <paramref name="older"/> is a prefix of <paramref name="newer"/> with the server's tiles.</summary>
    public async Task CheckConsistentAsync(LogTree older, LogTree newer)
    {
        var reader = new TileHashReader(newer, new Tiles(this));
        var proof = await Tlog.ProveTreeAsync(newer.N, older.N, reader, default);
        Tlog.CheckTree(proof, newer.N, newer.Hash, older.N, older.Hash);
    }

    public async Task<byte[]> TileAsync(Tile t)
    {
        TileRequests++;
        return await http.GetByteArrayAsync(BaseUrl + "/" + t.Path);
    }

    private sealed class Tiles(SumDbClient client) : ITileReader
    {
        public int Height => Tile.DefaultHeight;

        public async ValueTask<IReadOnlyList<byte[]>> ReadTilesAsync(IReadOnlyList<Tile> tiles, CancellationToken cancellationToken)
        {
            var list = new List<byte[]>();
            foreach (var t in tiles) list.Add(await client.TileAsync(t));
            return list;
        }

        public void SaveTiles(IReadOnlyList<Tile> tiles, IReadOnlyList<byte[]> data)
        {
        }
    }
}
