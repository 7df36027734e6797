using ModuleSdk.BuildInfo;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Trust;

/// <summary>What the checksum database says about one stamped module.</summary>
public enum VerdictKind
{
    /// <summary>The log records this very <c>h1:</c> hash for the version.</summary>
    Vouched,

    /// <summary>The log records another hash: the binary holds code other than what everyone else got.</summary>
    Mismatch,

    /// <summary>The log could not vouch: it does not know the version, or could not be read or proven.</summary>
    Unverified,

    /// <summary>Not looked up: the path matches <c>MODNOSUMDB</c> (or <c>MODPRIVATE</c>).</summary>
    Skipped,

    /// <summary>Nothing to check: a main module or a directory replacement carries no hash.</summary>
    NoHash,
}

/// <summary>The verdict on one module of a binary's build list.</summary>
/// <param name="Path">The module path whose code is in the binary (the replacement's, when replaced by a module).</param>
/// <param name="Version">Its version.</param>
/// <param name="Sum">The stamped <c>h1:</c> hash, or empty.</param>
/// <param name="Kind">The verdict.</param>
/// <param name="LogSum">For <see cref="VerdictKind.Mismatch"/>: what the log records.</param>
/// <param name="Detail">For <see cref="VerdictKind.Unverified"/>: why.</param>
public sealed record ModuleVerdict(string Path, string Version, string Sum, VerdictKind Kind, string? LogSum = null, string? Detail = null)
{
    /// <summary>Whether the verdict fails <c>--verify</c>: a mismatch, or a hash the log could not vouch for.</summary>
    public bool Fails => Kind is VerdictKind.Mismatch or VerdictKind.Unverified;
}

/// <summary>
/// <c>dotnet mod version -m --verify</c>, beyond Go: checks every module stamped into a built
/// assembly against the checksum database, from the binary alone. A pipeline can run it on an
/// artifact it did not build: each <c>dep</c> line's <c>h1:</c> must be the zip hash the log
/// records for that version (the log proves the record as in a download); a module replaced by
/// another module is checked as the replacement; a directory replacement has no hash and is
/// reported as such.
/// </summary>
public static class BuildVerification
{
    /// <summary>The verdicts on <paramref name="info"/>'s modules (the main module's own, then its build list), in order.</summary>
    public static async Task<IReadOnlyList<ModuleVerdict>> VerifyAsync(ModuleBuildInfo info, SumDbClient client, CancellationToken cancellationToken)
    {
        var modules = new List<BuildModule> { info.Main };
        modules.AddRange(info.Deps);
        var tasks = modules.Select(m => VerdictAsync(m, client, cancellationToken)).ToList();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private static async Task<ModuleVerdict> VerdictAsync(BuildModule module, SumDbClient client, CancellationToken cancellationToken)
    {
        var effective = module.Replace ?? module;
        if (effective.Sum.Length == 0 || effective.Version == ModuleBuildInfo.DevelVersion)
            return new ModuleVerdict(effective.Path, effective.Version, "", VerdictKind.NoHash);
        if (client.Config.Skips(effective.Path))
            return new ModuleVerdict(effective.Path, effective.Version, effective.Sum, VerdictKind.Skipped);
        try
        {
            var record = await client.LookupAsync(effective.Path, effective.Version, cancellationToken).ConfigureAwait(false);
            return record.ZipHash == effective.Sum
                ? new ModuleVerdict(effective.Path, effective.Version, effective.Sum, VerdictKind.Vouched)
                : new ModuleVerdict(effective.Path, effective.Version, effective.Sum, VerdictKind.Mismatch, record.ZipHash);
        }
        catch (ModuleException e) when (e.Code != DiagnosticCodes.SumDbFork)
        {
            return new ModuleVerdict(effective.Path, effective.Version, effective.Sum, VerdictKind.Unverified, Detail: e.Message);
        }
    }
}
