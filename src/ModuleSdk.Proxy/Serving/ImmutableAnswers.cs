using System.Collections.Concurrent;
using ModuleSdk.Proxy.Storage;

namespace ModuleSdk.Proxy.Serving;

/// <summary>
/// The small immutable answers of stored versions (<c>.info</c> and <c>.mod</c> bytes with their
/// ETags, and each zip's <c>h1:</c> ETag), kept in memory so that a hot version is served without
/// opening, reading and hashing files on every request: on disk storage that was three file
/// opens and a SHA-256 per <c>.info</c>, the main cost next to nginx's static files.
/// </summary>
/// <remarks>
/// A stored version never changes, but it can be deleted (retention, by another process), so an
/// entry lives for <see cref="Lifetime"/> only: a deleted version stops being served from memory
/// within that time. The cache is bounded by entry count and emptied when full, which keeps it
/// simple and cheap: only the hot versions come back.
/// </remarks>
public sealed class ImmutableAnswers(int capacity = 20_000)
{
    /// <summary>How long an answer is served from memory before storage is asked again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<(string Path, string Version, StoredFileKind Kind), Answer> _answers = new();

    /// <summary>A cached answer: the bytes (empty for a zip's ETag entry) and the ETag.</summary>
    public readonly record struct Answer(byte[] Data, string ETag, long ExpiresAt);

    /// <summary>Returns the live answer for one file of a stored version, if there is one.</summary>
    public bool TryGet(string path, string version, StoredFileKind kind, out Answer answer)
    {
        if (_answers.TryGetValue((path, version, kind), out answer) && Environment.TickCount64 < answer.ExpiresAt) return true;
        answer = default;
        return false;
    }

    /// <summary>Remembers one file's answer for <see cref="Lifetime"/>.</summary>
    public void Add(string path, string version, StoredFileKind kind, byte[] data, string etag)
    {
        if (_answers.Count >= capacity) _answers.Clear();
        _answers[(path, version, kind)] = new Answer(data, etag, Environment.TickCount64 + (long)Lifetime.TotalMilliseconds);
    }
}
