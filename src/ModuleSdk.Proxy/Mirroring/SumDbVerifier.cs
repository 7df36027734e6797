using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Proxy.Index;
using ModuleSdk.SumDb;
using ModuleSdk.Trust;

namespace ModuleSdk.Proxy.Mirroring;

/// <summary>
/// Verifies a version against the origin's checksum database (<c>Mirror:SumDb</c>) with the
/// core's client (<see cref="SumDbClient"/>, the one <c>dotnet mod</c> uses): <c>lookup/M@V</c>
/// on the origin's <c>/sumdb/&lt;name&gt;/</c>, the tree note opened with the verifier key, the
/// record proven in the signed tree from tiles, and the tree proven consistent with the last
/// tree this mirror verified (kept in its storage, <see cref="MirrorSumDbStore"/>, shared by its
/// instances), so an origin that rewrote or forked its log is caught too; then the record's two
/// hashes are compared with the bits the mirror fetched. The log not vouching (no record, other
/// hashes, a bad signature or proof, a fork) is MOD6907, for good; the database unreachable is
/// MOD6909, retried.
/// </summary>
public sealed class SumDbVerifier : ISumDbVerifier
{
    private readonly SumDbClient _client;
    private readonly string _name;

    /// <summary>Verifies against <paramref name="options"/>' source and key, keeping the last verified tree in <paramref name="trees"/>.</summary>
    public SumDbVerifier(MirrorOptions options, IAppendLog trees)
    {
        var key = NoteVerifier.Parse(options.SumDb!);
        _name = key.Name;
        // The origin's credentials (user:token in Mirror:Source) travel in the URL; the transport
        // sends them as Basic authentication and never shows them.
        var config = new SumDbConfig(_name, options.SumDb!, new Uri(options.Source!.TrimEnd('/') + "/sumdb/" + _name), "");
        _client = new SumDbClient(config, ProxyList.Parse("off"), new MirrorSumDbStore(trees));
    }

    /// <summary>The client (tests).</summary>
    public SumDbClient Client => _client;

    /// <inheritdoc/>
    public async Task VerifyAsync(string path, string version, string zipHash, string modHash, CancellationToken cancellationToken)
    {
        string what = path + "@" + version;
        ModuleRecord record;
        try
        {
            record = await _client.LookupAsync(path, version, cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleException e) when (SumDbClient.IsUnknownVersion(e))
        {
            throw NotVouched($"{what}: the checksum database {_name} has no record of it", e);
        }
        catch (ModuleException e) when (e.Code == DiagnosticCodes.SumDbUnreachable)
        {
            throw new ModuleException(DiagnosticCodes.MirrorSumDbUnavailable, $"checksum database {_name}: {what}: {e.Message}", e);
        }
        catch (ModuleException e)
        {
            // A malformed answer, a signature that does not verify, a proof that fails, a fork:
            // the log does not vouch for it.
            throw NotVouched($"{what}: the checksum database {_name} does not vouch for it: {e.Code} {e.Message}", e);
        }
        finally
        {
            _client.Forget(path, version);
        }
        if (record.ZipHash != zipHash || record.ModHash != modHash)
            throw NotVouched($"{what}: the checksum database {_name} records {record.ZipHash} (zip) and {record.ModHash} (go.mod), " +
                $"the source sent {zipHash} and {modHash}");
    }

    private static ModuleException NotVouched(string message, Exception? inner = null) => new(DiagnosticCodes.MirrorVersionNotVouched, message, inner);
}
