namespace ModuleSdk.ModFile;

/// <summary>
/// Builds a <see cref="FileSyntax"/> from module.mod text (Go's modfile <c>parse</c>). The
/// grammar is line based: a statement is the tokens up to the end of its line; a statement
/// whose line ends in <c>(</c> opens a block of lines closed by <c>)</c> alone on a line.
/// Parsing stops at the first syntax error, as Go's does; comments are attached afterwards
/// by <see cref="CommentAssigner"/>.
/// </summary>
internal sealed class SyntaxParser
{
    private readonly Lexer _lexer;
    private readonly string _fileName;
    private readonly List<Comment> _lineComments = [];
    private Token _next;
    private FileSyntax _file = null!;

    private SyntaxParser(string fileName, string text)
    {
        _fileName = fileName;
        _lexer = new Lexer(text);
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ModFileSyntaxException"/> at the first syntax error.</summary>
    public static FileSyntax Parse(string fileName, string text)
    {
        var parser = new SyntaxParser(fileName, text);
        parser._next = parser._lexer.Next();
        parser.ParseFile();
        parser._file.Name = fileName;
        CommentAssigner.Assign(parser._file, parser._lexer.SuffixComments);
        return parser._file;
    }

    private Token Peek => _next;

    private Token Lex()
    {
        var tok = _next;
        _next = _lexer.Next();
        return tok;
    }

    private void ParseFile()
    {
        _file = new FileSyntax(_fileName);
        CommentBlock? cb = null;
        while (true)
        {
            switch (Peek.Kind)
            {
                case TokenKind.Newline:
                    Lex();
                    if (cb is not null)
                    {
                        _file.Statements.Add(cb);
                        cb = null;
                    }
                    break;
                case TokenKind.Comment:
                    var tok = Lex();
                    cb ??= new CommentBlock { Start = tok.Pos };
                    cb.Comments.Before.Add(new Comment(tok.Pos, tok.Text));
                    break;
                case TokenKind.Eof:
                    if (cb is not null) _file.Statements.Add(cb);
                    return;
                default:
                    ParseStatement();
                    if (cb is not null)
                    {
                        // Comments directly above a statement (no blank line between) belong to it.
                        _file.Statements[^1].Comments.Before = cb.Comments.Before;
                        cb = null;
                    }
                    break;
            }
        }
    }

    private void ParseStatement()
    {
        var first = Lex();
        var start = first.Pos;
        var end = first.EndPos;
        var tokens = new List<string> { first.Text };
        while (true)
        {
            var tok = Lex();
            if (tok.IsEol)
            {
                _file.Statements.Add(new Line(tokens) { Start = start, End = end });
                return;
            }
            if (tok.Kind == TokenKind.LParen)
            {
                if (Peek.IsEol)
                {
                    _file.Statements.Add(ParseLineBlock(start, tokens, tok));
                    return;
                }
                if (Peek.Kind == TokenKind.RParen)
                {
                    var rparen = Lex();
                    if (Peek.IsEol)
                    {
                        // "verb ( )" on one line: an empty block.
                        Lex();
                        _file.Statements.Add(new LineBlock(tokens)
                        {
                            Start = start,
                            LParen = new Paren { Pos = tok.Pos },
                            RParen = new Paren { Pos = rparen.Pos },
                        });
                        return;
                    }
                    // "( )" in the middle of a line is just two tokens; Go does not move the line's end here.
                    tokens.Add(tok.Text);
                    tokens.Add(rparen.Text);
                }
                else
                {
                    tokens.Add(tok.Text);
                }
                continue;
            }
            tokens.Add(tok.Text);
            end = tok.EndPos;
        }
    }

    private LineBlock ParseLineBlock(Position start, List<string> tokens, Token lparen)
    {
        var block = new LineBlock(tokens) { Start = start, LParen = new Paren { Pos = lparen.Pos } };
        var comments = new List<Comment>();
        while (true)
        {
            switch (Peek.Kind)
            {
                case TokenKind.EolComment:
                    Lex(); // attached later by the comment assigner
                    break;
                case TokenKind.Newline:
                    Lex();
                    // A blank line inside a block is kept as an empty comment, once per run of blank lines.
                    if ((comments.Count == 0 && block.Lines.Count > 0) || (comments.Count > 0 && comments[^1].Token.Length != 0))
                        comments.Add(new Comment(default, ""));
                    break;
                case TokenKind.Comment:
                    var c = Lex();
                    comments.Add(new Comment(c.Pos, c.Text));
                    break;
                case TokenKind.Eof:
                    throw new ModFileSyntaxException(Peek.EndPos, $"syntax error (unterminated block started at {_fileName}:{start.Line}:{start.Column})");
                case TokenKind.RParen:
                    var rparen = Lex();
                    block.RParen = new Paren { Pos = rparen.Pos, Comments = new Comments { Before = comments } };
                    if (!Peek.IsEol) throw new ModFileSyntaxException(Peek.EndPos, "syntax error (expected newline after closing paren)");
                    Lex();
                    return block;
                default:
                    var line = ParseLine();
                    line.Comments.Before = comments;
                    comments = [];
                    block.Lines.Add(line);
                    break;
            }
        }
    }

    private Line ParseLine()
    {
        var first = Lex();
        var start = first.Pos;
        var end = first.EndPos;
        var tokens = new List<string> { first.Text };
        while (true)
        {
            var tok = Lex();
            if (tok.IsEol) return new Line(tokens, inBlock: true) { Start = start, End = end };
            tokens.Add(tok.Text);
            end = tok.EndPos;
        }
    }
}
