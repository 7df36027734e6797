using ModuleSdk.Diagnostics;

namespace ModuleSdk.Usage;

/// <summary>
/// The usage evidence of a whole main module: the records of every one of its projects
/// (<see cref="MainModuleProjects"/>), each checked against the project's inputs. <c>tidy</c>
/// analyses usage only when the evidence is complete: dropping a requirement because one
/// project's record is missing or out of date would be dropping it without evidence.
/// </summary>
public sealed class ModuleUsage
{
    private ModuleUsage(IReadOnlyList<ProjectUsage> projects) => Projects = projects;

    /// <summary>The main module's projects, sorted by path.</summary>
    public IReadOnlyList<ProjectUsage> Projects { get; }

    /// <summary>Whether the main module has projects and every one has fresh records.</summary>
    public bool IsComplete => Projects.Count > 0 && Projects.All(p => p.Status == UsageStatus.Fresh);

    /// <summary>The modules the fresh projects used, sorted.</summary>
    public IReadOnlyList<string> Modules =>
        Projects.Where(p => p.Status == UsageStatus.Fresh).SelectMany(p => p.Modules).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The first project (by path) whose compilation used <paramref name="module"/>, or null.</summary>
    public ProjectUsage? UsedBy(string module) =>
        Projects.FirstOrDefault(p => p.Status == UsageStatus.Fresh && p.Modules.Contains(module, StringComparer.Ordinal));

    /// <summary>
    /// The problems that make the evidence incomplete, one warning each, with codes MOD5301
    /// (missing), MOD5302 (stale) and MOD5303 (malformed), located at the project file.
    /// </summary>
    public IEnumerable<ModuleException> Problems() =>
        Projects.Where(p => p.Status != UsageStatus.Fresh).Select(p => new ModuleException(p.Status switch
        {
            UsageStatus.Missing => DiagnosticCodes.UsageRecordMissing,
            UsageStatus.Stale => DiagnosticCodes.UsageRecordStale,
            _ => DiagnosticCodes.UsageRecordMalformed,
        }, p.Detail, p.Project));

    /// <summary>
    /// The error (MOD5305) of a tidy that requires usage analysis, when the evidence is not
    /// complete: <paramref name="command"/> names who asked (<c>tidy -usage</c>, <c>TidyModules</c>),
    /// the message lists each project's problem, located at <paramref name="modFile"/>.
    /// </summary>
    public ModuleException IncompleteError(string command, string modFile)
    {
        string why = Projects.Count == 0
            ? "the main module has no ModuleSdk projects"
            : string.Join("\n\t", Problems().Select(p => p.Message));
        return new ModuleException(DiagnosticCodes.UsageIncomplete,
            $"{command}: usage analysis needs a fresh usage record of every project:\n\t{why}", modFile);
    }

    /// <summary>Reads the records of every project of the module rooted at <paramref name="moduleRoot"/>.</summary>
    public static ModuleUsage Collect(string moduleRoot) =>
        new(MainModuleProjects.Find(moduleRoot).Select(p => ForProject(p, moduleRoot)).ToArray());

    /// <summary>
    /// The evidence of one project: the records under its <c>obj/modulesdk/usage/</c>. The newest
    /// record names the target frameworks the project had when last built; each needs a record
    /// (one left from a framework since removed is ignored), and each must be newer than the
    /// project's newest input.
    /// </summary>
    public static ProjectUsage ForProject(string project, string moduleRoot)
    {
        string dir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(project))!, "obj", UsageRecord.Folder);
        string buildIt = $"build it first (dotnet build {Path.GetFileName(project)}), then run tidy again";
        var files = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.txt").Order(StringComparer.Ordinal).ToArray() : [];
        if (files.Length == 0)
            return new ProjectUsage(project, UsageStatus.Missing, [], [], $"{project}: no usage record: {buildIt}");

        var records = new List<(string File, UsageRecord Record, DateTime Time)>();
        foreach (var file in files)
        {
            try
            {
                records.Add((file, UsageRecord.Read(file), File.GetLastWriteTimeUtc(file)));
            }
            catch (ModuleException e)
            {
                return new ProjectUsage(project, UsageStatus.Malformed, [], [file], $"{project}: {e.LocatedMessage}");
            }
        }
        var newest = records.MaxBy(r => r.Time);
        var expected = newest.Record.TargetFrameworks.Count > 0 ? newest.Record.TargetFrameworks : [newest.Record.TargetFramework];
        var chosen = new List<(string File, UsageRecord Record, DateTime Time)>();
        foreach (var framework in expected)
        {
            var match = records.Where(r => r.Record.TargetFramework == framework).ToList();
            if (match.Count == 0)
                return new ProjectUsage(project, UsageStatus.Missing, [], [], $"{project}: no usage record for target framework {framework}: {buildIt}");
            chosen.Add(match.MaxBy(r => r.Time));
        }
        if (MainModuleProjects.NewestInput(project, moduleRoot) is { } input)
        {
            var oldest = chosen.MinBy(r => r.Time);
            if (input.TimeUtc > oldest.Time)
                return new ProjectUsage(project, UsageStatus.Stale, [], [oldest.File],
                    $"{project}: usage record {oldest.File} is older than {input.File}: {buildIt}");
        }
        return new ProjectUsage(project, UsageStatus.Fresh, chosen.Select(c => c.Record).ToArray(), chosen.Select(c => c.File).ToArray(), "");
    }
}
