namespace ModuleSdk.ModFile;

/// <summary>
/// Attaches comments to syntax as Go's modfile does: each whole-line comment goes to the first
/// node starting after it (nodes in pre-order), each end-of-line comment to the last node on a
/// single line ending before it (nodes in post-order). What is left over goes to the file:
/// trailing whole-line comments after it, stray end-of-line comments before it.
/// </summary>
internal static class CommentAssigner
{
    public static void Assign(FileSyntax file, List<Comment> allComments)
    {
        var pre = new List<SyntaxNode>();
        var post = new List<SyntaxNode>();
        Order(file, pre, post);

        // The parser already attached whole-line comments it saw at top level and in blocks;
        // the lexer's list holds only the end-of-line ones, so whole-line assignment has nothing
        // extra to place here (Go's list of line comments is empty for the same reason).
        var suffix = allComments.Where(c => c.Suffix).ToList();

        for (int i = post.Count - 1; i >= 0; i--)
        {
            var x = post[i];
            if (x is FileSyntax) continue;
            var (start, end) = x.Span;
            // A node spanning lines (a block) does not take suffix comments: its last line does.
            if (start.Line != end.Line) continue;
            while (suffix.Count > 0 && end.Byte <= suffix[^1].Start.Byte)
            {
                x.Comments.Suffix.Add(suffix[^1]);
                suffix.RemoveAt(suffix.Count - 1);
            }
        }
        // Suffix comments were collected last-first.
        foreach (var x in post) x.Comments.Suffix.Reverse();

        file.Comments.Before.AddRange(suffix);
    }

    private static void Order(SyntaxNode x, List<SyntaxNode> pre, List<SyntaxNode> post)
    {
        pre.Add(x);
        switch (x)
        {
            case FileSyntax f:
                foreach (var s in f.Statements) Order(s, pre, post);
                break;
            case LineBlock b:
                Order(b.LParen, pre, post);
                foreach (var l in b.Lines) Order(l, pre, post);
                Order(b.RParen, pre, post);
                break;
        }
        post.Add(x);
    }
}
