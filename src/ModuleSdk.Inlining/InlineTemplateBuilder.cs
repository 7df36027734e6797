using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModuleSdk.Inlining;

/// <summary>
/// The author's side: turns an <c>[Inline]</c> member into an <see cref="InlineTemplate"/>, or
/// says why it cannot be inlined (the MOD9101 message). Shared by the generator, which records
/// the template in the assembly, and the analyzer, which reports the reason.
/// </summary>
internal static class InlineTemplateBuilder
{
    /// <summary>Builds the template of <paramref name="member"/> from its declaration, or returns null and a reason.</summary>
    public static InlineTemplate? Build(ISymbol member, SyntaxNode declaration, SemanticModel model,
        out string reason, CancellationToken cancellationToken = default)
    {
        reason = "";
        if (!IsPublic(member))
        {
            reason = "it is not public: consumers in other modules could not call it in the first place";
            return null;
        }
        if (member.ContainingType is { } type)
        {
            if (type.IsGenericType)
            {
                reason = "it is declared in a generic type, which [Inline] does not support (move it to a non-generic type)";
                return null;
            }
            if (!member.IsStatic && type.IsValueType)
            {
                reason = "it is an instance member of a struct, whose receiver inlining cannot keep (make it static)";
                return null;
            }
            if (type.TypeKind == TypeKind.Interface)
            {
                reason = "it is an interface member: a call may run another implementation";
                return null;
            }
        }
        if (member.IsVirtual || member.IsAbstract || member.IsOverride)
        {
            reason = "it is virtual, abstract or an override: a call may run another implementation";
            return null;
        }

        InlineKind kind;
        SyntaxNode? body;
        ImmutableArray<IParameterSymbol> parameters = ImmutableArray<IParameterSymbol>.Empty;
        ImmutableArray<ITypeParameterSymbol> typeParameters = ImmutableArray<ITypeParameterSymbol>.Empty;
        switch (member)
        {
            case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                kind = InlineKind.Method;
                if (method.IsAsync) { reason = "it is async: its body is not a single expression"; return null; }
                if (method.ReturnsByRef || method.ReturnsByRefReadonly) { reason = "it returns by reference"; return null; }
                body = MethodBody(declaration as MethodDeclarationSyntax, method.ReturnsVoid);
                parameters = method.Parameters;
                typeParameters = method.TypeParameters;
                break;
            case IMethodSymbol { MethodKind: MethodKind.Constructor } constructor:
                kind = InlineKind.Constructor;
                if (constructor.ContainingType.IsAbstract) { reason = "its type is abstract"; return null; }
                body = ConstructorBody(declaration as ConstructorDeclarationSyntax);
                if (body is null)
                {
                    reason = "a constructor can be inlined only when its body is empty and it calls another constructor with ': this(...)'";
                    return null;
                }
                parameters = constructor.Parameters;
                break;
            case IPropertySymbol property:
                kind = InlineKind.Property;
                if (property.IsIndexer) { reason = "it is an indexer, which [Inline] does not support"; return null; }
                if (property.SetMethod is not null) { reason = "it has a setter: only get-only properties can be inlined"; return null; }
                if (property.ReturnsByRef || property.ReturnsByRefReadonly) { reason = "it returns by reference"; return null; }
                body = PropertyBody(declaration as PropertyDeclarationSyntax);
                break;
            case IFieldSymbol field:
                kind = InlineKind.Field;
                if (!field.IsConst) { reason = "it is a field that is not const: its value is not a single expression evaluated at each use"; return null; }
                body = (declaration as VariableDeclaratorSyntax)?.Initializer?.Value;
                break;
            default:
                reason = "[Inline] applies to methods, get-only properties, constants and constructors";
                return null;
        }
        if (body is null)
        {
            reason = "its body is not a single expression (write it as '=> expression', or '{ return expression; }')";
            return null;
        }
        foreach (var p in parameters)
        {
            if (p.RefKind != RefKind.None)
            {
                reason = $"parameter '{p.Name}' is {RefKindText(p.RefKind)}: inlining cannot keep reference semantics";
                return null;
            }
            if (p.IsParams) { reason = $"parameter '{p.Name}' is a params array, which [Inline] does not support"; return null; }
        }

        var rewriter = new Qualifier(member, model, parameters, typeParameters, cancellationToken);
        var rewrittenNode = rewriter.Visit(body)!;
        if (rewriter.Problem is not null)
        {
            reason = rewriter.Problem;
            return null;
        }
        // A constructor's template creates the object with the arguments of its `: this(...)`.
        var rewritten = kind == InlineKind.Constructor
            ? SyntaxFactory.ObjectCreationExpression(
                SyntaxFactory.ParseTypeName(member.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)),
                (ArgumentListSyntax)rewrittenNode, null)
            : (ExpressionSyntax)rewrittenNode;

