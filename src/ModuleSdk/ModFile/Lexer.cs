using ModuleSdk.Modules;

namespace ModuleSdk.ModFile;

/// <summary>
/// Splits module.mod text into tokens (Go's modfile lexer): spaces, tabs and carriage returns
/// separate tokens; a newline ends a statement; <c>//</c> starts a comment running to the end
/// of the line (<c>/*</c> is an error); <c>( ) [ ] { } ,</c> are tokens of their own; strings
/// are <c>"..."</c> with backslash escapes or <c>`...`</c>; everything else printable is a word
/// (so <c>=&gt;</c> is a word too). Positions count lines, code points and UTF-8 bytes.
/// </summary>
internal sealed class Lexer
{
    private readonly string _text;
    private int _i;
    private int _lineStart; // index of the first character of the current line
    private Position _pos = Position.Start;

    public Lexer(string text) => _text = text;

    /// <summary>The end-of-line comments seen so far (whole-line ones go to the parser as tokens).</summary>
    public List<Comment> SuffixComments { get; } = [];

    private bool Eof => _i >= _text.Length;

    private int PeekRune() => Eof ? 0 : GoQuote.RuneAt(_text, _i);

    private bool PeekPrefix(string prefix) => _i + prefix.Length <= _text.Length && string.CompareOrdinal(_text, _i, prefix, 0, prefix.Length) == 0;

    private int ReadRune()
    {
        int r = PeekRune();
        int width = char.IsHighSurrogate(_text[_i]) && _i + 1 < _text.Length && char.IsLowSurrogate(_text[_i + 1]) ? 2 : 1;
        _i += width;
        if (r == '\n')
        {
            _pos = new Position(_pos.Line + 1, 1, _pos.Byte + 1);
            _lineStart = _i;
        }
        else
        {
            _pos = new Position(_pos.Line, _pos.Column + 1, _pos.Byte + Utf8Width(r));
        }
        return r;
    }

    private static int Utf8Width(int r) => r < 0x80 ? 1 : r < 0x800 ? 2 : r < 0x10000 ? 3 : 4;

    private ModFileSyntaxException Error(string message) => new(_pos, message);

    /// <summary>Reads the next token.</summary>
    public Token Next()
    {
        while (!Eof)
        {
            int c = PeekRune();
            if (c is ' ' or '\t' or '\r')
            {
                ReadRune();
                continue;
            }
            if (PeekPrefix("//"))
            {
                var start = _pos;
                int startIndex = _i;
                // A comment is a whole-line comment when only spaces precede it on its line.
                bool suffix = !string.IsNullOrWhiteSpace(_text[_lineStart.._i]);
                while (!Eof && ReadRune() != '\n') { }
                string text = _text[startIndex.._i];
                text = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
                if (!suffix) return new Token(TokenKind.Comment, text, start, _pos);
                SuffixComments.Add(new Comment(start, text, Suffix: true));
                return new Token(TokenKind.EolComment, text, start, _pos);
            }
            if (PeekPrefix("/*")) throw Error("mod files must use // comments (not /* */ comments)");
            break;
        }

        var tokStart = _pos;
        int tokIndex = _i;
        if (Eof) return new Token(TokenKind.Eof, "", tokStart, tokStart);

        int ch = PeekRune();
        switch (ch)
        {
            case '\n':
                ReadRune();
                return new Token(TokenKind.Newline, "\n", tokStart, _pos);
            case '(':
                ReadRune();
                return new Token(TokenKind.LParen, "(", tokStart, _pos);
            case ')':
                ReadRune();
                return new Token(TokenKind.RParen, ")", tokStart, _pos);
            case '[' or ']' or '{' or '}' or ',':
                ReadRune();
                return new Token(TokenKind.Punct, ((char)ch).ToString(), tokStart, _pos);
            case '"' or '`':
                ReadRune();
                while (true)
                {
                    if (Eof) throw new ModFileSyntaxException(tokStart, "unexpected EOF in string");
                    if (PeekRune() == '\n') throw Error("unexpected newline in string");
                    int r = ReadRune();
                    if (r == ch) break;
                    if (r == '\\' && ch != '`')
                    {
                        if (Eof) throw new ModFileSyntaxException(tokStart, "unexpected EOF in string");
                        ReadRune();
                    }
                }
                return new Token(TokenKind.String, _text[tokIndex.._i], tokStart, _pos);
        }

        if (!IsIdent(ch)) throw Error($"unexpected input character {GoQuote.QuoteRune(ch)}");
        while (!Eof && IsIdent(PeekRune()))
        {
            if (PeekPrefix("//")) break;
            if (PeekPrefix("/*")) throw Error("mod files must use // comments (not /* */ comments)");
            ReadRune();
        }
        return new Token(TokenKind.Ident, _text[tokIndex.._i], tokStart, _pos);
    }

    /// <summary>Whether a code point can be part of a word: printable, not space, not punctuation.</summary>
    internal static bool IsIdent(int c) => c switch
    {
        ' ' or '(' or ')' or '[' or ']' or '{' or '}' or ',' => false,
        _ => !GoQuote.IsSpace(c) && GoQuote.IsPrint(c),
    };
}
