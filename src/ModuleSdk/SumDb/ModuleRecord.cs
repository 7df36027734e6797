using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Sums;

namespace ModuleSdk.SumDb;

/// <summary>
/// The record the checksum database keeps for one module version: its two <c>module.sum</c>
/// lines, the zip's hash then the module file's (<c>path version h1:...</c>,
/// <c>path version/go.mod h1:...</c>), as Go's lookup returns them. The go command's protocol
/// spells the module file <c>go.mod</c>, and so does this record, so that Go clients and
/// ModuleSdk clients check the same log.
/// </summary>
/// <param name="Path">The module path.</param>
/// <param name="Version">The canonical version.</param>
/// <param name="ZipHash">The <c>h1:</c> hash of the module zip.</param>
/// <param name="ModHash">The <c>h1:</c> hash of the module file.</param>
public sealed record ModuleRecord(string Path, string Version, string ZipHash, string ModHash)
{
    /// <summary>The suffix of the module file's line in the record, as the go command writes it.</summary>
    public const string ModSuffix = "/go.mod";

    /// <summary>
    /// The hash the record's module file line carries: Hash1 of the content under the name
    /// <c>go.mod</c>, as the go command computes it (a <c>module.sum</c>'s <c>/module.mod</c> line
    /// hashes the same bytes under <c>module.mod</c>; a client compares the bytes it downloaded
    /// against this hash).
    /// </summary>
    public static string HashModFile(ReadOnlySpan<byte> content) => Hash1.HashModFile(content, "go.mod");

    /// <summary>The record of a version from its zip's hash and its module file's bytes.</summary>
    public static ModuleRecord From(string path, string version, string zipHash, ReadOnlySpan<byte> modFile) =>
        new(path, version, zipHash, HashModFile(modFile));

    /// <summary>The module version.</summary>
    public ModuleId Id => new(Path, Version);

    /// <summary>The record's text: the two lines, each ending in a newline.</summary>
    public string Text => $"{Path} {Version} {ZipHash}\n{Path} {Version}{ModSuffix} {ModHash}\n";

    /// <summary>The record's text as UTF-8, what the log hashes.</summary>
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(Text);

    /// <summary>The two lines as <c>module.sum</c> entries (the module file's line ends in <paramref name="modSuffix"/>).</summary>
    public IReadOnlyList<SumEntry> Entries(string modSuffix = ModSuffix) =>
        [new SumEntry(Path, Version, ZipHash), new SumEntry(Path, Version + modSuffix, ModHash)];

    /// <summary>
    /// Parses record text that must be exactly the two lines of <paramref name="expected"/> (when
    /// given); throws MOD6606 otherwise. Go's client only looks for the lines it needs; a record
    /// of this log holds exactly these two, so anything else is refused.
    /// </summary>
    public static ModuleRecord Parse(ReadOnlySpan<byte> text, ModuleId? expected = null)
    {
        if (!LogRecord.IsValidText(text)) throw Malformed("not valid record text");
        var lines = Encoding.UTF8.GetString(text).Split('\n');
        if (lines.Length != 3 || lines[2].Length != 0) throw Malformed("a record has two lines");
        var zip = lines[0].Split(' ');
        var mod = lines[1].Split(' ');
        if (zip.Length != 3 || mod.Length != 3) throw Malformed("a line has three fields");
        if (zip[0] != mod[0] || mod[1] != zip[1] + ModSuffix) throw Malformed("the lines name different module versions");
        if (!Hash1.IsValid(zip[2]) || !Hash1.IsValid(mod[2])) throw Malformed("a hash is not h1:");
        var record = new ModuleRecord(zip[0], zip[1], zip[2], mod[2]);
        if (expected is { } e && record.Id != e) throw Malformed($"the record is for {record.Id}, not {e}");
        return record;
    }

    private static ModuleException Malformed(string why) =>
        new(DiagnosticCodes.SumDbRecordMalformed, "malformed record data: " + why);
}
