using ModuleSdk.Modules;
using ModuleSdk.SumDb;

namespace ModuleSdk.Tests.Trust;

/// <summary>
/// A real checksum database laid out on disk in the protocol's paths (<c>latest</c>,
/// <c>lookup/M@V</c>, <c>tile/8/L/N[.p/W]</c>, <c>tile/8/data/N</c>), built and signed with the
/// core's note and tlog primitives, so the client can be tested over <c>file://</c> without a
/// server (the end-to-end tests run it against the proxy's). <see cref="Publish"/> writes the
/// current tree; records added after are invisible until the next publish.
/// </summary>
internal sealed class FileLog
{
    private readonly List<byte[]> _records = [];
    private readonly List<LogHash> _stored = [];
    private readonly Dictionary<ModuleId, long> _ids = [];

    public FileLog(string directory, string name = "sum.test.example", (string Signer, string Verifier)? keys = null)
    {
        Directory = directory;
        Name = name;
        (SignerKey, VerifierKey) = keys ?? NoteKeys.Generate(name);
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }

    public string Name { get; }

    public string SignerKey { get; }

    public string VerifierKey { get; }

    public Uri Url => new(Directory.TrimEnd('/') + "/");

    /// <summary>The <c>MODSUMDB</c> value for this log: its key and its file URL.</summary>
    public string ModSumDb => $"{VerifierKey} {new Uri(Directory).AbsoluteUri}";

    public long Size => _records.Count;

    public FileLog Add(string path, string version, string zipHash, string modHash) =>
        Add(new ModuleRecord(path, version, zipHash, modHash));

    public FileLog Add(ModuleRecord record)
    {
        byte[] data = record.ToBytes();
        long n = _records.Count;
        var hashes = Tlog.StoredHashesAsync(n, data, HashReader.Of(_stored), default).AsTask().GetAwaiter().GetResult();
        _stored.AddRange(hashes);
        _records.Add(data);
        _ids[record.Id] = n;
        return this;
    }

    /// <summary>Writes tiles, lookups and the signed head of the current tree; returns the head.</summary>
    public byte[] Publish()
    {
        long n = _records.Count;
        var reader = HashReader.Of(_stored);
        foreach (var tile in Tile.NewTiles(Tile.DefaultHeight, 0, n))
        {
            Write(tile.Path, tile.ReadTileDataAsync(reader, default).AsTask().GetAwaiter().GetResult());
            if (tile.L == 0)
            {
                var data = tile with { L = -1 };
                Write(data.Path, Tile.FormatDataTile(_records.Skip((int)(tile.N << tile.H)).Take(tile.W)));
            }
        }
        var tree = new LogTree(n, Tlog.TreeHashAsync(n, reader, default).AsTask().GetAwaiter().GetResult());
        using var signer = NoteSigner.Parse(SignerKey);
        byte[] note = Note.Unsigned(tree.Format()).Sign(signer);
        Write("latest", note);
        foreach (var (id, index) in _ids)
            Write("lookup/" + PathEscaping.EscapePath(id.Path) + "@" + PathEscaping.EscapeVersion(id.Version),
                [.. LogRecord.Format(index, _records[(int)index]), .. note]);
        return note;
    }

    /// <summary>Replaces the stored lookup answer of a version with <paramref name="record"/> at the same id (the tampering a client must catch).</summary>
    public void TamperLookup(ModuleRecord record)
    {
        long id = _ids[record.Id];
        string file = Path.Combine(Directory, "lookup", PathEscaping.EscapePath(record.Path) + "@" + PathEscaping.EscapeVersion(record.Version));
        byte[] note = File.ReadAllBytes(Path.Combine(Directory, "latest"));
        File.WriteAllBytes(file, [.. LogRecord.Format(id, record.ToBytes()), .. note]);
    }

    private void Write(string path, byte[] data)
    {
        string file = Path.Combine(Directory, path.Replace('/', Path.DirectorySeparatorChar));
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, data);
    }
}
