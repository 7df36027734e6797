namespace ModuleSdk.ModFile;

/// <summary>The kinds of module.mod tokens.</summary>
internal enum TokenKind
{
    /// <summary>End of input.</summary>
    Eof,
    /// <summary>A comment after other tokens on its line.</summary>
    EolComment,
    /// <summary>A word: any run of printable, non-space characters other than punctuation.</summary>
    Ident,
    /// <summary>A "..." or `...` string, quotes included.</summary>
    String,
    /// <summary>A comment alone on its line.</summary>
    Comment,
    /// <summary>A newline, which ends a statement.</summary>
    Newline,
    /// <summary><c>(</c></summary>
    LParen,
    /// <summary><c>)</c></summary>
    RParen,
    /// <summary><c>[</c>, <c>]</c>, <c>{</c>, <c>}</c> or <c>,</c>: tokens of their own inside a line.</summary>
    Punct,
}

/// <summary>One token: its kind, text and span.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, Position Pos, Position EndPos)
{
    /// <summary>Whether the token ends a line (newline, end of input, or an end-of-line comment).</summary>
    public bool IsEol => Kind is TokenKind.Eof or TokenKind.EolComment or TokenKind.Newline;
}
