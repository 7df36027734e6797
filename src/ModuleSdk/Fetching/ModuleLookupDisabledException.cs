using ModuleSdk.Diagnostics;

namespace ModuleSdk.Fetching;

/// <summary>
/// <c>MODPROXY=off</c> forbade the lookup. A kind of "not found" (Go's <c>errProxyOff</c> is a
/// not-exist error), so that callers treating a missing module gracefully do the same here; it
/// has its own code, <see cref="DiagnosticCodes.ModuleLookupDisabled"/>.
/// </summary>
public sealed class ModuleLookupDisabledException(string message)
    : ModuleNotFoundException(DiagnosticCodes.ModuleLookupDisabled, message, null);
