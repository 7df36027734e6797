using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ModuleSdk.Inlining;

/// <summary>The author's side: reports MOD9101 on each <c>[Inline]</c> marker whose member cannot be inlined, with the reason.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InlineMarkerAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(InlineDescriptors.Marker);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSyntaxNodeAction(Analyze, SyntaxKind.Attribute);
    }

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var attribute = (AttributeSyntax)context.Node;
        // Cheap test first: the attribute's last name is Inline or InlineAttribute.
        string name = attribute.Name switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            _ => "",
        };
        if (name is not ("Inline" or "InlineAttribute")) return;
        if (context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol?.ContainingType?.ToDisplayString()
            != InlineNames.InlineAttribute) return;
        var declaration = attribute.Parent?.Parent;
        if (declaration is null) return;
        SyntaxNode target = declaration is FieldDeclarationSyntax field ? field.Declaration.Variables.First() : declaration;
        var member = context.SemanticModel.GetDeclaredSymbol(target, context.CancellationToken);
        if (member is null) return;
        if (declaration is FieldDeclarationSyntax { Declaration.Variables.Count: > 1 })
        {
            context.ReportDiagnostic(Diagnostic.Create(InlineDescriptors.Marker, attribute.GetLocation(), member.Name,
                "the declaration declares several fields: declare the marked constant on its own"));
            return;
        }
        if (InlineTemplateBuilder.Build(member, target, context.SemanticModel, out string reason, context.CancellationToken) is null)
            context.ReportDiagnostic(Diagnostic.Create(InlineDescriptors.Marker, attribute.GetLocation(),
                member.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), reason));
    }
}
