namespace Beta;

/// <summary>Module B: needs logging v1.2.0 or later.</summary>
public static class Greeter
{
    public static void Hello() => Logging.Log.Info("hello from beta v1.2.0");
}
