using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Index;
using ModuleSdk.Proxy.Storage;
using ModuleSdk.Sums;

namespace ModuleSdk.Proxy.Mirroring;

/// <summary>
/// A mirror's gate and its own record: before a version is stored, its hashes are checked
/// against the mirror's record (<c>mirror-sums</c>, <c>module.sum</c> lines in the storage: a
/// version the mirror once took must never come back with other bits, MOD6908) and against the
/// origin's checksum database (<see cref="ISumDbVerifier"/>, MOD6907); once stored, its lines join
/// the record. A refused version is neither stored nor served.
/// </summary>
public sealed class MirrorRecord(IAppendLog log, ISumDbVerifier? verifier) : IVersionCheck
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, string> _hashes = new(StringComparer.Ordinal); // "path version[/module.mod]" → h1:
    private int _linesRead;

    /// <inheritdoc/>
    public async Task CheckAsync(VersionToStore version, CancellationToken cancellationToken)
    {
        string modHash = Hash1.HashModFile(version.Mod);
        var known = await HashesAsync(version.Path, version.Version, cancellationToken).ConfigureAwait(false);
        if (known.Zip is { } z && z != version.ZipHash || known.Mod is { } m && m != modHash)
            throw new ModuleException(DiagnosticCodes.MirrorRecordMismatch,
                $"{version.Path}@{version.Version}: the mirror's record holds {known.Zip ?? "-"} (zip) and {known.Mod ?? "-"} (module.mod), " +
                $"the source now sent {version.ZipHash} and {modHash}: refused");
        // The log's record hashes the module file under go.mod, as the go command does.
        if (verifier is not null) await verifier.VerifyAsync(version.Path, version.Version, version.ZipHash,
            ModuleSdk.SumDb.ModuleRecord.HashModFile(version.Mod), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task StoredAsync(VersionToStore version, CancellationToken cancellationToken)
    {
        string modHash = Hash1.HashModFile(version.Mod);
        await AppendAsync($"{version.Path} {version.Version}", version.ZipHash, cancellationToken).ConfigureAwait(false);
        await AppendAsync($"{version.Path} {version.Version}/{Hash1.ModFileName}", modHash, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The recorded hashes of a version (null where there is none).</summary>
    public async Task<(string? Zip, string? Mod)> HashesAsync(string path, string version, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Absorb(await log.ReadAsync(_linesRead, cancellationToken).ConfigureAwait(false));
            return (_hashes.GetValueOrDefault($"{path} {version}"), _hashes.GetValueOrDefault($"{path} {version}/{Hash1.ModFileName}"));
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task AppendAsync(string key, string hash, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await log.AppendAsync(all =>
            {
                Absorb(all.Skip(_linesRead).ToList());
                // The first record of a version stands: a second one would only be a duplicate.
                return _hashes.ContainsKey(key) ? null : key + " " + hash;
            }, ct).ConfigureAwait(false);
            Absorb(await log.ReadAsync(_linesRead, ct).ConfigureAwait(false));
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Absorb(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            _linesRead++;
            int sp = line.LastIndexOf(' ');
            if (sp <= 0) continue;
            _hashes.TryAdd(line[..sp], line[(sp + 1)..]);
        }
    }
}
