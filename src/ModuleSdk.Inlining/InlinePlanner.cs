using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace ModuleSdk.Inlining;

/// <summary>The text changes that inline one site, or why it cannot be inlined there.</summary>
/// <param name="Changes">The changes, in order, not overlapping.</param>
/// <param name="Failure">Why the site cannot be inlined; null when it can.</param>
/// <param name="Replacement">Where the inlined expression is in the changed text (for <see cref="InlineCleanup"/>).</param>
/// <param name="Namespace">The inlined member's namespace, whose using may now be unused.</param>
internal sealed record InlinePlan(ImmutableArray<TextChange> Changes, string? Failure, TextSpan Replacement = default, string? Namespace = null)
{
    public static InlinePlan Fail(string reason) => new(ImmutableArray<TextChange>.Empty, reason);
}

/// <summary>
/// Inlines one site, as Go's inliner does for <c>//go:fix inline</c>: arguments take the place of
/// parameters where that keeps evaluation order and side effects (the argument has none, or it
/// is used exactly once, unconditionally, before anything else with effects, and in the order
/// the arguments were written); otherwise the arguments are first bound to locals declared before
/// the statement (an unused argument with effects becomes <c>_ = argument;</c>). Names come out
/// as short as the file allows, adding a <c>using</c> where that cannot change the meaning of
/// other code in the file. Pure text changes, no Workspaces: the code fix and the fix build share it.
/// </summary>
internal static class InlinePlanner
{
    public static InlinePlan Plan(SemanticModel model, InlineSite site, CancellationToken cancellationToken)
    {
        var node = site.Node;
        var template = site.Template;
        var operation = model.GetOperation(node, cancellationToken);
        var bindings = new List<Binding>();
        ImmutableArray<ITypeSymbol> typeArguments = ImmutableArray<ITypeSymbol>.Empty;
        IOperation? receiver = null;
        ImmutableArray<IArgumentOperation> arguments = ImmutableArray<IArgumentOperation>.Empty;
        switch (operation)
        {
            case IInvocationOperation invocation when template.Kind == InlineKind.Method:
                receiver = invocation.Instance;
                arguments = invocation.Arguments;
                typeArguments = invocation.TargetMethod.TypeArguments;
                break;
            case IPropertyReferenceOperation property when template.Kind == InlineKind.Property:
                receiver = property.Instance;
                break;
            case IFieldReferenceOperation when template.Kind == InlineKind.Field:
                break;
            case IObjectCreationOperation creation when template.Kind == InlineKind.Constructor:
                if (creation.Initializer is not null) return InlinePlan.Fail("the object creation has an initializer");
                arguments = creation.Arguments;
                break;
            default:
                return InlinePlan.Fail("the compiler does not see a plain use of the member here");
        }
        if (node.ContainsDiagnostics || operation.HasErrors(model.Compilation, cancellationToken))
            return InlinePlan.Fail("the code here does not compile");

        int position = node.SpanStart;
        if (template.Parameters.FirstOrDefault(p => p.Name == "this") is { } self)
        {
            if (receiver is null) return InlinePlan.Fail("the receiver is missing");
            bool implicitThis = receiver.IsImplicit && receiver is IInstanceReferenceOperation;
            bindings.Add(new Binding(self, implicitThis ? "this" : Text(receiver.Syntax), receiver.Type!, implicitThis || IsPure(receiver),
                receiver.Syntax.SpanStart, "receiver", null));
        }
        foreach (var argument in arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null) return InlinePlan.Fail("an argument matches no parameter");
            var templateParameter = template.Parameters.FirstOrDefault(p => p.Name == parameter.Name);
            if (templateParameter is null) return InlinePlan.Fail($"the template has no parameter '{parameter.Name}'");
            var value = argument.Value;
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                string? literal = DefaultValue(parameter, model, position);
                if (literal is null) return InlinePlan.Fail($"the default value of '{parameter.Name}' cannot be written here");
                bindings.Add(new Binding(templateParameter, literal, parameter.Type, true, int.MaxValue, parameter.Name, null));
                continue;
            }
            if (argument.ArgumentKind != ArgumentKind.Explicit) return InlinePlan.Fail($"'{parameter.Name}' takes a params array");
            // The argument as written, converted to the parameter's type by a cast where the
            // conversion is not an identity: the template may use it where another type would
            // choose another overload.
            var written = value is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : value;
            string text = Text(written.Syntax);
            bool identity = written.Type is not null && SymbolEqualityComparer.Default.Equals(written.Type, parameter.Type);
            string? cast = identity ? null : parameter.Type.ToMinimalDisplayString(model, position);
            bindings.Add(new Binding(templateParameter, text, parameter.Type, IsPure(written), written.Syntax.SpanStart, parameter.Name, cast));
        }

        // Evaluation order as written: receiver, then arguments in source order (named ones too).
        var evaluated = bindings.Where(b => b.Position != int.MaxValue).OrderBy(b => b.Position).ToList();
        foreach (var b in evaluated)
            if (!b.Pure && (b.Parameter.Uses != 1 || !b.Parameter.Clean)) b.Hoist = true;
        int lastHoisted = evaluated.FindLastIndex(b => b.Hoist);
        for (int i = 0; i < lastHoisted; i++)
            if (!evaluated[i].Pure) evaluated[i].Hoist = true;
        var inPlace = evaluated.Where(b => !b.Pure && !b.Hoist).ToList();
        var useOrder = inPlace.Select(b => template.UseOrder.IndexOf(b.Parameter.Name)).ToList();
        if (!useOrder.SequenceEqual(useOrder.OrderBy(i => i)))
            foreach (var b in inPlace) b.Hoist = true;

        var changes = new List<TextChange>();
        string newline = NewLine(node.SyntaxTree.GetText(cancellationToken));
        var hoisted = evaluated.Where(b => b.Hoist).ToList();
        if (hoisted.Count > 0)
        {
            var statement = StandaloneStatement(node, out string? problem);
            if (statement is null) return InlinePlan.Fail(problem!);
            string indent = Indentation(statement, node.SyntaxTree.GetText(cancellationToken));
            var declarations = new StringBuilder();
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var b in hoisted)
            {
                string value = b.Cast is null ? b.Text : "(" + b.Cast + ")" + Parenthesized(b.Text);
                if (b.Parameter.Uses == 0)
                {
                    declarations.Append("_ = ").Append(value).Append(';').Append(newline).Append(indent);
                    b.Text = "default";
                    continue;
                }
                string name = FreshName(b.LocalName, model, statement, taken);
                taken.Add(name);
                string type = b.Cast is null ? "var" : b.Type.ToMinimalDisplayString(model, position);
                declarations.Append(type).Append(' ').Append(name).Append(" = ").Append(b.Cast is null ? b.Text : b.Text)
                    .Append(';').Append(newline).Append(indent);
                b.Text = name;
                b.Cast = null;
            }
            changes.Add(new TextChange(new TextSpan(statement.SpanStart, 0), declarations.ToString()));
        }

        // Substitute, then shorten the names.
        var expression = SyntaxFactory.ParseExpression(template.Expression);
        var byName = bindings.ToDictionary(b => b.Parameter.Name, StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < template.TypeParameters.Length && i < typeArguments.Length; i++)
            types[template.TypeParameters[i]] = typeArguments[i].ToMinimalDisplayString(model, position);
        if (template.TypeParameters.Length != typeArguments.Length) return InlinePlan.Fail("the type arguments do not match the template");
        expression = (ExpressionSyntax)new Substituter(byName, types).Visit(expression);
        var imports = new SortedSet<string>(StringComparer.Ordinal);
        expression = (ExpressionSyntax)new NameShortener(model, position, imports, final: false, cancellationToken).Visit(expression);
        string replacement = expression.ToFullString();

        // Fit the result to where it goes.
        if (node.Parent is ExpressionStatementSyntax && !IsStatementExpression(expression))
            replacement = "_ = " + replacement;
        else if (NeedsParentheses(node, expression) || (node.Parent is InterpolationSyntax && replacement.Contains(':')))
            // In an interpolation hole a ':' (global::, ?:) would start the format string.
            replacement = "(" + replacement + ")";
        var main = new TextChange(node.Span, replacement);
        changes.Add(main);
        foreach (var ns in imports)
            if (UsingInsertion(node.SyntaxTree.GetCompilationUnitRoot(cancellationToken), ns, newline) is { } insertion) changes.Add(insertion);
        var ordered = changes.OrderBy(c => c.Span.Start).ToImmutableArray();
        int start = node.Span.Start + ordered.Where(c => c.Span.End <= node.Span.Start && !c.Equals(main)).Sum(c => c.NewText!.Length - c.Span.Length);
        string? ns0 = site.Member.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        return new InlinePlan(ordered, null, new TextSpan(start, replacement.Length), ns0);
    }

    /// <summary>What a parameter is bound to at this site.</summary>
    private sealed class Binding(InlineParameter parameter, string text, ITypeSymbol type, bool pure, int position, string localName, string? cast)
    {
        public InlineParameter Parameter { get; } = parameter;
        public string Text { get; set; } = text;
        public ITypeSymbol Type { get; } = type;
        public bool Pure { get; } = pure;
        public int Position { get; } = position;
        public string LocalName { get; } = localName;
        public string? Cast { get; set; } = cast;
        public bool Hoist { get; set; }

        public string Value => Cast is null ? Text : "(" + Cast + ")" + Parenthesized(Text);
    }

    private static string Text(SyntaxNode node) => node.WithoutTrivia().ToFullString();

    // Values whose evaluation has no effect and whose result nothing in the template can change:
    // they may be copied, dropped or moved.
    private static bool IsPure(IOperation operation)
    {
        if (operation.ConstantValue.HasValue) return true;
        return operation switch
        {
            ILiteralOperation or IDefaultValueOperation or ITypeOfOperation or INameOfOperation or IInstanceReferenceOperation => true,
            ILocalReferenceOperation or IParameterReferenceOperation => true,
            IFieldReferenceOperation { Field: { IsReadOnly: true, IsStatic: true } } => true,
            IConversionOperation { IsImplicit: true } c => IsPure(c.Operand),
            _ => false,
        };
    }

    private static string? DefaultValue(IParameterSymbol parameter, SemanticModel model, int position)
    {
        if (!parameter.HasExplicitDefaultValue) return null;
        string type = parameter.Type.ToMinimalDisplayString(model, position);
        object? value = parameter.ExplicitDefaultValue;
        if (value is null) return "default(" + type + ")";
        string literal = SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false);
        return value is int or bool or string or double or char && parameter.Type.TypeKind != TypeKind.Enum
            ? literal
            : "(" + type + ")" + Parenthesized(literal);
    }

    private static string Parenthesized(string text)
    {
        var e = SyntaxFactory.ParseExpression(text);
        return IsPrimary(e) ? text : "(" + text + ")";
    }

    internal static bool IsPrimary(ExpressionSyntax e) => e is IdentifierNameSyntax or GenericNameSyntax or LiteralExpressionSyntax
        or ParenthesizedExpressionSyntax or InvocationExpressionSyntax or MemberAccessExpressionSyntax or ElementAccessExpressionSyntax
        or ThisExpressionSyntax or BaseObjectCreationExpressionSyntax or TypeOfExpressionSyntax or DefaultExpressionSyntax
        or AliasQualifiedNameSyntax or QualifiedNameSyntax or PredefinedTypeSyntax or InterpolatedStringExpressionSyntax
        or CheckedExpressionSyntax or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax
        || e.IsKind(SyntaxKind.SuppressNullableWarningExpression);

    private static bool IsStatementExpression(ExpressionSyntax e) => e is InvocationExpressionSyntax or AssignmentExpressionSyntax
        or BaseObjectCreationExpressionSyntax or AwaitExpressionSyntax
        || e.IsKind(SyntaxKind.PreIncrementExpression) || e.IsKind(SyntaxKind.PreDecrementExpression) || e is PostfixUnaryExpressionSyntax;

    private static bool NeedsParentheses(SyntaxNode site, ExpressionSyntax replacement)
    {
        if (IsPrimary(replacement)) return false;
        return site.Parent is not (ArgumentSyntax or EqualsValueClauseSyntax or ReturnStatementSyntax or ExpressionStatementSyntax
            or ArrowExpressionClauseSyntax or ParenthesizedExpressionSyntax or InitializerExpressionSyntax or AttributeArgumentSyntax);
    }

    // The statement the site can be hoisted out of: the call must be the first thing the
    // statement evaluates, so that locals declared before it keep the order of evaluation.
    private static StatementSyntax? StandaloneStatement(SyntaxNode site, out string? problem)
    {
        problem = null;
        StatementSyntax? statement = site.Parent switch
        {
            ExpressionStatementSyntax s => s,
            ReturnStatementSyntax r => r,
            EqualsValueClauseSyntax
            {
                Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax l } }
            } => l,
            AssignmentExpressionSyntax { Left: IdentifierNameSyntax, Parent: ExpressionStatementSyntax s } a
                when a.Right == site && a.IsKind(SyntaxKind.SimpleAssignmentExpression) => s,
            _ => null,
        };
        if (statement is null)
        {
            problem = "its arguments need locals, and the call is not a statement of its own " +
                "(a call, 'return call', 'var x = call' or 'x = call'): make it one, then inline";
            return null;
        }
        if (statement.Parent is not (BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax))
        {
            problem = "its arguments need locals, and the statement is not in a block: add braces, then inline";
            return null;
        }
        if (statement is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } or LocalDeclarationStatementSyntax { IsConst: true })
        {
            problem = "its arguments need locals, and the statement is a using or const declaration";
            return null;
        }
        return statement;
    }

    private static string Indentation(SyntaxNode statement, SourceText text)
    {
        var line = text.Lines.GetLineFromPosition(statement.SpanStart);
        string before = text.ToString(TextSpan.FromBounds(line.Start, statement.SpanStart));
        return before.Trim().Length == 0 ? before : "";
    }

    internal static string NewLine(SourceText text)
    {
        foreach (var line in text.Lines)
            if (line.EndIncludingLineBreak > line.End)
                return text.ToString(TextSpan.FromBounds(line.End, line.EndIncludingLineBreak));
        return "\n";
    }

    // A local name no symbol in scope has and no identifier in the enclosing member uses (a
    // later declaration of the same name would clash with it).
    private static string FreshName(string wanted, SemanticModel model, SyntaxNode statement, HashSet<string> taken)
    {
        var scope = statement.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
            or LocalFunctionStatementSyntax or CompilationUnitSyntax or AnonymousFunctionExpressionSyntax)
            ?? statement;
        // Argument names (`a:`) are not variables.
        var used = new HashSet<string>(scope.DescendantTokens()
            .Where(t => t.IsKind(SyntaxKind.IdentifierToken) && t.Parent?.Parent is not NameColonSyntax)
            .Select(t => t.ValueText), StringComparer.Ordinal);
        for (int i = 0; ; i++)
        {
            string name = i == 0 ? wanted : wanted + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None) continue;
            if (!used.Contains(name) && !taken.Contains(name) && model.LookupSymbols(statement.SpanStart, name: name).IsEmpty) return name;
        }
    }

    internal static TextChange? UsingInsertion(CompilationUnitSyntax root, string ns, string newline)
    {
        if (root.Usings.Any(u => u.Alias is null && u.StaticKeyword.RawKind == 0 && u.Name?.ToString() == ns)) return null;
        string line = "using " + ns + ";";
        var plain = root.Usings.Where(u => u.Alias is null && u.StaticKeyword.RawKind == 0 && u.GlobalKeyword.RawKind == 0).ToList();
        if (plain.Count > 0)
        {
            // Sorted among the plain usings (System first, as dotnet_sort_system_directives_first does by default).
            var after = plain.LastOrDefault(u => Compare(u.Name!.ToString(), ns) < 0);
            return after is null
                ? new TextChange(new TextSpan(plain[0].SpanStart, 0), line + newline)
                : new TextChange(new TextSpan(after.FullSpan.End, 0), line + newline);
        }
        if (root.Usings.Count > 0) return new TextChange(new TextSpan(root.Usings.Last().FullSpan.End, 0), line + newline);
        var first = (SyntaxNode?)root.Externs.FirstOrDefault() ?? root.Members.FirstOrDefault();
        int at = first is null ? root.FullSpan.End : first.SpanStart;
        // After the file's leading comments (a license header), before the first declaration.
        return new TextChange(new TextSpan(at, 0), line + newline + newline);
    }

    private static int Compare(string a, string b)
    {
        bool sa = a == "System" || a.StartsWith("System.", StringComparison.Ordinal), sb = b == "System" || b.StartsWith("System.", StringComparison.Ordinal);
        if (sa != sb) return sa ? -1 : 1;
        return string.CompareOrdinal(a, b);
    }

    /// <summary>Parameters, <c>this</c> and type parameters of the template replaced by the site's.</summary>
    private sealed class Substituter(Dictionary<string, Binding> bindings, Dictionary<string, string> types) : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (node.Parent is MemberAccessExpressionSyntax { Name: var n } && n == node) return node;
            if (node.Parent is QualifiedNameSyntax { Right: var r } && r == node) return node;
            if (node.Parent is NameColonSyntax or AliasQualifiedNameSyntax) return node;
            string name = node.Identifier.ValueText;
            if (bindings.TryGetValue(name, out var b)) return Value(b, node);
            if (types.TryGetValue(name, out var t)) return SyntaxFactory.ParseTypeName(t).WithTriviaFrom(node);
            return node;
        }

        public override SyntaxNode? VisitThisExpression(ThisExpressionSyntax node) =>
            bindings.TryGetValue("this", out var b) ? Value(b, node) : node;

        private static SyntaxNode Value(Binding b, ExpressionSyntax node)
        {
            var value = SyntaxFactory.ParseExpression(b.Value);
            // Operands of an operator, a member access or an element access need parentheses unless primary.
            if (!IsPrimary(value)
                && node.Parent is not (ArgumentSyntax or ParenthesizedExpressionSyntax or EqualsValueClauseSyntax or InitializerExpressionSyntax))
                value = SyntaxFactory.ParenthesizedExpression(value);
            return value.WithTriviaFrom(node);
        }
    }

    /// <summary>
    /// <c>global::N.T</c> becomes <c>T</c> where <c>T</c> already means that type here, or where a
    /// <c>using N;</c> can be added without giving another name in the file a second meaning;
    /// otherwise <c>N.T</c> where that is unambiguous, otherwise it stays as it is.
    /// </summary>
    internal sealed class NameShortener(SemanticModel model, int position, SortedSet<string> imports, bool final, CancellationToken cancellationToken)
        : CSharpSyntaxRewriter
    {
        private HashSet<string>? _identifiers;

        public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node) =>
            Shorten(node) ?? base.VisitMemberAccessExpression(node);

        public override SyntaxNode? VisitQualifiedName(QualifiedNameSyntax node) =>
            Shorten(node) ?? base.VisitQualifiedName(node);

        public override SyntaxNode? VisitAliasQualifiedName(AliasQualifiedNameSyntax node) =>
            Shorten(node) ?? base.VisitAliasQualifiedName(node);

        private SyntaxNode? Shorten(SyntaxNode node)
        {
            if (!StartsWithGlobal(node)) return null;
            var type = Bind(node) as INamedTypeSymbol;
            if (type is null) return null;
            // The outermost type of a chain only: its left part must be a namespace.
            var left = node switch
            {
                MemberAccessExpressionSyntax m => (SyntaxNode)m.Expression,
                QualifiedNameSyntax q => q.Left,
                _ => null,
            };
            if (left is not null && Bind(left) is not INamespaceSymbol) return null;
            SimpleNameSyntax name = node switch
            {
                MemberAccessExpressionSyntax m => m.Name,
                QualifiedNameSyntax q => q.Right,
                AliasQualifiedNameSyntax a => a.Name,
                _ => throw new InvalidOperationException(),
            };
            name = (SimpleNameSyntax)Visit(name)!; // its type arguments
            var visible = model.LookupNamespacesAndTypes(position, name: type.Name).OfType<INamedTypeSymbol>().Where(t => t.Arity == type.Arity).ToList();
            if (visible.Count == 1 && SymbolEqualityComparer.Default.Equals(visible[0].OriginalDefinition, type.OriginalDefinition))
                return name.WithTriviaFrom(node);
            var ns = type.ContainingNamespace;
            if (visible.Count == 0 && type.ContainingType is null && ns is { IsGlobalNamespace: false } && CanImport(ns, type))
            {
                imports.Add(ns.ToDisplayString());
                return name.WithTriviaFrom(node);
            }
            // Until the file's now-unused usings are gone (InlineCleanup), a conflict may be temporary.
            if (!final) return node is AliasQualifiedNameSyntax ? null : ReplaceInner(node, name);
            // N.T, where N's first part means the global namespace's N here.
            var parts = ns.ToDisplayString().Split('.');
            var firstVisible = model.LookupNamespacesAndTypes(position, name: parts[0]);
            if (!ns.IsGlobalNamespace && firstVisible.Length == 1 && firstVisible[0] is INamespaceSymbol { ContainingNamespace.IsGlobalNamespace: true })
            {
                string text = ns.ToDisplayString() + "." + name.ToFullString();
                return (node is ExpressionSyntax and not NameSyntax ? SyntaxFactory.ParseExpression(text) : SyntaxFactory.ParseName(text)).WithTriviaFrom(node);
            }
            return null;
        }

        // The chain with only the type's own type arguments shortened.
        private static SyntaxNode ReplaceInner(SyntaxNode node, SimpleNameSyntax name) => node switch
        {
            MemberAccessExpressionSyntax m => m.WithName(name),
            QualifiedNameSyntax q => q.WithRight(name),
            _ => node,
        };

        // Importing N must not change what another simple name in this file means: refuse when
        // N has a type whose name the file already uses as an identifier.
        private bool CanImport(INamespaceSymbol ns, INamedTypeSymbol type)
        {
            _identifiers ??= new HashSet<string>(model.SyntaxTree.GetRoot(cancellationToken).DescendantTokens()
                .Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText), StringComparer.Ordinal);
            foreach (var other in ns.GetTypeMembers())
                if (other.Name != type.Name && _identifiers.Contains(other.Name)) return false;
            foreach (var nested in ns.GetNamespaceMembers())
                if (_identifiers.Contains(nested.Name)) return false;
            return true;
        }

        private static bool StartsWithGlobal(SyntaxNode node)
        {
            while (true)
            {
                switch (node)
                {
                    case AliasQualifiedNameSyntax a: return a.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword);
                    case MemberAccessExpressionSyntax m: node = m.Expression; break;
                    case QualifiedNameSyntax q: node = q.Left; break;
                    default: return false;
                }
            }
        }

        private ISymbol? Bind(SyntaxNode node)
        {
            var asType = SyntaxFactory.ParseTypeName(node.ToString());
            return model.GetSpeculativeSymbolInfo(position, asType, SpeculativeBindingOption.BindAsTypeOrNamespace).Symbol;
        }
    }
}

internal static class OperationExtensions
{
    public static bool HasErrors(this IOperation operation, Compilation compilation, CancellationToken cancellationToken) =>
        operation.Syntax.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)
        || compilation.GetSemanticModel(operation.Syntax.SyntaxTree).GetDiagnostics(operation.Syntax.Span, cancellationToken)
            .Any(d => d.Severity == DiagnosticSeverity.Error);
}
