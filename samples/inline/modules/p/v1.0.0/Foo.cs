namespace P;

/// <summary>The foo feature, as example.com/p v1 first shipped it.</summary>
public static class Foo
{
    /// <summary>Whether foo is on.</summary>
    public static bool Enabled { get; private set; }

    /// <summary>Turns foo on.</summary>
    public static void EnableFoo() => Enabled = true;

    /// <summary>Turns foo off.</summary>
    public static void DisableFoo() => Enabled = false;
}
