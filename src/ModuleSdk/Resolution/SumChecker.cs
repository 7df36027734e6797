using ModuleSdk.Cache;
using ModuleSdk.Diagnostics;
using ModuleSdk.Sums;

namespace ModuleSdk.Resolution;

/// <summary>
/// The checksum policy over the main module's <c>module.sum</c>: a recorded hash must match; a
/// missing one is recorded (and written by <see cref="Save"/>) in a normal run and refused in
/// locked mode. Thread-safe.
/// </summary>
public sealed class SumChecker : IChecksumPolicy
{
    private readonly bool _locked;
    private int _added;

    /// <summary>Loads <paramref name="sumFilePath"/> (absent means empty).</summary>
    public SumChecker(string sumFilePath, bool lockedMode)
    {
        FilePath = sumFilePath;
        Sums = SumFile.Load(sumFilePath);
        _locked = lockedMode;
    }

    /// <summary>The sum file's path.</summary>
    public string FilePath { get; }

    /// <summary>The lines, including those added in this run.</summary>
    public SumFile Sums { get; }

    /// <summary>Reports whether lines were added since loading.</summary>
    public bool Changed => Volatile.Read(ref _added) > 0;

    /// <inheritdoc/>
    public ChecksumResult Check(string path, string version, string hash)
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
        if (Sums.Add(path, version, hash)) Interlocked.Increment(ref _added);
        return ChecksumResult.Added();
    }

    /// <summary>Writes the sum file atomically when it changed (or when <paramref name="force"/>).</summary>
    public void Save(bool force = false)
    {
        if (!Changed && !force) return;
        try
        {
            string text = Sums.Format();
            if (File.Exists(FilePath) && ModFile.LosslessUtf8.ReadFile(FilePath) == text) return;
            if (text.Length == 0 && !File.Exists(FilePath)) return;
            AtomicFile.WriteAllBytes(FilePath, ModFile.LosslessUtf8.Encode(text));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e is UnauthorizedAccessException ? "permission denied" : e.Message;
            throw new ModuleException(DiagnosticCodes.SumFileWriteFailed, $"writing {MainModule.SumFileName}: {why} (in {Path.GetDirectoryName(FilePath)})", FilePath, inner: e);
        }
    }
}
