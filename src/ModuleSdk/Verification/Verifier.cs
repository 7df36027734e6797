using System.Text;
using ModuleSdk.Cache;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Sums;

namespace ModuleSdk.Verification;

/// <summary>
/// <c>dotnet mod verify</c> (SPEC §7; Go's <c>go mod verify</c>): checks that the cached copies of
/// the build list's modules are what was downloaded. For each module with a version: the
/// <c>.ziphash</c> recorded at download must exist when the zip or the extracted directory does;
/// the zip must still hash to it; a complete extracted directory must still hash to it; and,
/// when module.sum hashes are given, the <c>.ziphash</c> must be the recorded hash and the cached
/// <c>.mod</c> must hash to the <c>/module.mod</c> line. Modules neither downloaded nor extracted
/// are skipped, as are partial directories (never used; the next download redoes them).
/// </summary>
/// <remarks>
/// Differences from Go 1.19, both stricter: a directory whose <c>.ziphash</c> is gone is reported
/// as "missing ziphash" even when the zip is gone too (Go silently skips it, so it could never be
/// verified again), and the module.sum comparisons are extra. Like Go, an unreadable
/// <c>.ziphash</c> is compared as it is, so garbage there reports the zip and the directory as modified.
/// </remarks>
public sealed class Verifier
{
    private readonly ModuleCache _cache;

    /// <summary>Creates a verifier of <paramref name="cache"/>.</summary>
    public Verifier(ModuleCache cache) => _cache = cache;

    /// <summary>Verifies against the hashes of a module.sum.</summary>
    public VerifyResult Verify(IReadOnlyList<ModuleId> buildList, SumFile sums, CancellationToken cancellationToken = default) =>
        Verify(buildList, sums.Lookup, cancellationToken);

    /// <summary>
    /// Verifies against the hashes of a module.sum, taking the cache inspections that
    /// <paramref name="prefetch"/> did while the build list was being computed.
    /// </summary>
    public VerifyResult Verify(IReadOnlyList<ModuleId> buildList, SumFile sums, VerifyPrefetch prefetch, CancellationToken cancellationToken = default) =>
        Verify(buildList, sums.Lookup, prefetch, cancellationToken);

    /// <summary>
    /// Verifies every module of <paramref name="buildList"/>, hashing on every core (hashing is
    /// I/O and SHA-256 bound; modules are independent). Results come back in build-list order
    /// whatever order the hashing finished in. <paramref name="recordedHashes"/> returns the
    /// module.sum hashes of (path, version) and (path, version + <c>/module.mod</c>), if any.
    /// </summary>
    public VerifyResult Verify(IReadOnlyList<ModuleId> buildList, Func<string, string, IReadOnlyList<string>>? recordedHashes = null,
        CancellationToken cancellationToken = default) =>
        Verify(buildList, recordedHashes, null, cancellationToken);

    private VerifyResult Verify(IReadOnlyList<ModuleId> buildList, Func<string, string, IReadOnlyList<string>>? recordedHashes,
        VerifyPrefetch? prefetch, CancellationToken cancellationToken)
    {
        var done = prefetch?.Complete(cancellationToken);
        var results = new ModuleVerification[buildList.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, buildList.Count, options, i =>
        {
            var inspection = done is not null && done.TryGetValue(buildList[i], out var early) ? early : Inspect(buildList[i]);
            results[i] = Finish(inspection, recordedHashes);
        });
        return new VerifyResult(results);
    }

    /// <summary>
    /// Starts inspecting the cached copies of <paramref name="candidates"/> (re-hashing their zips,
    /// directories and module files) on background threads, one per core, before the build list
    /// is known: <c>verify</c> first loads the module graph, which leaves a core idle most of the
    /// time, and the build list's modules are nearly always the module.sum's. Pass the result to
    /// <see cref="Verify(IReadOnlyList{ModuleId}, SumFile, VerifyPrefetch, CancellationToken)"/>;
    /// inspections of modules not in the build list are discarded, modules not inspected are
    /// inspected then. The background threads are not thread-pool threads, so they cannot
    /// starve the graph loading's tasks.
    /// </summary>
    public VerifyPrefetch Prefetch(IEnumerable<ModuleId> candidates, CancellationToken cancellationToken = default) =>
        new(this, candidates.Where(m => m.Version.Length > 0).Distinct().ToArray(), cancellationToken);

