using ModuleSdk.IO;
using ModuleSdk.Cache;
using ModuleSdk.Diagnostics;
using ModuleSdk.Sums;

namespace ModuleSdk.Resolution;

/// <summary>
/// The checksum policy over the main module's <c>module.sum</c>: a recorded hash must match; a
/// missing one is recorded (and written by <see cref="Save(bool)"/>) in a normal run and refused in
/// locked mode. Thread-safe.
/// </summary>
public sealed class SumChecker : IChecksumPolicy
{
    private readonly bool _locked;
    private readonly string _loadedText;
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Path, string Version, string Hash)> _addedLines = new();
    private int _added;

    private readonly Trust.SumDbVerifier? _sumDb;

    /// <summary>
    /// Loads <paramref name="sumFilePath"/> (absent means empty). With <paramref name="sumDb"/>, a
    /// hash missing from the file is added only after the checksum database vouches for it.
    /// </summary>
    public SumChecker(string sumFilePath, bool lockedMode, Trust.SumDbVerifier? sumDb = null)
    {
        _sumDb = sumDb;
        FilePath = sumFilePath;
        Sums = SumFile.Load(sumFilePath);
        _loadedText = Sums.Format();
        _locked = lockedMode;
    }

    /// <summary>The sum file's path.</summary>
    public string FilePath { get; }

    /// <summary>The lines, including those added in this run.</summary>
    public SumFile Sums { get; }

    /// <summary>Whether a missing line is looked up in a checksum database (one is configured and the mode is not locked).</summary>
    public bool AsksChecksumDatabase => _sumDb is not null && !_locked;

    /// <summary>Reports whether lines were added since loading.</summary>
    public bool Changed => Volatile.Read(ref _added) > 0;

    /// <inheritdoc/>
    public ChecksumResult Check(string path, string version, string hash) => Check(path, version, hash, null);

    /// <inheritdoc/>
    public ChecksumResult Check(string path, string version, string hash, ReadOnlyMemory<byte> modFile) =>
        Check(path, version, hash, (ReadOnlyMemory<byte>?)modFile);

    /// <inheritdoc/>
    /// <remarks>
    /// With a checksum database, a version whose zip or module file line is not in the file yet
    /// (so its check will ask the log) has its lookup started here; the fetcher awaits it before
    /// checking.
    /// </remarks>
    public Task PrepareAsync(string path, string version) =>
        _sumDb is null || _locked || Sums.Lookup(path, version).Count > 0 && Sums.Lookup(path, version + SumFile.ModSuffix).Count > 0
            ? Task.CompletedTask
            : _sumDb.PrefetchAsync(path, version);

    private ChecksumResult Check(string path, string version, string hash, ReadOnlyMemory<byte>? modFile)
    {
        var recorded = Sums.Lookup(path, version);
        if (recorded.Count > 0)
        {
            // Two different lines for one module version mean one of them is wrong: which one
            // cannot be known here, so it is the security error whichever order they are in (Go
            // reports it only when the wrong line comes first).
            foreach (var h in recorded)
                if (h != hash) return ChecksumResult.Mismatch(h, MainModule.SumFileName) with { SumFile = FilePath, SumLine = Sums.LineOf(path, version, h) };
            return ChecksumResult.Verified();
        }
        if (_locked) return ChecksumResult.MissingInLockedMode(MainModule.SumFileName) with { SumFile = FilePath };
        // Go's checkSumDB: a line enters module.sum only once the log vouches for the hash
        // (throws the SECURITY ERROR otherwise, before anything is cached).
        _sumDb?.Check(path, version, hash, modFile);
        if (Sums.Add(path, version, hash))
        {
            _addedLines.Enqueue((path, version, hash));
            Interlocked.Increment(ref _added);
        }
        return ChecksumResult.Added();
    }

    /// <summary>
    /// Writes the sum file keeping only the added lines <paramref name="keep"/> accepts (module
    /// path, and version with <c>/module.mod</c> for module file lines); lines already in the file
    /// always stay. As Go's <c>WriteGoSum(keep)</c>: hashes checked along the way (the module file
    /// of a version looked at for its retractions, say) verify this run but are not recorded.
    /// </summary>
    public void Save(Func<string, string, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        if (!Changed) return;
        var output = SumFile.Parse(MainModule.SumFileName, _loadedText);
        foreach (var (path, version, hash) in _addedLines)
            if (keep(path, version)) output.Add(path, version, hash);
        Write(output.Format());
    }

    /// <summary>Writes the sum file atomically when it changed (or when <paramref name="force"/>).</summary>
    public void Save(bool force = false)
    {
        if (!Changed && !force) return;
        Write(Sums.Format());
    }

    private void Write(string text)
    {
        try
        {
            if (File.Exists(FilePath) && ModFile.LosslessUtf8.ReadFile(FilePath) == text) return;
            if (text.Length == 0 && !File.Exists(FilePath)) return;
            AtomicFile.WriteAllBytes(FilePath, ModFile.LosslessUtf8.Encode(text));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e is UnauthorizedAccessException ? "permission denied" : e.Message;
            throw new ModuleException(DiagnosticCodes.SumFileWriteFailed,
                $"writing {MainModule.SumFileName}: {why} (in {Path.GetDirectoryName(FilePath)})", FilePath, inner: e);
        }
    }
}
