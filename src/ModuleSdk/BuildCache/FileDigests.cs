using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ModuleSdk.BuildCache;

/// <summary>
/// SHA-256 digests of files, remembered per process by path, length and modification time (Go's
/// build cache keeps such a memo too): every module copy of a build compiles against the same
/// ~170 framework reference assemblies (37 MB for net10.0), which an MSBuild node then reads once,
/// not once per project.
/// </summary>
public static class FileDigests
{
    private static readonly ConcurrentDictionary<string, (long Length, DateTime Modified, string Digest)> Memo = new(StringComparer.Ordinal);

    /// <summary>The lowercase hex SHA-256 of <paramref name="path"/>'s bytes.</summary>
    public static string Sha256(string path)
    {
        var info = new FileInfo(path);
        long length = info.Length;
        var modified = info.LastWriteTimeUtc;
        if (Memo.TryGetValue(path, out var known) && known.Length == length && known.Modified == modified) return known.Digest;
        string digest;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan))
            digest = Convert.ToHexStringLower(SHA256.HashData(stream));
        // A file written within the clock's resolution could change again with the same time: not remembered.
        if (DateTime.UtcNow - modified > TimeSpan.FromSeconds(2)) Memo[path] = (length, modified, digest);
        return digest;
    }
}
