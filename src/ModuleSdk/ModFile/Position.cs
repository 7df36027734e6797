using System.Text;

namespace ModuleSdk.ModFile;

/// <summary>
/// A place in a module.mod file: 1-based line, 1-based column counted in Unicode code points
/// (Go's <c>LineRune</c>), and 0-based byte offset into the UTF-8 text.
/// </summary>
/// <param name="Line">The line, starting at 1.</param>
/// <param name="Column">The code point in the line, starting at 1.</param>
/// <param name="Byte">The UTF-8 byte offset, starting at 0.</param>
public readonly record struct Position(int Line, int Column, int Byte)
{
    /// <summary>The position of the first character of a file.</summary>
    public static Position Start => new(1, 1, 0);

    /// <summary>The position just past <paramref name="s"/>, assuming it starts here.</summary>
    public Position Add(string s)
    {
        int line = Line, col = Column;
        int bytes = Byte + Encoding.UTF8.GetByteCount(s);
        int lastNewline = s.LastIndexOf('\n');
        if (lastNewline >= 0)
        {
            foreach (char c in s) if (c == '\n') line++;
            col = 1;
            s = s[(lastNewline + 1)..];
        }
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            col++;
        }
        return new Position(line, col, bytes);
    }
}
