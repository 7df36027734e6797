namespace P.V2;

/// <summary>The foo feature, v2's API: one setter instead of EnableFoo/DisableFoo.</summary>
public static class Foo
{
    /// <summary>Whether foo is on.</summary>
    public static bool Enabled { get; private set; }

    /// <summary>Turns foo on or off.</summary>
    public static void SetFoo(bool on) => Enabled = on;
}
