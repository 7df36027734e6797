using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ModuleSdk.Inlining;

/// <summary>A site that was left as it was, and why.</summary>
internal sealed record InlineSkip(int Line, string Member, string Reason);

/// <summary>The outcome of inlining every site of one file.</summary>
internal sealed record InlineDocumentResult(Compilation Compilation, SyntaxTree Tree, int Inlined, IReadOnlyList<InlineSkip> Skipped);

/// <summary>
/// Inlines every site of one file, one at a time, re-binding after each, so that nested sites
/// (<c>Old(Old(x))</c>), sites in hoisted arguments and sites that need a using added by an earlier
/// one all come out right. Shared by Fix All and by the fix build of <c>dotnet mod fix</c>.
/// </summary>
internal static class InlineDocumentRewriter
{
    private const int MaxSteps = 10_000;

    public static InlineDocumentResult Rewrite(Compilation compilation, SyntaxTree tree, CancellationToken cancellationToken)
    {
        var failed = new List<(TextSpan Span, InlineSkip Skip)>();
        var replacements = new List<TextSpan>();
        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        int inlined = 0;
        for (int step = 0; step < MaxSteps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = compilation.GetSemanticModel(tree);
            InlineSite? site = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (!InlineSites.Kinds.Any(k => node.RawKind == (int)k)) continue;
                if (failed.Any(f => f.Span == node.Span)) continue;
                site = InlineSites.Find(model, node, cancellationToken);
                if (site is not null) break;
            }
            if (site is null) break;
            var plan = InlinePlanner.Plan(model, site, cancellationToken);
            if (plan.Failure is not null)
            {
                int line = tree.GetLineSpan(site.Node.Span, cancellationToken).StartLinePosition.Line + 1;
                failed.Add((site.Node.Span, new InlineSkip(line, InlineSites.Describe(site.Member), plan.Failure)));
                continue;
            }
            var text = tree.GetText(cancellationToken);
            var newTree = tree.WithChangedText(text.WithChanges(plan.Changes));
            compilation = compilation.ReplaceSyntaxTree(tree, newTree);
            tree = newTree;
            inlined++;
            for (int i = 0; i < replacements.Count; i++) replacements[i] = InlineCleanup.Map(replacements[i], plan.Changes) ?? default;
            replacements.Add(plan.Replacement);
            if (plan.Namespace is not null) namespaces.Add(plan.Namespace);
            // Spans of sites that failed move with the text before them.
            for (int i = failed.Count - 1; i >= 0; i--)
            {
                if (InlineCleanup.Map(failed[i].Span, plan.Changes) is { } moved) failed[i] = (moved, failed[i].Skip);
                else failed.RemoveAt(i);
            }
        }
        // Lines as they are in the file written (before the usings' cleanup, which can move them by a line or two).
        var skipped = failed.Select(f => f.Skip with { Line = tree.GetLineSpan(f.Span, cancellationToken).StartLinePosition.Line + 1 })
            .OrderBy(s => s.Line).ToList();
        if (inlined > 0) (compilation, tree) = InlineCleanup.Finish(compilation, tree, replacements, namespaces, cancellationToken);
        return new InlineDocumentResult(compilation, tree, inlined, skipped);
    }
}
