using System.Collections.Concurrent;
using ModuleSdk.Cache;

namespace ModuleSdk.Tests.Cache;

/// <summary>
/// A test <see cref="IChecksumPolicy"/>: a thread-safe in-memory module.sum that records new
/// hashes, or refuses them in locked mode.
/// </summary>
internal sealed class RecordingChecksums : IChecksumPolicy
{
    public const string SumFileName = "/repo/module.sum";

    private readonly ConcurrentDictionary<(string Path, string Version), string> _sums = new();
    private int _checks;

    public bool Locked { get; set; }

    public int Checks => _checks;

    public IReadOnlyDictionary<(string Path, string Version), string> Sums => _sums;

    public void Set(string path, string version, string hash) => _sums[(path, version)] = hash;

    public IReadOnlyList<string> Lookup(string path, string version) =>
        _sums.TryGetValue((path, version), out var h) ? [h] : [];

    public ChecksumResult Check(string path, string version, string hash)
    {
        Interlocked.Increment(ref _checks);
        if (_sums.TryGetValue((path, version), out var recorded))
        {
            return recorded == hash ? ChecksumResult.Verified() : ChecksumResult.Mismatch(recorded, SumFileName + ":3");
        }
        if (Locked) return ChecksumResult.MissingInLockedMode(SumFileName);
        return _sums.TryAdd((path, version), hash) || _sums[(path, version)] == hash
            ? ChecksumResult.Added()
            : ChecksumResult.Mismatch(_sums[(path, version)], SumFileName);
    }
}
