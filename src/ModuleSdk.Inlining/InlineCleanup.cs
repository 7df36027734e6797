using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace ModuleSdk.Inlining;

/// <summary>
/// What follows the inlining of a file's sites: the usings of the inlined members' namespaces
/// that nothing uses any more are removed (as Go's inliner drops imports, and so that once the
/// old module is gone from module.mod nothing names its namespace), and only then are the
/// inlined expressions' names shortened where the removed usings made them ambiguous before.
/// </summary>
internal static class InlineCleanup
{
    public static (Compilation Compilation, SyntaxTree Tree) Finish(Compilation compilation, SyntaxTree tree, IReadOnlyList<TextSpan> replacements,
        IReadOnlyCollection<string> namespaces, CancellationToken cancellationToken)
    {
        var spans = replacements.ToList();
        // 1. Unused usings of the inlined members' namespaces: a using is unused when the file has
        // no more errors without it. (The compiler's own CS8019 is not reported in builds that do
        // not parse documentation comments, which is most of them.)
        foreach (var ns in namespaces.OrderBy(n => n, StringComparer.Ordinal))
        {
            var root = tree.GetCompilationUnitRoot(cancellationToken);
            var directive = root.Usings.FirstOrDefault(u => u.Alias is null && u.StaticKeyword.RawKind == 0 && u.GlobalKeyword.RawKind == 0
                && u.Name?.ToString() == ns);
            if (directive is null) continue;
            var text = tree.GetText(cancellationToken);
            var line = text.Lines.GetLineFromPosition(directive.SpanStart);
            int start = text.ToString(TextSpan.FromBounds(line.Start, directive.SpanStart)).Trim().Length == 0 ? line.Start : directive.SpanStart;
            int end = directive.FullSpan.End;
            // The blank line after the usings goes with the last of them.
            if (root.Usings.Count == 1 && root.Externs.Count == 0 && end < text.Length)
            {
                var next = text.Lines.GetLineFromPosition(end);
                if (next.Start == end && next.Span.Length == 0 && next.EndIncludingLineBreak > next.End) end = next.EndIncludingLineBreak;
            }
            var removal = new List<TextChange> { new(TextSpan.FromBounds(start, end), "") };
            var candidateTree = tree.WithChangedText(text.WithChanges(removal));
            var candidate = compilation.ReplaceSyntaxTree(tree, candidateTree);
            if (Errors(candidate, candidateTree, cancellationToken) > Errors(compilation, tree, cancellationToken)) continue;
            compilation = candidate;
            tree = candidateTree;
            for (int i = 0; i < spans.Count; i++) spans[i] = Map(spans[i], removal) ?? default;
        }

        // 2. The inlined expressions' names, now that conflicts may have gone.
        for (int i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            if (span.Length == 0) continue;
            var model = compilation.GetSemanticModel(tree);
            var root = tree.GetCompilationUnitRoot(cancellationToken);
            var node = root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<ExpressionSyntax>().FirstOrDefault(e => e.Span == span);
            if (node is null) continue;
            var imports = new SortedSet<string>(StringComparer.Ordinal);
            var shortened = new InlinePlanner.NameShortener(model, span.Start, imports, final: true, cancellationToken).Visit(node)!;
            // Parentheses added only to keep a ':' out of an interpolation's format go once the ':' has.
            if (node is ParenthesizedExpressionSyntax { Parent: InterpolationSyntax } && shortened is ParenthesizedExpressionSyntax p0
                && !p0.Expression.ToString().Contains(':') && InlinePlanner.IsPrimary(p0.Expression))
                shortened = p0.Expression;
            string newText = shortened.ToString();
            if (newText == node.ToString()) continue;
            var changes = new List<TextChange> { new(span, newText) };
            string newline = InlinePlanner.NewLine(tree.GetText(cancellationToken));
            foreach (var ns in imports)
                if (InlinePlanner.UsingInsertion(root, ns, newline) is { } insertion) changes.Add(insertion);
            // This span itself takes its new length; the others move.
            var others = spans.Select((s, j) => j == i ? default : s).ToList();
            (compilation, tree) = Apply(compilation, tree, changes, others, cancellationToken);
            for (int j = 0; j < spans.Count; j++) if (j != i) spans[j] = others[j];
            spans[i] = default;
        }
        return (compilation, tree);
    }

    private static int Errors(Compilation compilation, SyntaxTree tree, CancellationToken cancellationToken) =>
        compilation.GetSemanticModel(tree).GetDiagnostics(null, cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);

    private static (Compilation, SyntaxTree) Apply(Compilation compilation, SyntaxTree tree, List<TextChange> changes,
        List<TextSpan> spans, CancellationToken cancellationToken)
    {
        changes.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        var newTree = tree.WithChangedText(tree.GetText(cancellationToken).WithChanges(changes));
        for (int i = 0; i < spans.Count; i++) spans[i] = Map(spans[i], changes) ?? default;
        return (compilation.ReplaceSyntaxTree(tree, newTree), newTree);
    }

    /// <summary>
    /// Where <paramref name="span"/> is after <paramref name="changes"/> (sorted, not overlapping):
    /// moved by changes before it, resized by changes inside it; null when a change straddles its edge.
    /// </summary>
    public static TextSpan? Map(TextSpan span, IEnumerable<TextChange> changes)
    {
        if (span.Length == 0) return null;
        int start = span.Start, length = span.Length;
        foreach (var c in changes)
        {
            int delta = c.NewText!.Length - c.Span.Length;
            if (c.Span.End <= span.Start) start += delta;
            else if (c.Span.Start >= span.End) continue;
            else if (c.Span.Start >= span.Start && c.Span.End <= span.End && c.Span != span) length += delta;
            else return null;
        }
        return new TextSpan(start, length);
    }
}
