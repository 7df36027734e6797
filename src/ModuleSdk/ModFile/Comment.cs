namespace ModuleSdk.ModFile;

/// <summary>
/// One <c>//</c> comment. <see cref="Token"/> holds the text including the slashes, without
/// the line ending; an empty token stands for a blank line kept inside a block.
/// </summary>
/// <param name="Start">Where the comment starts (default for comments added by edits).</param>
/// <param name="Token">The comment text, <c>// ...</c>, or <c>""</c> for a preserved blank line.</param>
/// <param name="Suffix">True for an end-of-line comment, false for a whole-line comment.</param>
public readonly record struct Comment(Position Start, string Token, bool Suffix = false);

/// <summary>
/// The comments attached to a piece of syntax: whole-line comments before it, end-of-line
/// comments after it, and (for top-level statements only) whole-line comments after it.
/// </summary>
public sealed class Comments
{
    /// <summary>Whole-line comments before the syntax.</summary>
    public List<Comment> Before { get; set; } = [];

    /// <summary>End-of-line comments after the syntax.</summary>
    public List<Comment> Suffix { get; set; } = [];

    /// <summary>Whole-line comments after a top-level statement.</summary>
    public List<Comment> After { get; set; } = [];
}
