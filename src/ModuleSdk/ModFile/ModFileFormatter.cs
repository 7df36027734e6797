using System.Text;

namespace ModuleSdk.ModFile;

/// <summary>
/// Prints a syntax tree in canonical form, byte for byte as Go's modfile printer
/// (<c>go mod edit -fmt</c>): one space between tokens (none inside <c>[ ]</c> or before
/// <c>,</c>), block lines indented by one tab, a blank line between top-level statements,
/// whole-line comments at the current indentation, end-of-line comments after one space,
/// no trailing spaces, and a final newline.
/// </summary>
public static class ModFileFormatter
{
    /// <summary>Formats <paramref name="file"/>.</summary>
    public static string Format(FileSyntax file)
    {
        var p = new Printer();
        p.File(file);
        return p.ToString();
    }

    private sealed class Printer
    {
        private readonly StringBuilder _out = new();
        private readonly List<Comment> _pending = []; // end-of-line comments waiting for the line's end
        private int _margin;

        public override string ToString() => _out.ToString();

        /// <summary>How far into the current line the output is.</summary>
        private int Indent()
        {
            int n = 0;
            while (n < _out.Length && _out[_out.Length - 1 - n] != '\n') n++;
            return n;
        }

        /// <summary>Ends the current line: flushes pending comments, trims, and indents the next one.</summary>
        private void Newline()
        {
            if (_pending.Count > 0)
            {
                _out.Append(' ');
                for (int i = 0; i < _pending.Count; i++)
                {
                    if (i > 0)
                    {
                        Trim();
                        _out.Append('\n');
                        _out.Append('\t', _margin);
                    }
                    _out.Append(_pending[i].Token.Trim());
                }
                _pending.Clear();
            }
            Trim();
            _out.Append('\n');
            _out.Append('\t', _margin);
        }

        private void Trim()
        {
            int n = _out.Length;
            while (n > 0 && _out[n - 1] is ' ' or '\t') n--;
            _out.Length = n;
        }

        public void File(FileSyntax f)
        {
            foreach (var c in f.Comments.Before)
            {
                _out.Append(c.Token.Trim());
                Newline();
            }
            for (int i = 0; i < f.Statements.Count; i++)
            {
                var stmt = f.Statements[i];
                Expr(stmt);
                // A comment block's comments are its "before" comments, already printed with their newlines.
                if (stmt is not CommentBlock) Newline();
                foreach (var c in stmt.Comments.After)
                {
                    _out.Append(c.Token.Trim());
                    Newline();
                }
                if (i + 1 < f.Statements.Count) Newline();
            }
        }

        private void Expr(SyntaxNode x)
        {
            if (x.Comments.Before.Count > 0)
            {
                // Whole-line comments start on a line of their own, at the margin.
                Trim();
                if (Indent() > 0) _out.Append('\n');
                _out.Append('\t', _margin);
                foreach (var c in x.Comments.Before)
                {
                    _out.Append(c.Token.Trim());
                    Newline();
                }
            }

            switch (x)
            {
                case CommentBlock:
                    break;
                case Paren paren:
                    // The printer only meets parens through their block, which knows which one it is.
                    throw new InvalidOperationException($"unexpected paren at {paren.Pos}");
                case Line line:
                    Tokens(line.Tokens);
                    break;
                case LineBlock block:
                    Tokens(block.Tokens);
                    _out.Append(' ');
                    ParenExpr(block.LParen, '(');
                    _margin++;
                    foreach (var l in block.Lines)
                    {
                        Newline();
                        Expr(l);
                    }
                    _margin--;
                    Newline();
                    ParenExpr(block.RParen, ')');
                    break;
                default:
                    throw new InvalidOperationException($"unexpected syntax node {x.GetType().Name}");
            }

            _pending.AddRange(x.Comments.Suffix);
        }

        private void ParenExpr(Paren paren, char c)
        {
            if (paren.Comments.Before.Count > 0)
            {
                Trim();
                if (Indent() > 0) _out.Append('\n');
                _out.Append('\t', _margin);
                foreach (var com in paren.Comments.Before)
                {
                    _out.Append(com.Token.Trim());
                    Newline();
                }
            }
            _out.Append(c);
            _pending.AddRange(paren.Comments.Suffix);
        }

        private void Tokens(List<string> tokens)
        {
            string sep = "";
            foreach (var t in tokens)
            {
                if (t is "," or ")" or "]" or "}") sep = "";
                _out.Append(sep).Append(t);
                sep = t is "(" or "[" or "{" ? "" : " ";
            }
        }
    }
}
