using System.Security.Cryptography;
using ModuleSdk.IO;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Fixing;

/// <summary>
/// Applies what fix builds recorded (<see cref="InlineFixRecord"/>): each source file is replaced by
/// its rewritten text, but only while it still has the exact bytes the compiler read (its checksum),
/// so a file edited since the build is never overwritten; files without inlined sites are not
/// touched at all. A file compiled for several target frameworks is rewritten only when every
/// framework's build rewrote it alike.
/// </summary>
public static class InlineFixer
{
    /// <summary>A file rewritten (or, in a dry run, that would be).</summary>
    public sealed record Change(string File, int Inlined);

    /// <summary>A site left as it was.</summary>
    public sealed record Skip(string File, InlineFixSkip Site);

    /// <summary>What <see cref="Apply"/> did.</summary>
    /// <param name="Changes">The files rewritten, by path.</param>
    /// <param name="Skipped">The sites not inlined, with their reasons.</param>
    /// <param name="Problems">Warnings: missing or unreadable records, changed files, disagreeing frameworks.</param>
    /// <param name="UsedModules">The modules the projects' code uses once rewritten.</param>
    public sealed record Outcome(
        IReadOnlyList<Change> Changes, IReadOnlyList<Skip> Skipped, IReadOnlyList<ModuleException> Problems, IReadOnlyList<string> UsedModules);

    /// <summary>The record folder of a project: <c>obj/modulesdk/fixes/</c> beside it.</summary>
    public static string RecordFolder(string project) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(project))!, "obj", InlineFixRecord.Folder);

    /// <summary>Removes a project's records, before a fix build writes new ones.</summary>
    public static void ClearRecords(string project)
    {
        string folder = RecordFolder(project);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    /// <summary>Applies the records of <paramref name="projects"/>; with <paramref name="dryRun"/> only says what it would change.</summary>
    public static Outcome Apply(IEnumerable<string> projects, bool dryRun = false)
    {
        var problems = new List<ModuleException>();
        var files = new Dictionary<string, List<InlineFixFile>>(StringComparer.Ordinal);
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            string folder = RecordFolder(project);
            var recordFiles = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.txt").Order(StringComparer.Ordinal).ToArray() : [];
            if (recordFiles.Length == 0)
            {
                problems.Add(new ModuleException(DiagnosticCodes.FixRecordMissing,
                    $"{project}: the fix build recorded nothing " +
                    "(is it a C# project built with the ModuleSdk SDK, with ModuleInlining not false and MOD9100 not disabled?)", project));
                continue;
            }
            foreach (var recordFile in recordFiles)
            {
                InlineFixRecord record;
                try
                {
                    record = InlineFixRecord.Read(recordFile);
                }
                catch (ModuleException e)
                {
                    problems.Add(e);
                    continue;
                }
                used.UnionWith(record.Modules);
                foreach (var f in record.Files)
                {
                    if (!files.TryGetValue(f.Path, out var list)) files[f.Path] = list = [];
                    list.Add(f);
                }
            }
        }

        var changes = new List<Change>();
        var skipped = new List<Skip>();
        foreach (var (path, entries) in files.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var first = entries[0];
            foreach (var s in first.Skipped) skipped.Add(new Skip(path, s));
            if (entries.All(e => e.Rewritten is null)) continue;
            byte[]? rewritten = null;
            bool agree = true;
            foreach (var e in entries)
            {
                byte[]? bytes = e.Rewritten is not null && File.Exists(e.Rewritten) ? File.ReadAllBytes(e.Rewritten) : null;
                if (bytes is null || (rewritten is not null && !bytes.AsSpan().SequenceEqual(rewritten))) { agree = false; break; }
                rewritten = bytes;
            }
            if (!agree || rewritten is null)
            {
                problems.Add(new ModuleException(DiagnosticCodes.FixFrameworksDisagree,
                    "the fix builds of its target frameworks rewrote it differently (or one lost its rewritten text): not rewritten; " +
                    "inline it in the IDE, or run dotnet mod fix again", path));
                continue;
            }
            if (!File.Exists(path) || !ChecksumMatches(path, first.ChecksumAlgorithm, first.Checksum))
            {
                problems.Add(new ModuleException(DiagnosticCodes.FixSourceChanged,
                    "changed after the fix build read it: not rewritten; run dotnet mod fix again", path));
                continue;
            }
            if (!dryRun) AtomicFile.WriteAllBytes(path, rewritten);
            changes.Add(new Change(path, first.Inlined));
        }
        return new Outcome(changes, skipped, problems, used.ToArray());
    }

    private static bool ChecksumMatches(string path, string algorithm, string expected)
    {
        byte[] content = File.ReadAllBytes(path);
        byte[]? hash = algorithm switch
        {
            "Sha1" => SHA1.HashData(content),
            "Sha256" => SHA256.HashData(content),
            _ => null,
        };
        return hash is not null && Convert.ToHexStringLower(hash) == expected;
    }
}
