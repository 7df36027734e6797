namespace ModuleSdk.ModFile;

/// <summary>
/// Attaches end-of-line comments to syntax as Go's modfile does: each goes to the last node
/// (in post-order) that sits on a single line and ends before it; blocks spanning lines pass
/// them to their last line. Stray ones go before the file.
/// </summary>
internal static class CommentAssigner
{
    public static void Assign(FileSyntax file, List<Comment> allComments)
    {
        var post = new List<SyntaxNode>();
        Order(file, post);

        // The parser already attached the whole-line comments (at top level and in blocks); only
        // end-of-line comments are left to place. Go's pre-order pass over line comments has
        // nothing to do for the same reason, so it is left out.
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

    private static void Order(SyntaxNode x, List<SyntaxNode> post)
    {
        switch (x)
        {
            case FileSyntax f:
                foreach (var s in f.Statements) Order(s, post);
                break;
            case LineBlock b:
                Order(b.LParen, post);
                foreach (var l in b.Lines) Order(l, post);
                Order(b.RParen, post);
                break;
        }
        post.Add(x);
    }
}
