namespace ModuleSdk.Inlining.Tests;

/// <summary>
/// The code fix on a table of cases, each the consumer's file before (MOD9100 sites marked) and
/// the expected file after. Roslyn's test framework applies the fix site by site and also with
/// Fix All, and checks both give the expected text and that it compiles.
/// </summary>
[TestClass]
public sealed class InlineCodeFixTests
{
    // The consumer's helpers: calls with side effects, whose order the inliner must keep.
    private const string Helpers = """

            static int F() => 1;
            static int G() => 2;
            static int H() => 3;
            static P.Gadget Make() => new P.Gadget("m", 2);
        """;

    public static IEnumerable<object[]> Cases =>
    [
        ["no arguments; the old namespace's using goes, the new one comes",
            """
            using P;

            class C
            {
                void M()
                {
                    {|MOD9100:Foo.EnableFoo()|};
                    {|MOD9100:Foo.DisableFoo()|};
                }
            }
            """,
            """
            using P.V2;

            class C
            {
                void M()
                {
                    Foo.SetFoo(true);
                    Foo.SetFoo(false);
                }
            }
            """,
            """
            using P.V2;

            class C
            {
                void M()
                {
                    P.V2.Foo.SetFoo(true);
                    Foo.SetFoo(false);
                }
            }
            """],
        ["arguments without side effects are substituted",
            """
            using P;

            class C
            {
                int M(int y) => {|MOD9100:Foo.Sum(1, y)|} + {|MOD9100:Foo.Swapped(1, y)|};
            }
            """,
            """
            using P.V2;

            class C
            {
                int M(int y) => Foo.Add(1, y) + Foo.Add(y, 1);
            }
            """,
            """
            using P.V2;

            class C
            {
                int M(int y) => P.V2.Foo.Add(1, y) + Foo.Add(y, 1);
            }
            """],
        ["arguments with side effects used once and in order are substituted",
            """
            using P;

            class C
            {
                int M() => {|MOD9100:Foo.Sum(F(), G())|};
            HELPERS
            }
            """,
            """
            using P.V2;

            class C
            {
                int M() => Foo.Add(F(), G());
            HELPERS
            }
            """],
        ["arguments used out of order get locals",
            """
            using P;

            class C
            {
                int M()
                {
                    int x = {|MOD9100:Foo.Swapped(F(), G())|};
                    return x;
                }
            HELPERS
            }
            """,
            """
            using P.V2;

            class C
            {
                int M()
                {
                    var a = F();
                    var b = G();
                    int x = Foo.Add(b, a);
                    return x;
                }
            HELPERS
            }
            """],
        ["no fix where locals are needed inside a larger expression",
            """
            using P;

            class C
            {
                int M()
                {
                    int a = 0;
                    return {|MOD9100:Foo.Twice(F())|} + a;
                }
            HELPERS
            }
            """,
            """
            using P;

            class C
            {
                int M()
                {
                    int a = 0;
                    return {|MOD9100:Foo.Twice(F())|} + a;
                }
            HELPERS
            }
            """],
        ["an argument used twice in a statement of its own",
            """
            using P;

            class C
            {
                int M()
                {
                    int a = 0;
                    a += 1;
                    int x = {|MOD9100:Foo.Twice(F())|};
                    return x + a;
                }
            HELPERS
            }
            """,
            """
            using P.V2;

            class C
            {
                int M()
                {
                    int a = 0;
                    a += 1;
                    var a1 = F();
                    int x = Foo.Add(a1, a1);
                    return x + a;
                }
            HELPERS
            }
            """],
        ["an unused argument with side effects is still evaluated",
            """
            using P;

            class C
            {
                int M()
                {
                    return {|MOD9100:Foo.Ignore(F())|};
                }
            HELPERS
            }
            """,
            """
            using P.V2;

            class C
            {
                int M()
                {
                    _ = F();
                    return Foo.Current;
                }
            HELPERS
            }
            """],
        ["named arguments out of order keep the order they were written in",
            """
            using P;

            class C
            {
                void M()
                {
                    {|MOD9100:Foo.Sum(b: F(), a: G())|};
                }
            HELPERS
            }
            """,
            """
            using P.V2;

            class C
            {
                void M()
                {
                    var b = F();
                    var a = G();
                    Foo.Add(a, b);
                }
            HELPERS
            }
            """],
        ["default values and named arguments",
            """
            using P;

            class C
            {
                int M() => {|MOD9100:Foo.Scaled(3)|} + {|MOD9100:Foo.Scaled(factor: 4, value: 5)|};
            }
            """,
            """
            using P.V2;

            class C
            {
                int M() => Foo.Scale(3, 2) + Foo.Scale(5, 4);
            }
            """,
            """
            using P.V2;

            class C
            {
                int M() => P.V2.Foo.Scale(3, 2) + Foo.Scale(5, 4);
            }
            """],
        ["generic type arguments, inferred and substituted",
            """
            using P;

            class C
            {
                string M() => {|MOD9100:Foo.Same(5)|} + {|MOD9100:Foo.Both(1.5, "x")|};
            }
            """,
            """
            using P.V2;

            class C
            {
                string M() => Foo.Echo<int>(5) + Foo.Pair<double, string>(1.5, "x");
            }
            """,
            """
            using P.V2;

            class C
            {
                string M() => P.V2.Foo.Echo<int>(5) + Foo.Pair<double, string>(1.5, "x");
            }
            """],
        ["an implicit conversion becomes a cast",
            """
            using P;

            class C
            {
                long M() => {|MOD9100:Foo.Long(5)|};
            }
            """,
            """
            using P.V2;

            class C
            {
                long M() => Foo.Widen((long)5);
            }
            """],
        ["an extension method call",
            """
            using P;

            class C
            {
                string M(string s) => {|MOD9100:s.Loud()|} + {|MOD9100:"hi".Loud()|};
            }
            """,
            """
            using P.V2;

            class C
            {
                string M(string s) => Text.Shout(s) + Text.Shout("hi");
            }
            """],
        ["constants and properties",
            """
            using P;

            class C
            {
                int M() => {|MOD9100:Foo.MaxItems|} + {|MOD9100:P.Foo.Answer|};
            }
            """,
            """
            using P.V2;

            class C
            {
                int M() => Foo.Limit + Foo.Current;
            }
            """],
        ["a non-primary body is parenthesized",
            """
            using P;

            class C
            {
                int M() => 2 * {|MOD9100:Foo.AnswerPlus(1)|};
            }
            """,
            """
            using P.V2;

            class C
            {
                int M() => 2 * (Foo.Current + 1);
            }
            """],
        ["a constructor; its type's namespace is still used",
            """
            using P;

            class C
            {
                Gadget M() => {|MOD9100:new Gadget("n")|};
            }
            """,
            """
            using P;

            class C
            {
                Gadget M() => new Gadget("n", 1);
            }
            """],
        ["an instance method: the receiver takes this's place",
            """
            using P;

            class C
            {
                int M(Gadget g) => {|MOD9100:g.Doubled(3)|} + {|MOD9100:Make().Doubled(4)|};
            HELPERS
            }
            """,
            """
            using P;

            class C
            {
                int M(Gadget g) => g.Widget.Area(3 * 2) + Make().Widget.Area(4 * 2);
            HELPERS
            }
            """],
        ["an argument evaluated after the body's first effect gets a local",
            """
            using P;

            class C
            {
                int M(Gadget g)
                {
                    return {|MOD9100:g.Doubled(F())|};
                }
            HELPERS
            }
            """,
            """
            using P;

            class C
            {
                int M(Gadget g)
                {
                    var by = F();
                    return g.Widget.Area(by * 2);
                }
            HELPERS
            }
            """],
        ["nested calls: every earlier argument with effects is hoisted too",
            """
            using P;

            class C
            {
                int M()
                {
                    return {|MOD9100:Foo.Sum3(F(), G(), H())|};
                }
            HELPERS
            }
            """,
            """
            using P.V2;

            class C
            {
                int M()
                {
                    var a = F();
                    var b = G();
                    var c = H();
                    return Foo.Add(Foo.Add(a, b), c);
                }
            HELPERS
            }
            """],
        ["a site inside another's argument",
            """
            using P;

            class C
            {
                int M() => {|MOD9100:Foo.Sum({|MOD9100:Foo.Sum(1, 2)|}, 3)|};
            }
            """,
            """
            using P.V2;

            class C
            {
                int M() => Foo.Add(Foo.Add(1, 2), 3);
            }
            """,
            """
            using P.V2;

            class C
            {
                int M() => P.V2.Foo.Add(Foo.Add(1, 2), 3);
            }
            """],
        ["no fix where locals are needed but the call is not a statement of its own",
            """
            using P;

            class C
            {
                void M(bool b, int x)
                {
                    if (b) x = {|MOD9100:Foo.Twice(F())|};
                    System.Console.WriteLine({|MOD9100:Foo.Twice(G())|});
                }
            HELPERS
            }
            """,
            """
            using P;

            class C
            {
                void M(bool b, int x)
                {
                    if (b) x = {|MOD9100:Foo.Twice(F())|};
                    System.Console.WriteLine({|MOD9100:Foo.Twice(G())|});
                }
            HELPERS
            }
            """],
        ["no using where the new namespace would make another name in the file ambiguous",
            """
            using P;

            class Text { }

            class C
            {
                void M() => {|MOD9100:Foo.EnableFoo()|};
            }
            """,
            """
            class Text { }

            class C
            {
                void M() => P.V2.Foo.SetFoo(true);
            }
            """],
        ["the new namespace already imported",
            """
            using P.V2;

            class C
            {
                void M() => {|MOD9100:P.Foo.EnableFoo()|};
            }
            """,
            """
            using P.V2;

            class C
            {
                void M() => Foo.SetFoo(true);
            }
            """],
    ];

    public static string CaseName(System.Reflection.MethodInfo method, object[] data) => (string)data[0];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(CaseName))]
    public async Task Inlines(string name, string before, string afterFixAll, string? afterOneByOne = null)
    {
        _ = name;
        static string Expand(string s) => s.Replace("HELPERS", Helpers.TrimEnd('\n', ' '));
        // Fixing one site at a time, an earlier site cannot know yet that a later fix will remove
        // the using that makes its new name ambiguous: it keeps the namespace.
        var test = new InlineFixTest(Expand(before), Expand(afterOneByOne ?? afterFixAll), Modules.V2, Modules.V1);
        if (afterOneByOne is not null) test.BatchFixedCode = Expand(afterFixAll);
        if (before == afterFixAll) test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        await test.RunAsync();
    }
}
