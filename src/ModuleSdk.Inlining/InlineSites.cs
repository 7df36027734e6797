using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModuleSdk.Inlining;

/// <summary>A use of an <c>[Inline]</c> member: the node to replace, the member, and its template.</summary>
internal sealed record InlineSite(SyntaxNode Node, ISymbol Member, InlineTemplate Template);

/// <summary>The consumer's side: finding uses of <c>[Inline]</c> members and their templates.</summary>
internal static class InlineSites
{
    /// <summary>The syntax kinds a site can be: calls, object creations, and property or constant names.</summary>
    public static readonly SyntaxKind[] Kinds =
    [
        SyntaxKind.InvocationExpression,
        SyntaxKind.ObjectCreationExpression,
        SyntaxKind.ImplicitObjectCreationExpression,
        SyntaxKind.SimpleMemberAccessExpression,
        SyntaxKind.IdentifierName,
    ];

    /// <summary>The site at <paramref name="node"/>, if it is a use of a member with a template.</summary>
    public static InlineSite? Find(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        switch (node)
        {
            case InvocationExpressionSyntax invocation:
                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol
                    is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.ReducedExtension } method)
                    return Site(node, method.ReducedFrom ?? method);
                return null;
            case BaseObjectCreationExpressionSyntax creation:
                if (model.GetSymbolInfo(creation, cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
                    return Site(node, constructor);
                return null;
            case MemberAccessExpressionSyntax access:
                if (IsValueUse(access)
                    && model.GetSymbolInfo(access, cancellationToken).Symbol is IPropertySymbol or IFieldSymbol { IsConst: true }
                    && InNameof(access) is false)
                    return Site(node, model.GetSymbolInfo(access, cancellationToken).Symbol!);
                return null;
            case IdentifierNameSyntax name:
                // `x.Name` is the member access's site; `Name` alone (a member of the enclosing type, or `using static`) is its own.
                if (name.Parent is MemberAccessExpressionSyntax { Name: var n } && n == name) return null;
                if (name.Parent is QualifiedNameSyntax or AliasQualifiedNameSyntax or NameColonSyntax
                    or NameEqualsSyntax or MemberBindingExpressionSyntax) return null;
                if (!IsValueUse(name) || InNameof(name)) return null;
                var symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
                return symbol is IPropertySymbol or IFieldSymbol { IsConst: true } ? Site(node, symbol) : null;
            default:
                return null;
        }
    }

    private static InlineSite? Site(SyntaxNode node, ISymbol member)
    {
        var template = TemplateOf(member);
        return template is null ? null : new InlineSite(node, member, template);
    }

    // A read: not the target of an assignment, not `ref x`, not the callee of an invocation.
    private static bool IsValueUse(ExpressionSyntax node) => node.Parent switch
    {
        AssignmentExpressionSyntax a => a.Left != node,
        InvocationExpressionSyntax i => i.Expression != node,
        ArgumentSyntax arg => arg.RefKindKeyword.RawKind == 0,
        PostfixUnaryExpressionSyntax => false,
        PrefixUnaryExpressionSyntax p => !(p.IsKind(SyntaxKind.PreIncrementExpression) || p.IsKind(SyntaxKind.PreDecrementExpression)),
        _ => true,
    };

    private static bool InNameof(SyntaxNode node)
    {
        for (var n = node.Parent; n is not null and not StatementSyntax and not MemberDeclarationSyntax; n = n.Parent)
            if (n is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } }) return true;
        return false;
    }

    /// <summary>
    /// The template of a member marked <c>[Inline]</c>, read from its assembly's
    /// <c>ModuleSdk.InlineTemplateAttribute</c>s; null when unmarked, or when the author's build
    /// recorded no template (the member was rejected, MOD9101).
    /// </summary>
    public static InlineTemplate? TemplateOf(ISymbol member)
    {
        var definition = member.OriginalDefinition;
        if (!definition.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == InlineNames.InlineAttribute)) return null;
        string? id = definition.GetDocumentationCommentId();
        if (id is null || definition.ContainingAssembly is not { } assembly) return null;
        foreach (var attribute in assembly.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != InlineNames.TemplateAttribute) continue;
            if (attribute.ConstructorArguments.Length == 2 && attribute.ConstructorArguments[0].Value is string member1
                && attribute.ConstructorArguments[1].Value is string template && member1 == id)
                return InlineTemplate.Parse(template);
        }
        return null;
    }

    /// <summary>How a site is described in messages: <c>P.Foo.EnableFoo()</c>.</summary>
    public static string Describe(ISymbol member) => member switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor } c => "new "
            + c.ContainingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) + "(...)",
        IMethodSymbol m => m.ContainingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) + "." + m.Name + "(...)",
        _ => member.ContainingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) + "." + member.Name,
    };
}
