namespace Gamma;

/// <summary>Module C: needs logging v1.3.2 or later.</summary>
public static class Greeter
{
    public static void Hello() => Logging.Log.Info("hello from gamma v1.0.0");
}
