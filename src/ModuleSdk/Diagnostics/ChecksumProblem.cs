namespace ModuleSdk.Diagnostics;

/// <summary>
/// What a checksum error is about, for callers that place or act on it without reading the
/// message: the hash that was computed, the one <c>module.sum</c> records (null when it records
/// none and locked mode forbade adding it) and where.
/// </summary>
/// <param name="Hash">The hash computed from the bits (downloaded or cached).</param>
/// <param name="HashOrigin">Where the bits came from: a source, or a cached file.</param>
/// <param name="RecordedHash">The hash module.sum records; null for a missing line.</param>
/// <param name="SumFile">The module.sum file (a full path when the checker knows it).</param>
/// <param name="SumLine">The 1-based line of <paramref name="RecordedHash"/> in <paramref name="SumFile"/>; 0 when unknown.</param>
public sealed record ChecksumProblem(string Hash, string HashOrigin, string? RecordedHash, string SumFile, int SumLine);