    /// <summary>Verifies one module (see <see cref="Verifier"/>).</summary>
    public ModuleVerification VerifyModule(ModuleId module, Func<string, string, IReadOnlyList<string>>? recordedHashes = null) =>
        Finish(Inspect(module), recordedHashes);

    /// <summary>
    /// What the cache says about one module: the checks against its own <c>.ziphash</c>, and the
    /// hash of its cached module file for the module.sum comparison (<see cref="Finish"/>).
    /// Touches only the cache, never the module.sum, so it may run before the build list is known.
    /// </summary>
    internal Inspection Inspect(ModuleId module)
    {
        // The main module and directory replacements have no version and nothing in the cache.
        if (module.Version.Length == 0) return new Inspection(module, false, [], null, null);
        var problems = new List<VerifyProblem>();
        string zip, zipHashFile, dir, partial;
        try
        {
            zip = _cache.ZipFile(module);
            zipHashFile = _cache.ZipHashFile(module);
            dir = _cache.ModuleDirectory(module);
            partial = _cache.PartialFile(module);
        }
        catch (ModuleException e)
        {
            problems.Add(Problem(module, VerifyProblemKind.Unreadable, DiagnosticCodes.VerifyUnreadable, e.Message, null));
            return new Inspection(module, true, problems, null, null);
        }

        // Each file-system fact is asked once (verify is a few system calls per module, the
        // whole build list over): ModuleCache.GetDirectoryState's "complete" is a directory with
        // a .ziphash and no .partial marker, and reading the .ziphash says whether it is there.
        bool zipExists = File.Exists(zip);
        bool dirExists = Directory.Exists(dir);
        string? recorded;
        try
        {
            recorded = Encoding.UTF8.GetString(File.ReadAllBytes(zipHashFile)).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException
            || (e is UnauthorizedAccessException && Directory.Exists(zipHashFile)))
        {
            recorded = null; // absent (a directory in its place is not a .ziphash either)
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(Problem(module, VerifyProblemKind.Unreadable, DiagnosticCodes.VerifyUnreadable, e.Message, zipHashFile));
            return new Inspection(module, true, problems, null, null);
        }

        if (recorded is null)
        {
            if (!zipExists && !dirExists) return new Inspection(module, false, [], null, null); // nothing downloaded yet
            problems.Add(Problem(module, VerifyProblemKind.MissingZipHash, DiagnosticCodes.VerifyMissingZipHash,
                $"missing ziphash ({zipHashFile})", zipHashFile));
            return new Inspection(module, true, problems, null, null);
        }
        var dirState = !dirExists ? ModuleDirectoryState.Missing
            : File.Exists(partial) ? ModuleDirectoryState.Partial : ModuleDirectoryState.Complete;

        if (zipExists)
        {
            var hash = TryHash(module, () => Hash1.HashZip(zip), zip, problems);
            if (hash is not null && hash != recorded)
            {
                problems.Add(Problem(module, VerifyProblemKind.ZipModified, DiagnosticCodes.VerifyZipModified, $"zip has been modified ({zip})", zip));
            }
        }
        if (dirState == ModuleDirectoryState.Complete)
        {
            var hash = TryHash(module, () => Hash1.HashDir(dir, module.Path + "@" + module.Version), dir, problems);
            if (hash is not null && hash != recorded)
            {
                problems.Add(Problem(module, VerifyProblemKind.DirModified, DiagnosticCodes.VerifyDirModified, $"dir has been modified ({dir})", dir));
            }
        }
        return new Inspection(module, true, problems, recorded, HashModFile(module));
    }

