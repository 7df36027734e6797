using System.Globalization;
using System.Text;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.SumDb;

/// <summary>
/// A tree head (Go's <c>tlog.Tree</c>): the log's size <see cref="N"/> and the hash of the tree of
/// its first N records. Its note text, which the database signs, is
/// <c>go.sum database tree\n&lt;N&gt;\n&lt;base64 hash&gt;\n</c>.
/// </summary>
public readonly record struct LogTree(long N, LogHash Hash)
{
    private const string Prefix = "go.sum database tree\n";

    /// <summary>The note text of the tree.</summary>
    public string Format() => $"{Prefix}{N.ToString(CultureInfo.InvariantCulture)}\n{Hash}\n";

    /// <summary>
    /// Parses a tree note's text (extra lines after the hash are allowed, as Go allows them for
    /// future use); throws MOD6605 otherwise.
    /// </summary>
    public static LogTree Parse(string text)
    {
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text.Count(c => c == '\n') < 3 || text.Length > 1_000_000)
            throw Malformed();
        var lines = text.Split('\n', 4);
        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out long n)
            || n < 0 || lines[1] != n.ToString(CultureInfo.InvariantCulture))
            throw Malformed();
        if (!LogHash.TryParse(lines[2], out var hash)) throw Malformed();
        return new LogTree(n, hash);
    }

    /// <summary>Parses the text of a verified note (<see cref="Note.Text"/>).</summary>
    public static LogTree Parse(Note note) => Parse(note.Text);

    private static ModuleException Malformed() => new(DiagnosticCodes.SumDbTreeMalformed, "malformed tree note");

    /// <summary>The note text's bytes (UTF-8).</summary>
    public byte[] FormatBytes() => Encoding.UTF8.GetBytes(Format());
}
