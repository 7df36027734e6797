namespace ModuleSdk.Cache;

/// <summary>What <see cref="IChecksumPolicy.Check(string, string, string)"/> concluded.</summary>
public enum ChecksumOutcome
{
    /// <summary>The sum file records this very hash.</summary>
    Verified,

    /// <summary>The sum file had no line for it; the hash was recorded as new.</summary>
    Added,

    /// <summary>The sum file has no line for it and locked mode forbids adding one: an error.</summary>
    MissingInLockedMode,

    /// <summary>The sum file records a different hash: a security error.</summary>
    Mismatch,
}

/// <summary>The answer of an <see cref="IChecksumPolicy"/>.</summary>
/// <param name="Outcome">What was concluded.</param>
/// <param name="RecordedHash">For <see cref="ChecksumOutcome.Mismatch"/>: the hash the sum file records.</param>
/// <param name="RecordedIn">Where the recorded hash (or, for a missing line, the sum file) is: a file name, ideally with <c>:line</c>.</param>
/// <param name="SumFile">The sum file's full path, when known.</param>
/// <param name="SumLine">The 1-based line of <paramref name="RecordedHash"/> in <paramref name="SumFile"/>, or 0.</param>
public readonly record struct ChecksumResult(
    ChecksumOutcome Outcome, string? RecordedHash = null, string? RecordedIn = null, string? SumFile = null, int SumLine = 0)
{
    /// <summary>The hash is the recorded one.</summary>
    public static ChecksumResult Verified() => new(ChecksumOutcome.Verified);

    /// <summary>The hash was not recorded and now is.</summary>
    public static ChecksumResult Added() => new(ChecksumOutcome.Added);

    /// <summary>The hash is not recorded in <paramref name="sumFile"/>, and locked mode forbids recording it.</summary>
    public static ChecksumResult MissingInLockedMode(string sumFile) => new(ChecksumOutcome.MissingInLockedMode, null, sumFile);

    /// <summary><paramref name="recordedIn"/> records <paramref name="recordedHash"/>, not the computed hash.</summary>
    public static ChecksumResult Mismatch(string recordedHash, string recordedIn) => new(ChecksumOutcome.Mismatch, recordedHash, recordedIn);
}
