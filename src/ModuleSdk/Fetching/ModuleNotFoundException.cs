using ModuleSdk.Diagnostics;

namespace ModuleSdk.Fetching;

/// <summary>
/// A source does not have the module or version asked for (HTTP 404/410, a missing file in a
/// <c>file://</c> proxy, an unknown tag). Proxy lists fall through to the next entry on it.
/// </summary>
public class ModuleNotFoundException(string message, Exception? inner = null)
    : ModuleException(DiagnosticCodes.ModuleNotFound, message, inner);
