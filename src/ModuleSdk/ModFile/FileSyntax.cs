namespace ModuleSdk.ModFile;

/// <summary>
/// The syntax tree of a whole module.mod file (Go's <c>modfile.FileSyntax</c>): top-level
/// statements (<see cref="Line"/>, <see cref="LineBlock"/>, <see cref="CommentBlock"/>) in file
/// order with every comment attached, so that formatting reproduces the file's content.
/// </summary>
public sealed class FileSyntax : SyntaxNode
{
    /// <summary>Creates an empty file.</summary>
    public FileSyntax(string name = "module.mod") => Name = name;

    /// <summary>The file name used in error messages.</summary>
    public string Name { get; set; }

    /// <summary>The top-level statements.</summary>
    public List<SyntaxNode> Statements { get; set; } = [];

    /// <inheritdoc/>
    public override (Position Start, Position End) Span =>
        Statements.Count == 0 ? default : (Statements[0].Span.Start, Statements[^1].Span.End);

    /// <summary>
    /// Adds a line with the given tokens (verb first). With a hint whose verb matches, the line
    /// goes after the hint inside its block (a lone hint line becomes a block). With a hint of
    /// another verb, the line goes after the hint's statement. Without a hint, the line joins
    /// the last statement with the same verb, or the end of the file.
    /// </summary>
    internal Line AddLine(SyntaxNode? hint, params string[] tokens)
    {
        string verb = tokens[0];
        if (hint is null)
        {
            for (int i = Statements.Count - 1; i >= 0 && hint is null; i--)
            {
                if (Statements[i] is Line l && l.Tokens.Count > 0 && l.Tokens[0] == verb) hint = l;
                else if (Statements[i] is LineBlock b && b.Tokens[0] == verb) hint = b;
            }
        }

        if (hint is not null)
        {
            for (int i = 0; i < Statements.Count; i++)
            {
                switch (Statements[i])
                {
                    case Line stmt when stmt == hint:
                        if (stmt.Tokens.Count == 0 || stmt.Tokens[0] != verb) return InsertAfter(i, tokens);
                        // The hint is a lone line of the same verb: turn it into a block so the new line can join it.
                        var block = new LineBlock(stmt.Tokens.Take(1)) { Comments = new Comments() };
                        stmt.Tokens = stmt.Tokens.Skip(1).ToList();
                        stmt.InBlock = true;
                        block.Lines.Add(stmt);
                        Statements[i] = block;
                        var added = new Line(tokens.Skip(1), inBlock: true);
                        block.Lines.Add(added);
                        return added;

                    case LineBlock stmt when stmt == hint:
                        if (stmt.Tokens[0] != verb) return InsertAfter(i, tokens);
                        var appended = new Line(tokens.Skip(1), inBlock: true);
                        stmt.Lines.Add(appended);
                        return appended;

                    case LineBlock stmt:
                        int j = stmt.Lines.IndexOf((hint as Line)!);
                        if (hint is Line && j >= 0)
                        {
                            if (stmt.Tokens[0] != verb) return InsertAfter(i, tokens);
                            var inserted = new Line(tokens.Skip(1), inBlock: true);
                            stmt.Lines.Insert(j + 1, inserted);
                            return inserted;
                        }
                        break;
                }
            }
        }

        var line = new Line(tokens);
        Statements.Add(line);
        return line;
    }

    private Line InsertAfter(int i, string[] tokens)
    {
        var line = new Line(tokens);
        Statements.Insert(i + 1, line);
        return line;
    }

    /// <summary>Replaces a line's tokens (verb first; the verb is dropped for a line in a block).</summary>
    internal static void UpdateLine(Line line, params string[] tokens)
    {
        line.Tokens = line.InBlock ? tokens.Skip(1).ToList() : [.. tokens];
    }

    /// <summary>
    /// Drops the lines edits marked removed, then empty blocks; a block left with one line
    /// becomes a plain line carrying the block's comments.
    /// </summary>
    public void Cleanup()
    {
        var kept = new List<SyntaxNode>(Statements.Count);
        foreach (var stmt in Statements)
        {
            switch (stmt)
            {
                case Line line when line.IsRemoved:
                    continue;
                case LineBlock block:
                    block.Lines.RemoveAll(l => l.IsRemoved);
                    if (block.Lines.Count == 0) continue;
                    if (block.Lines.Count == 1)
                    {
                        // The line itself moves out of the block, as Go's Cleanup moves it: the
                        // typed entries (a Require's Syntax) keep pointing at the line in the
                        // tree, so a later edit changes that line instead of adding a second one.
                        var only = block.Lines[0];
                        only.Tokens = [.. block.Tokens, .. only.Tokens];
                        only.InBlock = false;
                        only.Comments = new Comments
                        {
                            Before = [.. block.Comments.Before, .. only.Comments.Before],
                            Suffix = [.. only.Comments.Suffix, .. block.Comments.Suffix],
                            After = [.. only.Comments.After, .. block.Comments.After],
                        };
                        kept.Add(only);
                        continue;
                    }
                    break;
            }
            kept.Add(stmt);
        }
        Statements = kept;
    }
}
