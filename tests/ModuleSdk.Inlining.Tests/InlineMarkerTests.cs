using Microsoft.CodeAnalysis;

namespace ModuleSdk.Inlining.Tests;

/// <summary>The author's side: which markers the analyzer rejects (MOD9101, with the reason), and what the generator records.</summary>
[TestClass]
public sealed class InlineMarkerTests
{
    private const string Prelude = """
        using ModuleSdk;
        namespace P
        {
            public class New
            {
                public static int Value(int x) => x;
                internal static int Hidden(int x) => x;
                public int Instance(int x) => x;
                public static void Ref(ref int x) { }
            }
            public class C
            {
                private int _field;
                MEMBER
            }
            public struct S
            {
                public int X;
                [Inline] public int Get() => X;
            }
        }
        """;

    public static IEnumerable<object[]> Rejected =>
    [
        ["[Inline] public static int M(int x) { var y = x; return y; }", "is not a single expression"],
        ["[Inline] public static int M(int x) => New.Hidden(x);", "which is not public"],
        ["[Inline] public int M(int x) => _field + x;", "which is not public"],
        ["[Inline] internal static int M(int x) => New.Value(x);", "it is not public"],
        ["[Inline] public static void M(ref int x) => New.Ref(ref x);", "parameter 'x' is ref"],
        ["[Inline] public static void M(out int x) => x = 1;", "parameter 'x' is out"],
        ["[Inline] public static int M(int x) => x == 0 ? 0 : M(x - 1);", "calls itself"],
        ["[Inline] public virtual int M(int x) => New.Value(x);", "virtual"],
        ["[Inline] public static int M(params int[] x) => New.Value(x[0]);", "params array"],
        ["[Inline] public static int M(int x) => new System.Func<int, int>(y => y)(x);", "lambda"],
        ["[Inline] public static int M(int x) => x++;", "assigns parameter 'x'"],
        ["[Inline] public int P { get; set; }", "has a setter"],
        ["[Inline] public static int F = 1;", "not const"],
        ["[Inline] public C(int x) { _field = x; }", "constructor can be inlined only"],
    ];

    [TestMethod]
    [DynamicData(nameof(Rejected))]
    public void Rejects(string member, string reason)
    {
        var compilation = Compiler.Generate("P", [Prelude.Replace("MEMBER", member)]);
        var diagnostics = Compiler.Analyze(compilation).Where(d => d.Id == "MOD9101").ToList();
        // The struct's instance member is rejected in every case.
        Assert.IsTrue(diagnostics.Any(d => d.GetMessage().Contains("instance member of a struct", StringComparison.Ordinal)), string.Join("\n", diagnostics));
        var own = diagnostics.Where(d => !d.GetMessage().Contains("instance member of a struct", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(1, own.Count, member + ":\n" + string.Join("\n", Compiler.Analyze(compilation)));
        StringAssert.Contains(own[0].GetMessage(), reason);
        Assert.AreEqual(DiagnosticSeverity.Error, own[0].Severity);
    }

    [TestMethod]
    public void Accepts_AndRecordsTheTemplateInTheAssembly()
    {
        var compilation = Compiler.Generate("P", [Prelude.Replace("MEMBER", """
            [Inline] public static int M(int x) => New.Value(x) + New.Value(x);
            [Inline] public int I(int x) => new New().Instance(x);
            [Inline] public const int K = 3;
            [Inline] public C() : this(1) { }
            public C(int x) { _field = x; }
            """)]);
        var errors = Compiler.Analyze(compilation).Where(d => !d.GetMessage().Contains("instance member of a struct", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(0, errors.Count, string.Join("\n", errors));
        var templates = compilation.Assembly.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() == "ModuleSdk.InlineTemplateAttribute")
            .ToDictionary(a => (string)a.ConstructorArguments[0].Value!, a => InlineTemplate.Parse((string)a.ConstructorArguments[1].Value!)!);
        Assert.AreEqual("global::P.New.Value(x) + global::P.New.Value(x)", templates["M:P.C.M(System.Int32)"].Expression);
        Assert.AreEqual(2, templates["M:P.C.M(System.Int32)"].Parameters.Single().Uses);
        Assert.AreEqual("new global::P.New().Instance(x)", templates["M:P.C.I(System.Int32)"].Expression);
        Assert.AreEqual("3", templates["F:P.C.K"].Expression);
        Assert.AreEqual("new global::P.C(1)", templates["M:P.C.#ctor"].Expression);
        // The marker itself is kept in the compiled module, where consumers look for it.
        using var image = new MemoryStream();
        Assert.IsTrue(compilation.Emit(image).Success);
        var reference = MetadataReference.CreateFromImage(image.ToArray());
        var consumer = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("App", [], Compiler.Runtime.Add(reference));
        var member = ((IAssemblySymbol)consumer.GetAssemblyOrModuleSymbol(reference)!).GetTypeByMetadataName("P.C")!.GetMembers("M").Single();
        Assert.IsNotNull(InlineSites.TemplateOf(member));
    }
}
