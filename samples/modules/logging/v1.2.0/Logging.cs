namespace Logging;

/// <summary>The sample logging module (D in Go's MVS walkthrough).</summary>
public static class Log
{
    /// <summary>The version of this module that the build selected.</summary>
    public const string Version = "v1.2.0";

    /// <summary>Writes a line tagged with the logging module's version.</summary>
    public static void Info(string message) => System.Console.WriteLine($"[logging {Version}] {message}");
}
