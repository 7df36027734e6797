using ModuleSdk.Diagnostics;

namespace ModuleSdk.Zips;

/// <summary>
/// Finds entries that could not coexist on disk: names equal under case folding, a name used
/// for a file and a directory, a file listed twice (Go's <c>collisionChecker</c>). Every parent
/// directory of a file is recorded as a directory.
/// </summary>
internal sealed class CollisionChecker
{
    private readonly Dictionary<string, (string Path, bool IsDir)> _seen = new(StringComparer.Ordinal);

    /// <summary>Records <paramref name="path"/>; returns the error when it collides, else null.</summary>
    public FileError? Check(string path, bool isDir, string reportAs)
    {
        for (string p = path; ;)
        {
            string key = CaseFold.Key(p);
            if (_seen.TryGetValue(key, out var other))
            {
                if (p != other.Path)
                    return new FileError(reportAs, DiagnosticCodes.ZipCaseCollision,
                        $"case-insensitive file name collision: {ZipRules.Quote(other.Path)} and {ZipRules.Quote(p)}");
                if (isDir != other.IsDir)
                    return new FileError(reportAs, DiagnosticCodes.ZipFileAndDirectory, $"entry {ZipRules.Quote(p)} is both a file and a directory");
                if (!isDir)
                    return new FileError(reportAs, DiagnosticCodes.ZipDuplicateFile, $"multiple entries for file {ZipRules.Quote(p)}");
            }
            else
            {
                _seen[key] = (p, isDir);
            }
            int slash = p.LastIndexOf('/');
            if (slash < 0) return null;
            p = p[..slash];
            isDir = true;
        }
    }
}
