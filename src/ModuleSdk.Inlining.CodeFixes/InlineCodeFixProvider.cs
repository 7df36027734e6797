using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ModuleSdk.Inlining;

/// <summary>
/// The light bulb on MOD9100: replaces the use of an <c>[Inline]</c> member with its body
/// (<see cref="InlinePlanner"/>). Fix All inlines every site of each document one after another,
/// as <c>dotnet mod fix</c> does. Offers nothing where the site cannot be inlined safely.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InlineCodeFixProvider)), Shared]
public sealed class InlineCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(InlineNames.CallId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixDocumentAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf().FirstOrDefault(n => n.Span == diagnostic.Location.SourceSpan && InlineSites.Kinds.Any(k => n.RawKind == (int)k));
            if (node is null || InlineSites.Find(model, node, context.CancellationToken) is not { } site) continue;
            var plan = InlinePlanner.Plan(model, site, context.CancellationToken);
            if (plan.Failure is not null) continue;
            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Inline " + InlineSites.Describe(site.Member),
                    async ct =>
                    {
                        var text = await document.GetTextAsync(ct).ConfigureAwait(false);
                        var changed = document.WithText(text.WithChanges(plan.Changes));
                        var tree = await changed.GetSyntaxTreeAsync(ct).ConfigureAwait(false);
                        var compilation = await changed.Project.GetCompilationAsync(ct).ConfigureAwait(false);
                        if (tree is null || compilation is null) return changed;
                        var namespaces = plan.Namespace is null ? [] : new[] { plan.Namespace };
                        var (_, finished) = InlineCleanup.Finish(compilation, tree, [plan.Replacement], namespaces, ct);
                        return changed.WithText(await finished.GetTextAsync(ct).ConfigureAwait(false));
                    },
                    equivalenceKey: "ModuleSdk.Inline"),
                diagnostic);
        }
    }

    private static async Task<Document?> FixDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        if (diagnostics.IsEmpty) return document;
        var tree = await document.GetSyntaxTreeAsync(context.CancellationToken).ConfigureAwait(false);
        var compilation = await document.Project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false);
        if (tree is null || compilation is null) return document;
        var result = InlineDocumentRewriter.Rewrite(compilation, tree, context.CancellationToken);
        return result.Inlined == 0 ? document : document.WithText(await result.Tree.GetTextAsync(context.CancellationToken).ConfigureAwait(false));
    }
}
