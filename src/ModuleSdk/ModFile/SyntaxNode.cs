namespace ModuleSdk.ModFile;

/// <summary>
/// A piece of module.mod syntax (Go's <c>modfile.Expr</c>): a line, a block, a block's
/// parenthesis, a comment block or the whole file. Every node carries its comments, so
/// rewriting a file keeps them.
/// </summary>
public abstract class SyntaxNode
{
    /// <summary>The comments attached to this node.</summary>
    public Comments Comments { get; set; } = new();

    /// <summary>The start and end of the node, excluding comments.</summary>
    public abstract (Position Start, Position End) Span { get; }
}

/// <summary>A top-level run of whole-line comments not attached to any statement.</summary>
public sealed class CommentBlock : SyntaxNode
{
    /// <summary>Where the first comment starts.</summary>
    public Position Start { get; set; }

    /// <inheritdoc/>
    public override (Position Start, Position End) Span => (Start, Start);
}

/// <summary>
/// The <c>(</c> or <c>)</c> of a block: the opening one holds the end-of-line comments that
/// follow it, the closing one the whole-line comments inside the block after its last line.
/// </summary>
public sealed class Paren : SyntaxNode
{
    /// <summary>Where the parenthesis is.</summary>
    public Position Pos { get; set; }

    /// <inheritdoc/>
    public override (Position Start, Position End) Span => (Pos, Pos.Add(")"));
}
