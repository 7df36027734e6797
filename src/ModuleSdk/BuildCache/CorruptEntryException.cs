using ModuleSdk.Diagnostics;

namespace ModuleSdk.BuildCache;

/// <summary>
/// A build cache entry whose files do not match its manifest
/// (<see cref="DiagnosticCodes.BuildCacheEntryCorrupt"/>); the entry has been removed.
/// </summary>
public sealed class CorruptEntryException(string message) : ModuleException(DiagnosticCodes.BuildCacheEntryCorrupt, message);
