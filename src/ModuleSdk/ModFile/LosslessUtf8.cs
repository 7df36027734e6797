using System.Text;

namespace ModuleSdk.ModFile;

/// <summary>
/// UTF-8 that round-trips any bytes (Python's "surrogateescape"): each byte of an invalid
/// sequence decodes to the lone surrogate U+DC80–U+DCFF and encodes back to itself. Valid UTF-8
/// never decodes to a lone surrogate, so nothing is ambiguous. <c>module.mod</c> and
/// <c>module.sum</c> are read and written with it so that an edit changes only what it edits: Go
/// keeps invalid bytes in comments and lines as they are, where .NET's decoder would replace them
/// with U+FFFD and the next write would change the file.
/// </summary>
public static class LosslessUtf8
{
    private const char EscapeBase = '\uDC00';

    /// <summary>Decodes <paramref name="bytes"/>, escaping the bytes of invalid sequences.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        // The common case, valid UTF-8 throughout, is .NET's own decoder.
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
        var sb = new StringBuilder(bytes.Length);
        Span<char> pair = stackalloc char[2];
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out int consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                int n = rune.EncodeToUtf16(pair);
                sb.Append(pair[..n]);
            }
            else
            {
                for (int i = 0; i < consumed; i++) sb.Append((char)(EscapeBase + bytes[i]));
            }
            bytes = bytes[consumed..];
        }
        return sb.ToString();
    }

    /// <summary>Encodes <paramref name="text"/>, turning escaped bytes back into themselves.</summary>
    public static byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool escaped = false;
        foreach (char c in text)
        {
            if (c is >= '\uDC80' and <= '\uDCFF') { escaped = true; break; }
        }
        if (!escaped) return Encoding.UTF8.GetBytes(text);
        var output = new List<byte>(text.Length + 16);
        Span<byte> buffer = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                int n = new Rune(c, text[i + 1]).EncodeToUtf8(buffer);
                for (int k = 0; k < n; k++) output.Add(buffer[k]);
                i++;
            }
            else if (c is >= '\uDC80' and <= '\uDCFF')
            {
                output.Add((byte)(c - EscapeBase));
            }
            else
            {
                int n = (char.IsSurrogate(c) ? Rune.ReplacementChar : new Rune(c)).EncodeToUtf8(buffer);
                for (int k = 0; k < n; k++) output.Add(buffer[k]);
            }
        }
        return output.ToArray();
    }

    /// <summary>Reads a file losslessly.</summary>
    public static string ReadFile(string path) => Decode(File.ReadAllBytes(path));
}
