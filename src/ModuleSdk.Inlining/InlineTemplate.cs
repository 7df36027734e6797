using System.Collections.Immutable;
using System.Text;

namespace ModuleSdk.Inlining;

/// <summary>
/// A marked member's body as consumers receive it: a C# expression in which every type, namespace
/// and static member is written with <c>global::</c>, every instance member through <c>this.</c>,
/// and every parameter and method type parameter by its name (so any other simple name in it is
/// a member name after a dot or an argument name). Per parameter, how often the body uses it and
/// whether every use is evaluated unconditionally and before anything with possible side effects,
/// which tells the consumer when an argument can be substituted in place and when it needs a local.
/// </summary>
internal sealed class InlineTemplate
{
    private const string Version = "modulesdk-inline 1";

    public InlineTemplate(InlineKind kind, ImmutableArray<InlineParameter> parameters, ImmutableArray<string> typeParameters,
        ImmutableArray<string> useOrder, string expression)
    {
        Kind = kind;
        Parameters = parameters;
        TypeParameters = typeParameters;
        UseOrder = useOrder;
        Expression = expression;
    }

    /// <summary>What kind of member the template replaces.</summary>
    public InlineKind Kind { get; }

    /// <summary>The member's parameters, in declaration order (an extension method's receiver first).</summary>
    public ImmutableArray<InlineParameter> Parameters { get; }

    /// <summary>The method's type parameters, in declaration order.</summary>
    public ImmutableArray<string> TypeParameters { get; }

    /// <summary>Parameter names (and <c>this</c>) in the order the body first uses them.</summary>
    public ImmutableArray<string> UseOrder { get; }

    /// <summary>The body.</summary>
    public string Expression { get; }

    /// <summary>The text stored in the assembly attribute.</summary>
    public string Format()
    {
        var s = new StringBuilder();
        s.Append(Version).Append('\n');
        s.Append("kind ").Append(Kind.ToString().ToLowerInvariant()).Append('\n');
        foreach (var p in Parameters)
            s.Append("param ").Append(p.Name).Append(' ').Append(p.Uses).Append(' ').Append(p.Clean ? "clean" : "unordered").Append('\n');
        foreach (var t in TypeParameters) s.Append("tparam ").Append(t).Append('\n');
        s.Append("order");
        foreach (var u in UseOrder) s.Append(' ').Append(u);
        s.Append('\n');
        s.Append("expr ").Append(Expression);
        return s.ToString();
    }

    /// <summary>Reads a template written by <see cref="Format"/>; null for anything else (a newer format, a damaged attribute).</summary>
    public static InlineTemplate? Parse(string? text)
    {
        if (text is null) return null;
        int exprAt = text.IndexOf("\nexpr ", StringComparison.Ordinal);
        if (exprAt < 0) return null;
        var lines = text.Substring(0, exprAt).Split('\n');
        if (lines.Length < 2 || lines[0] != Version) return null;
        InlineKind? kind = null;
        var parameters = ImmutableArray.CreateBuilder<InlineParameter>();
        var typeParameters = ImmutableArray.CreateBuilder<string>();
        var order = ImmutableArray<string>.Empty;
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(' ');
            switch (f[0])
            {
                case "kind" when f.Length == 2:
                    kind = f[1] switch
                    {
                        "method" => InlineKind.Method,
                        "property" => InlineKind.Property,
                        "field" => InlineKind.Field,
                        "constructor" => InlineKind.Constructor,
                        _ => null,
                    };
                    break;
                case "param" when f.Length == 4 && int.TryParse(f[2], out int uses):
                    parameters.Add(new InlineParameter(f[1], uses, f[3] == "clean"));
                    break;
                case "tparam" when f.Length == 2:
                    typeParameters.Add(f[1]);
                    break;
                case "order":
                    order = f.Skip(1).ToImmutableArray();
                    break;
                default:
                    return null;
            }
        }
        if (kind is null) return null;
        return new InlineTemplate(kind.Value, parameters.ToImmutable(), typeParameters.ToImmutable(), order, text.Substring(exprAt + "\nexpr ".Length));
    }
}

/// <summary>The kinds of member <c>[Inline]</c> applies to.</summary>
internal enum InlineKind
{
    Method,
    Property,
    Field,
    Constructor,
}

/// <summary>One parameter of a template: its name, how many times the body uses it, and whether those uses are "clean".</summary>
/// <param name="Name">The parameter's name (<c>this</c> for an instance member's receiver).</param>
/// <param name="Uses">How many times the body names it.</param>
/// <param name="Clean">
/// True when it is used at most once, unconditionally, and nothing the body evaluates before
/// that use can have side effects: an argument with side effects can then take its place.
/// </param>
internal sealed record InlineParameter(string Name, int Uses, bool Clean);
