namespace ModuleSdk.ModFile;

/// <summary>
/// A factored block: a verb (usually one token), <c>(</c> at the end of its line, one
/// statement per line, <c>)</c> alone on the last line:
/// <code>
/// require (
///     example.com/a v1.0.0
///     example.com/b v1.2.0
/// )
/// </code>
/// </summary>
public sealed class LineBlock : SyntaxNode
{
    /// <summary>Creates a block with the given verb tokens.</summary>
    public LineBlock(IEnumerable<string> tokens) => Tokens = [.. tokens];

    /// <summary>Where the verb starts.</summary>
    public Position Start { get; set; }

    /// <summary>The tokens before <c>(</c>: normally just the verb.</summary>
    public List<string> Tokens { get; set; }

    /// <summary>The opening parenthesis, holding its end-of-line comments.</summary>
    public Paren LParen { get; set; } = new();

    /// <summary>The lines of the block.</summary>
    public List<Line> Lines { get; set; } = [];

    /// <summary>The closing parenthesis, holding the comments before it.</summary>
    public Paren RParen { get; set; } = new();

    /// <inheritdoc/>
    public override (Position Start, Position End) Span => (Start, RParen.Pos.Add(")"));
}
