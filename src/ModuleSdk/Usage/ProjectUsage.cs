namespace ModuleSdk.Usage;

/// <summary>The usage evidence of one project of the main module.</summary>
/// <param name="Project">The project file's full path.</param>
/// <param name="Status">Whether its records can be used.</param>
/// <param name="Records">The records read (for a fresh project, one per target framework).</param>
/// <param name="RecordFiles">The record files read, in the order of <paramref name="Records"/>.</param>
/// <param name="Detail">Why it is not fresh (the missing record, the newer input), empty when fresh.</param>
public sealed record ProjectUsage(string Project, UsageStatus Status, IReadOnlyList<UsageRecord> Records, IReadOnlyList<string> RecordFiles, string Detail)
{
    /// <summary>The modules the project's compilations used (a union over its target frameworks).</summary>
    public IEnumerable<string> Modules => Records.SelectMany(r => r.Modules).Distinct(StringComparer.Ordinal);
}
