using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ModuleSdk.Inlining;

/// <summary>
/// The consumer's side: a MOD9100 suggestion on every use of a member marked <c>[Inline]</c> by
/// its module. In a fix build (the <c>ModuleSdkInlineFixesFile</c> property, set by
/// <c>dotnet mod fix</c> and <c>-t:FixModules</c>) it also inlines every site of every file
/// and writes the rewritten files and the references the rewritten compilation uses
/// (<see cref="InlineFixWriter"/>), for the build to apply: the compiler has already bound every
/// project exactly as the build does, so no workspace has to load the projects again.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InlineCallAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(InlineDescriptors.Call, InlineDescriptors.Probe);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(Start);
    }

    private static void Start(CompilationStartAnalysisContext context)
    {
        var names = MarkedNames(context.Compilation, context.CancellationToken);
        context.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(InlineNames.FixesOption, out string? fixesFile);
        bool fixing = !string.IsNullOrWhiteSpace(fixesFile);
        context.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(InlineNames.SuggestionsOption, out string? suggestionsFile);
        var suggestions = string.IsNullOrWhiteSpace(suggestionsFile) ? null : new ConcurrentBag<Diagnostic>();
        // No marked member anywhere: nothing to look at in this compilation (the usual case).
        if (names.Count == 0)
        {
            if (fixing) context.RegisterCompilationEndAction(c => InlineFixWriter.Write(fixesFile!, c.Compilation, [], c.CancellationToken));
            return;
        }
        var trees = new ConcurrentDictionary<SyntaxTree, bool>();
        context.RegisterSyntaxNodeAction(c =>
        {
            if (!names.Contains(NameOf(c.Node))) return;
            if (InlineSites.Find(c.SemanticModel, c.Node, c.CancellationToken) is not { } site) return;
            // Configured to none: neither a suggestion nor a fix there (the probe keeps the analyzer running regardless).
            if (fixing && InlineSuggestionWriter.Effective(c.Compilation, c.Node.SyntaxTree, c.CancellationToken) == ReportDiagnostic.Suppress) return;
            trees[c.Node.SyntaxTree] = true;
            var diagnostic = Diagnostic.Create(InlineDescriptors.Call, c.Node.GetLocation(), InlineSites.Describe(site.Member));
            c.ReportDiagnostic(diagnostic);
            suggestions?.Add(diagnostic);
        }, InlineSites.Kinds);
        if (suggestions is not null)
            context.RegisterCompilationEndAction(c => InlineSuggestionWriter.Write(suggestionsFile!, c.Compilation, suggestions, c.CancellationToken));
        if (fixing)
            context.RegisterCompilationEndAction(c => InlineFixWriter.Write(fixesFile!, c.Compilation, trees.Keys.ToList(), c.CancellationToken));
    }

    // The simple name a site is written with: the method, property or constant, or the created type.
    private static string NameOf(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax m } => m.Name.Identifier.ValueText,
        InvocationExpressionSyntax { Expression: SimpleNameSyntax s } => s.Identifier.ValueText,
        InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax b } => b.Name.Identifier.ValueText,
        ObjectCreationExpressionSyntax { Type: var t } => TypeName(t),
        ImplicitObjectCreationExpressionSyntax => "#ctor",
        MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
        IdentifierNameSyntax i => i.Identifier.ValueText,
        _ => "",
    };

    private static string TypeName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax q => q.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
        SimpleNameSyntax s => s.Identifier.ValueText,
        _ => "",
    };

    // The simple names of every member with a template in this compilation or its references,
    // read from the documentation ids of the template attributes (a constructor counts under its
    // type's name and "#ctor", for target-typed new()).
    private static HashSet<string> MarkedNames(Compilation compilation, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols.Append(compilation.Assembly))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var attribute in assembly.GetAttributes())
            {
                if (attribute.AttributeClass?.Name != "InlineTemplateAttribute"
                    || attribute.AttributeClass.ToDisplayString() != InlineNames.TemplateAttribute) continue;
                if (attribute.ConstructorArguments.Length < 1 || attribute.ConstructorArguments[0].Value is not string id) continue;
                string path = id.Length > 2 ? id.Substring(2) : id;
                int paren = path.IndexOf('(');
                if (paren >= 0) path = path.Substring(0, paren);
                var parts = path.Split('.');
                string last = parts[parts.Length - 1];
                int tick = last.IndexOf('`');
                if (tick >= 0) last = last.Substring(0, tick);
                if (last == "#ctor" && parts.Length > 1)
                {
                    string type = parts[parts.Length - 2];
                    tick = type.IndexOf('`');
                    names.Add(tick >= 0 ? type.Substring(0, tick) : type);
                }
                names.Add(last);
            }
        }
        return names;
    }
}