    // The cached module file's hash, read now in case module.sum has a line for it: (null, null)
    // when there is no module file, (null, problem) when it cannot be read.
    private (string? Hash, VerifyProblem? Problem)? HashModFile(ModuleId module)
    {
        var modFile = _cache.ModFile(module);
        if (!File.Exists(modFile)) return null;
        var problems = new List<VerifyProblem>();
        var hash = TryHash(module, () => Hash1.HashModFile(File.ReadAllBytes(modFile)), modFile, problems);
        return (hash, problems.Count > 0 ? problems[0] : null);
    }

    /// <summary>An inspection's result with the module.sum comparisons added.</summary>
    internal ModuleVerification Finish(Inspection inspection, Func<string, string, IReadOnlyList<string>>? recordedHashes)
    {
        if (inspection.RecordedZipHash is null || recordedHashes is null)
            return new ModuleVerification(inspection.Module, inspection.Checked, inspection.Problems);
        var problems = new List<VerifyProblem>(inspection.Problems);
        CheckAgainstSum(inspection.Module, inspection.RecordedZipHash, inspection.ModFile, recordedHashes, problems);
        return new ModuleVerification(inspection.Module, inspection.Checked, problems);
    }

    private void CheckAgainstSum(ModuleId module, string zipHash, (string? Hash, VerifyProblem? Problem)? modFile,
        Func<string, string, IReadOnlyList<string>> recordedHashes, List<VerifyProblem> problems)
    {
        if (Conflict(recordedHashes(module.Path, module.Version), zipHash) is { } expected)
        {
            problems.Add(Problem(module, VerifyProblemKind.SumMismatch, DiagnosticCodes.VerifySumMismatch,
                $"ziphash {zipHash} does not match module.sum {expected}", _cache.ZipHashFile(module)));
        }

        if (modFile is not { } mod) return;
        var modSums = recordedHashes(module.Path, module.Version + SumFile.ModSuffix);
        if (modSums.Count == 0) return;
        if (mod.Problem is { } unreadable) problems.Add(unreadable);
        else if (mod.Hash is not null && Conflict(modSums, mod.Hash) is not null)
        {
            problems.Add(Problem(module, VerifyProblemKind.ModModified, DiagnosticCodes.VerifyModModified,
                $"module.mod has been modified ({_cache.ModFile(module)})", _cache.ModFile(module)));
        }
    }

    /// <summary>
    /// One module's cache inspection: <see cref="ModuleVerification"/>'s fields, the recorded
    /// <c>.ziphash</c> (null when the inspection stopped before the module.sum comparisons) and the
    /// cached module file's hash or read problem (null when there is no module file).
    /// </summary>
    internal sealed record Inspection(ModuleId Module, bool Checked, List<VerifyProblem> Problems, string? RecordedZipHash,
        (string? Hash, VerifyProblem? Problem)? ModFile);

    /// <summary>
    /// The recorded h1: hash that <paramref name="hash"/> conflicts with, or null. Stricter than
    /// Go's <c>checkOneSumLocked</c> (where an equal line accepts when it comes first): any other
    /// h1: line for the same module version conflicts, whichever order the lines are in.
    /// </summary>
    private static string? Conflict(IReadOnlyList<string> recorded, string hash) =>
        recorded.FirstOrDefault(h => h != hash && h.StartsWith("h1:", StringComparison.Ordinal));

    private static string? TryHash(ModuleId module, Func<string> hash, string path, List<VerifyProblem> problems)
    {
        try
        {
            return hash();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ModuleException)
        {
            problems.Add(Problem(module, VerifyProblemKind.Unreadable, DiagnosticCodes.VerifyUnreadable, $"{e.Message} ({path})", path));
            return null;
        }
    }

    private static VerifyProblem Problem(ModuleId module, VerifyProblemKind kind, string code, string detail, string? path) =>
        new(module, kind, code, $"{module.Path} {module.Version}: {detail}", path);
}