        var uses = Uses.Analyze(body, model, member, parameters, cancellationToken);
        var templateParameters = ImmutableArray.CreateBuilder<InlineParameter>();
        if (!member.IsStatic && kind is InlineKind.Method or InlineKind.Property)
            templateParameters.Add(uses.Parameter("this"));
        foreach (var p in parameters) templateParameters.Add(uses.Parameter(p.Name));
        string expression = rewritten.NormalizeWhitespace(elasticTrivia: false).ToFullString();
        return new InlineTemplate(kind, templateParameters.ToImmutable(), typeParameters.Select(t => t.Name).ToImmutableArray(),
            uses.Order.ToImmutableArray(), expression);
    }

    private static string RefKindText(RefKind kind) => kind switch
    {
        RefKind.Out => "out",
        RefKind.In => "in",
        _ => "ref",
    };

    private static ExpressionSyntax? MethodBody(MethodDeclarationSyntax? declaration, bool returnsVoid)
    {
        if (declaration is null) return null;
        if (declaration.ExpressionBody is { } arrow) return arrow.Expression;
        if (declaration.Body is { Statements.Count: 1 } block)
            return block.Statements[0] switch
            {
                ReturnStatementSyntax { Expression: { } e } when !returnsVoid => e,
                ExpressionStatementSyntax { Expression: var e } when returnsVoid => e,
                _ => null,
            };
        return null;
    }

    // `public Old(int x) : this(x, 0) { }` becomes `new T(x, 0)`: the body is the initializer's
    // argument list, rewritten like any expression.
    private static ArgumentListSyntax? ConstructorBody(ConstructorDeclarationSyntax? declaration)
    {
        if (declaration is not { Initializer: { } init } || !init.IsKind(SyntaxKind.ThisConstructorInitializer)) return null;
        if (declaration.ExpressionBody is not null || declaration.Body is not { Statements.Count: 0 }) return null;
        return init.ArgumentList;
    }

    private static ExpressionSyntax? PropertyBody(PropertyDeclarationSyntax? declaration)
    {
        if (declaration is null) return null;
        if (declaration.ExpressionBody is { } arrow) return arrow.Expression;
        if (declaration.AccessorList is { Accessors.Count: 1 } list && list.Accessors[0] is var get && get.IsKind(SyntaxKind.GetAccessorDeclaration))
        {
            if (get.ExpressionBody is { } getArrow) return getArrow.Expression;
            if (get.Body is { Statements.Count: 1 } b && b.Statements[0] is ReturnStatementSyntax { Expression: { } e }) return e;
        }
        return null;
    }

    /// <summary>Public, and every containing type public: visible to every consumer.</summary>
    internal static bool IsPublic(ISymbol symbol)
    {
        for (var s = symbol; s is not null && s is not INamespaceSymbol; s = s.ContainingSymbol)
        {
            if (s is ITypeParameterSymbol or IParameterSymbol or ILocalSymbol) continue;
            if (s.DeclaredAccessibility != Accessibility.Public) return false;
        }
        return true;
    }

    /// <summary>Rewrites the body so that it means the same thing in any consumer's file.</summary>
    private sealed class Qualifier : CSharpSyntaxRewriter
    {
        private readonly ISymbol _member;
        private readonly SemanticModel _model;
        private readonly ImmutableArray<IParameterSymbol> _parameters;
        private readonly ImmutableArray<ITypeParameterSymbol> _typeParameters;
        private readonly CancellationToken _cancellationToken;

        public Qualifier(ISymbol member, SemanticModel model, ImmutableArray<IParameterSymbol> parameters,
            ImmutableArray<ITypeParameterSymbol> typeParameters, CancellationToken cancellationToken)
        {
            _member = member;
            _model = model;
            _parameters = parameters;
            _typeParameters = typeParameters;
            _cancellationToken = cancellationToken;
        }

        public string? Problem { get; private set; }

        private void Fail(string problem) => Problem ??= problem;

        public override SyntaxNode? Visit(SyntaxNode? node)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (node is null || Problem is not null) return node;
            switch (node.Kind())
            {
                case SyntaxKind.SimpleLambdaExpression:
                case SyntaxKind.ParenthesizedLambdaExpression:
                case SyntaxKind.AnonymousMethodExpression:
                    Fail("its body contains a lambda or anonymous method, which [Inline] does not support");
                    return node;
                case SyntaxKind.QueryExpression:
                    Fail("its body contains a query expression, which [Inline] does not support");
                    return node;
                case SyntaxKind.DeclarationExpression:
                case SyntaxKind.DeclarationPattern:
                case SyntaxKind.VarPattern:
                case SyntaxKind.SingleVariableDesignation:
                    Fail("its body declares a variable, which [Inline] does not support");
                    return node;
                case SyntaxKind.BaseExpression:
                    Fail("its body uses 'base', which means something else at the call site");
                    return node;
                case SyntaxKind.StackAllocArrayCreationExpression:
                case SyntaxKind.AwaitExpression:
                case SyntaxKind.SwitchExpression:
                case SyntaxKind.ThrowExpression:
                    Fail($"its body contains {node.Kind()}, which [Inline] does not support");
                    return node;
            }
            if (node is ExpressionSyntax expression && IsAssignmentTo(expression))
            {
                var target = _model.GetSymbolInfo(expression, _cancellationToken).Symbol;
                if (target is IParameterSymbol p && _parameters.Contains(p, SymbolEqualityComparer.Default))
                {
                    Fail($"its body assigns parameter '{p.Name}', which would assign the caller's argument instead");
                    return node;
                }
            }
            return base.Visit(node);
        }

        private static bool IsAssignmentTo(ExpressionSyntax node) => node.Parent switch
        {
            AssignmentExpressionSyntax a => a.Left == node,
            PrefixUnaryExpressionSyntax u => u.IsKind(SyntaxKind.PreIncrementExpression) || u.IsKind(SyntaxKind.PreDecrementExpression),
            PostfixUnaryExpressionSyntax => true,
            ArgumentSyntax { RefKindKeyword.RawKind: not 0 } => true,
            _ => false,
        };

        public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            var symbol = _model.GetSymbolInfo(node, _cancellationToken).Symbol as IMethodSymbol;
            if (symbol is not null && SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, _member.OriginalDefinition))
            {
                Fail("its body calls itself");
                return node;
            }
            if (symbol is not null && !IsPublic(symbol)) { Fail(NotPublic(symbol)); return node; }
            // x.Ext(a) is written as the static call it is, so that the consumer needs no using for Ext's namespace.
            if (symbol is { ReducedFrom: { } } && node.Expression is MemberAccessExpressionSyntax access)
            {
                var receiver = (ExpressionSyntax)Visit(access.Expression)!;
                var arguments = (ArgumentListSyntax)Visit(node.ArgumentList)!;
                var method = symbol.ReducedFrom!;
                SimpleNameSyntax name = access.Name is GenericNameSyntax generic
                    ? SyntaxFactory.GenericName(SyntaxFactory.Identifier(method.Name), (TypeArgumentListSyntax)Visit(generic.TypeArgumentList)!)
                    : SyntaxFactory.IdentifierName(method.Name);
                var callee = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseExpression(method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)), name);
                return SyntaxFactory.InvocationExpression(callee,
                    arguments.WithArguments(arguments.Arguments.Insert(0, SyntaxFactory.Argument(receiver))));
            }
            return base.VisitInvocationExpression(node);
        }

        public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
        {
            var symbol = _model.GetSymbolInfo(node, _cancellationToken).Symbol;
            if (symbol is not null && SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, _member.OriginalDefinition))
            {
                Fail("its body uses itself");
                return node;
            }
            if (symbol is not null && symbol is not INamespaceSymbol && !IsPublic(symbol)) { Fail(NotPublic(symbol)); return node; }
            // A whole name that denotes a type or namespace is written out in full at once.
            if (symbol is ITypeSymbol or INamespaceSymbol) return Qualified(symbol, node);
            return node.WithExpression((ExpressionSyntax)Visit(node.Expression)!).WithName((SimpleNameSyntax)VisitName(node.Name));
        }

        public override SyntaxNode? VisitQualifiedName(QualifiedNameSyntax node)
        {
            var symbol = _model.GetSymbolInfo(node, _cancellationToken).Symbol;
            if (symbol is ITypeSymbol or INamespaceSymbol) return Qualified(symbol, node);
            return base.VisitQualifiedName(node);
        }

        public override SyntaxNode? VisitAliasQualifiedName(AliasQualifiedNameSyntax node)
        {
            var symbol = _model.GetSymbolInfo(node, _cancellationToken).Symbol;
            if (symbol is ITypeSymbol or INamespaceSymbol) return Qualified(symbol, node);
            return node;
        }

        // The name after a dot: only its type arguments need qualifying.
        private SyntaxNode VisitName(SimpleNameSyntax name) =>
            name is GenericNameSyntax g ? g.WithTypeArgumentList((TypeArgumentListSyntax)Visit(g.TypeArgumentList)!) : name;

        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node) => SimpleName(node);

        public override SyntaxNode? VisitGenericName(GenericNameSyntax node) => SimpleName(node);

        private SyntaxNode SimpleName(SimpleNameSyntax node)
        {
            if (node.Parent is NameColonSyntax or NameEqualsSyntax) return node;
            if (node.IsVar) return node;
            var info = _model.GetSymbolInfo(node, _cancellationToken);
            var symbol = info.Symbol ?? (info.CandidateReason == CandidateReason.MemberGroup ? info.CandidateSymbols.FirstOrDefault() : null);
            if (symbol is null)
            {
                // nameof(x) binds to no symbol when x is a method group with several overloads.
                if (node.Parent?.Parent?.Parent is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "nameof" } }) return node;
                Fail($"its body uses '{node}', which does not bind to one symbol");
                return node;
            }
            if (SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, _member.OriginalDefinition)) { Fail("its body uses itself"); return node; }
            switch (symbol)
            {
                case IParameterSymbol p when _parameters.Contains(p, SymbolEqualityComparer.Default):
                    return node;
                case ITypeParameterSymbol t when _typeParameters.Contains(t, SymbolEqualityComparer.Default):
                    return node;
                case ITypeParameterSymbol or IParameterSymbol or ILocalSymbol or IRangeVariableSymbol:
                    Fail($"its body uses '{node}', which is not one of its parameters");
                    return node;
                case INamespaceSymbol or ITypeSymbol:
                    if (symbol is ITypeSymbol && !IsPublic(symbol)) { Fail(NotPublic(symbol)); return node; }
                    return Qualified(symbol, node);
                case IMethodSymbol { MethodKind: MethodKind.BuiltinOperator }:
                    return node;
            }
            if (!IsPublic(symbol)) { Fail(NotPublic(symbol)); return node; }
            if (symbol.IsStatic || symbol is IFieldSymbol { IsConst: true })
            {
                var type = SyntaxFactory.ParseExpression(symbol.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
                return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, type, (SimpleNameSyntax)VisitName(node))
                    .WithTriviaFrom(node);
            }
            return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ThisExpression(),
                (SimpleNameSyntax)VisitName(node))
                .WithTriviaFrom(node);
        }

        private SyntaxNode Qualified(ISymbol symbol, SyntaxNode original)
        {
            if (symbol is ITypeSymbol t && !IsPublic(t) && t is not ITypeParameterSymbol) { Fail(NotPublic(t)); return original; }
            string text = symbol is INamespaceSymbol ns
                ? (ns.IsGlobalNamespace ? "global::" : "global::" + ns.ToDisplayString())
                : symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            SyntaxNode result = original is ExpressionSyntax and not TypeSyntax
                || original.Parent is MemberAccessExpressionSyntax or InvocationExpressionSyntax or ArgumentSyntax
                ? SyntaxFactory.ParseExpression(text)
                : SyntaxFactory.ParseTypeName(text);
            return result.WithTriviaFrom(original);
        }

        private static string NotPublic(ISymbol symbol) =>
            $"its body uses '{symbol.ToDisplayString()}', which is not public: consumers in other modules cannot use it";
    }

    /// <summary>How the body uses each parameter: counts, first-use order, and whether every use is "clean".</summary>
    private sealed class Uses
    {
        private readonly Dictionary<string, (int Count, bool Clean)> _uses = new(StringComparer.Ordinal);

        public List<string> Order { get; } = [];

        public InlineParameter Parameter(string name) =>
            _uses.TryGetValue(name, out var u) ? new InlineParameter(name, u.Count, u.Clean && u.Count <= 1) : new InlineParameter(name, 0, true);

        public static Uses Analyze(SyntaxNode body, SemanticModel model, ISymbol member,
            ImmutableArray<IParameterSymbol> parameters, CancellationToken cancellationToken)
        {
            var result = new Uses();
            // Positions where something with possible side effects (or a read of state that an
            // argument's side effects could change) has finished evaluating.
            var effectEnds = new List<int>();
            foreach (var node in body.DescendantNodesAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (MayHaveEffect(node, model, cancellationToken)) effectEnds.Add(node.Span.End);
            }
            foreach (var node in body.DescendantNodesAndSelf())
            {
                string? name = UseName(node, model, member, parameters, cancellationToken);
                if (name is null) continue;
                bool clean = !effectEnds.Any(end => end <= node.SpanStart) && !IsConditional(node, body);
                result._uses[name] = result._uses.TryGetValue(name, out var u) ? (u.Count + 1, false) : (1, clean);
                if (!result.Order.Contains(name)) result.Order.Add(name);
            }
            return result;
        }

        private static string? UseName(SyntaxNode node, SemanticModel model, ISymbol member,
            ImmutableArray<IParameterSymbol> parameters, CancellationToken cancellationToken)
        {
            if (node is ThisExpressionSyntax) return "this";
            if (node is not SimpleNameSyntax id) return null;
            if (id.Parent is MemberAccessExpressionSyntax access && access.Name == id) return null;
            if (id.Parent is QualifiedNameSyntax or NameColonSyntax or NameEqualsSyntax or AliasQualifiedNameSyntax) return null;
            var symbol = model.GetSymbolInfo(id, cancellationToken).Symbol;
            if (symbol is IParameterSymbol p && parameters.Contains(p, SymbolEqualityComparer.Default)) return p.Name;
            // An instance member named without `this.` uses the receiver too.
            if (!member.IsStatic && symbol is IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol
                && !symbol.IsStatic && symbol is not IFieldSymbol { IsConst: true })
                return "this";
            return null;
        }

        private static bool MayHaveEffect(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            switch (node)
            {
                case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "nameof" } }:
                    return false;
                case InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or AssignmentExpressionSyntax
                    or ElementAccessExpressionSyntax or AwaitExpressionSyntax:
                    return true;
                case PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.PreIncrementExpression) || p.IsKind(SyntaxKind.PreDecrementExpression):
                case PostfixUnaryExpressionSyntax:
                    return true;
                case SimpleNameSyntax name:
                    return model.GetSymbolInfo(name, cancellationToken).Symbol switch
                    {
                        IPropertySymbol or IEventSymbol => true,
                        IFieldSymbol f => !f.IsConst && !f.IsReadOnly,
                        _ => false,
                    };
                default:
                    return false;
            }
        }

        // Under && || ?? ?: ?. a use may not be evaluated at all.
        private static bool IsConditional(SyntaxNode node, SyntaxNode root)
        {
            for (var child = node; child != root && child.Parent is { } parent; child = parent)
            {
                switch (parent)
                {
                    case BinaryExpressionSyntax b when (b.IsKind(SyntaxKind.LogicalAndExpression) || b.IsKind(SyntaxKind.LogicalOrExpression)
                        || b.IsKind(SyntaxKind.CoalesceExpression)) && b.Right == child:
                    case ConditionalExpressionSyntax c when c.Condition != child:
                    case ConditionalAccessExpressionSyntax a when a.WhenNotNull == child:
                    case AssignmentExpressionSyntax s when s.IsKind(SyntaxKind.CoalesceAssignmentExpression) && s.Right == child:
                        return true;
                }
            }
            return false;
        }
    }
}
