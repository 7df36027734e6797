using System.Globalization;
using System.Text;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.SumDb;

/// <summary>
/// A record of the log as a lookup answers it (Go's <c>tlog.FormatRecord</c>/<c>ParseRecord</c>):
/// the record id on a line, the record text (lines, each ending in a newline, no blank line, no
/// control characters), then a blank line; after that comes the signed tree note.
/// </summary>
public static class LogRecord
{
    /// <summary>Formats <c>id\ntext\n</c>; throws MOD6606 when the text is not valid record text.</summary>
    public static byte[] Format(long id, ReadOnlySpan<byte> text)
    {
        if (!IsValidText(text)) throw Malformed();
        var buffer = new MemoryStream();
        buffer.Write(Encoding.ASCII.GetBytes(id.ToString(CultureInfo.InvariantCulture) + "\n"));
        buffer.Write(text);
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>
    /// Parses a lookup answer: the record id, its text and the rest (<c>Signed</c>: the signed tree note);
    /// throws MOD6606 when it is malformed.
    /// </summary>
    public static (long Id, byte[] Text, byte[] Signed) Parse(ReadOnlySpan<byte> message)
    {
        int i = message.IndexOf((byte)'\n');
        if (i < 0) throw Malformed();
        if (!long.TryParse(Encoding.ASCII.GetString(message[..i]), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long id)) throw Malformed();
        message = message[(i + 1)..];
        i = message.IndexOf("\n\n"u8);
        if (i < 0) throw Malformed();
        var text = message[..(i + 1)];
        if (!IsValidText(text)) throw Malformed();
        return (id, text.ToArray(), message[(i + 2)..].ToArray());
    }

    /// <summary>
    /// Reports whether <paramref name="text"/> is valid record text: UTF-8, no control characters
    /// but newlines, no blank line, ending in a newline.
    /// </summary>
    public static bool IsValidText(ReadOnlySpan<byte> text)
    {
        string s;
        try
        {
            s = new UTF8Encoding(false, true).GetString(text);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        char last = '\0';
        foreach (char c in s)
        {
            if ((c < 0x20 && c != '\n') || (last == '\n' && c == '\n')) return false;
            last = c;
        }
        return last == '\n';
    }

    private static ModuleException Malformed() => new(DiagnosticCodes.SumDbRecordMalformed, "malformed record data");
}
