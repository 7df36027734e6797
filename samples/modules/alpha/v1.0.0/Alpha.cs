namespace Alpha;

/// <summary>Module A: needs logging v1.0.6 or later.</summary>
public static class Greeter
{
    public static void Hello() => Logging.Log.Info("hello from alpha v1.0.0");
}
