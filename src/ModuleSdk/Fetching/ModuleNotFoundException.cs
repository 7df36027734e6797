using ModuleSdk.Diagnostics;

namespace ModuleSdk.Fetching;

/// <summary>
/// A source does not have the module or version asked for (HTTP 404/410, a missing file in a
/// <c>file://</c> proxy, an unknown tag). Proxy lists fall through to the next entry on it.
/// </summary>
public class ModuleNotFoundException : ModuleException
{
    /// <summary>Creates a not-found error with the code <see cref="DiagnosticCodes.ModuleNotFound"/>.</summary>
    public ModuleNotFoundException(string message, Exception? inner = null)
        : base(DiagnosticCodes.ModuleNotFound, message, inner)
    {
    }

    /// <summary>
    /// Creates a not-found error with a more specific code, for failures that proxy lists must
    /// treat as "not found" although their cause is different (Go's <c>errProxyOff</c>).
    /// </summary>
    protected ModuleNotFoundException(string code, string message, Exception? inner)
        : base(code, message, inner)
    {
    }
}
