namespace ModuleSdk.ModFile;

/// <summary>
/// One statement line: its tokens as written (quoted tokens keep their quotes). Inside a block
/// the verb is not repeated: <c>require ( a v1 )</c> holds lines <c>[a, v1]</c> with
/// <see cref="InBlock"/> set. An edit marks a line removed by emptying its tokens;
/// <see cref="FileSyntax.Cleanup"/> then drops it.
/// </summary>
public sealed class Line : SyntaxNode
{
    /// <summary>Creates a line from tokens.</summary>
    public Line(IEnumerable<string> tokens, bool inBlock = false)
    {
        Tokens = [.. tokens];
        InBlock = inBlock;
    }

    /// <summary>Where the first token starts.</summary>
    public Position Start { get; set; }

    /// <summary>Where the last token ends.</summary>
    public Position End { get; set; }

    /// <summary>The tokens; empty when an edit removed the line.</summary>
    public List<string> Tokens { get; set; }

    /// <summary>Whether the line is inside a block (and so lacks the verb).</summary>
    public bool InBlock { get; set; }

    /// <summary>Whether an edit removed this line (it has no tokens left).</summary>
    public bool IsRemoved => Tokens.Count == 0;

    /// <inheritdoc/>
    public override (Position Start, Position End) Span => (Start, End);

    /// <summary>Marks the line (and its end-of-line comments) for removal by Cleanup.</summary>
    internal void MarkRemoved()
    {
        Tokens = [];
        Comments.Suffix = [];
    }

    /// <summary>The line's tokens joined by spaces, for debugging.</summary>
    public override string ToString() => string.Join(' ', Tokens);
}
