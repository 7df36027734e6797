using ModuleSdk;

namespace P;

/// <summary>
/// The foo feature's v1 API, kept working on top of v2: each member forwards to v2 and is marked
/// [Inline], so every consumer gets a MOD9100 suggestion and `dotnet mod fix` rewrites its calls
/// to use v2 directly. (ModuleSdk adds InlineAttribute to every ModuleSdk project.)
/// </summary>
public static class Foo
{
    /// <summary>Whether foo is on.</summary>
    [Inline] public static bool Enabled => P.V2.Foo.Enabled;

    /// <summary>Turns foo on.</summary>
    [Inline] public static void EnableFoo() => P.V2.Foo.SetFoo(true);

    /// <summary>Turns foo off.</summary>
    [Inline] public static void DisableFoo() => P.V2.Foo.SetFoo(false);
}
