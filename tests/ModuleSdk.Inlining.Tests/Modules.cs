using Microsoft.CodeAnalysis;

namespace ModuleSdk.Inlining.Tests;

/// <summary>
/// The modules of the tests, compiled once: example.com/p/v2 (assembly P.V2, namespace P.V2) with
/// the new API, and example.com/p v1.1.0 (assembly P, namespace P) whose old API forwards to it
/// with [Inline], one member per shape the inliner handles.
/// </summary>
internal static class Modules
{
    public const string V2Source = """
        namespace P.V2
        {
            public static class Foo
            {
                public static bool State { get; private set; }
                public static void SetFoo(bool on) { State = on; }
                public static int Add(int a, int b) => a + b;
                public static int Scale(int value, int factor) => value * factor;
                public static T Echo<T>(T value) => value;
                public static string Pair<T, U>(T first, U second) => $"{first},{second}";
                public static long Widen(long value) => value;
                public const int Limit = 10;
                public static int Current => 42;
            }

            public static class Text
            {
                public static string Shout(this string s) => s.ToUpperInvariant();
            }

            public sealed class Widget
            {
                public Widget(string name, int size) { Name = name; Size = size; }
                public string Name { get; }
                public int Size { get; }
                public int Area(int by) => Size * by;
            }
        }
        """;

    public const string V1Source = """
        using ModuleSdk;
        using P.V2;

        namespace P
        {
            public static class Foo
            {
                [Inline] public static void EnableFoo() => P.V2.Foo.SetFoo(true);
                [Inline] public static void DisableFoo() => V2.Foo.SetFoo(false);
                [Inline] public static int Sum(int a, int b) => P.V2.Foo.Add(a, b);
                [Inline] public static int Swapped(int a, int b) => P.V2.Foo.Add(b, a);
                [Inline] public static int Twice(int a) => P.V2.Foo.Add(a, a);
                [Inline] public static int Ignore(int a) => P.V2.Foo.Current;
                [Inline] public static int Scaled(int value, int factor = 2) => P.V2.Foo.Scale(value, factor);
                [Inline] public static T Same<T>(T value) => P.V2.Foo.Echo<T>(value);
                [Inline] public static string Both<T>(T first, string second) => P.V2.Foo.Pair<T, string>(first, second);
                [Inline] public static long Long(long value) => P.V2.Foo.Widen(value);
                [Inline] public static string Loud(this string s) => s.Shout();
                [Inline] public const int MaxItems = P.V2.Foo.Limit;
                [Inline] public static int Answer => P.V2.Foo.Current;
                [Inline] public static int AnswerPlus(int a) => P.V2.Foo.Current + a;
                [Inline] public static int Sum3(int a, int b, int c) => P.V2.Foo.Add(P.V2.Foo.Add(a, b), c);
            }

            public sealed class Gadget
            {
                private readonly Widget _widget;
                [Inline] public Gadget(string name) : this(name, 1) { }
                public Gadget(string name, int size) { _widget = new Widget(name, size); }
                public Widget Widget => _widget;
                [Inline] public int Doubled(int by) => Widget.Area(by * 2);
            }
        }
        """;

    public static readonly MetadataReference V2 = Compiler.Module("P.V2", V2Source);
    public static readonly MetadataReference V1 = Compiler.Module("P", V1Source, V2);
}
