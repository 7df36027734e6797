using System.Text.RegularExpressions;
using ModuleSdk.Diagnostics;
using ModuleSdk.Proxy.Webhooks;

namespace ModuleSdk.Proxy.Mirroring;

/// <summary>
/// Mirror mode (SPEC §12): <c>Mirror:Source</c>, the origin proxy whose <c>/index</c> is followed
/// (and which becomes the upstream when <c>Upstream</c> is left at <c>direct</c>);
/// <c>Mirror:SumDb</c>, the origin's checksum database verifier key (<c>name+hash+base64</c>),
/// checked before anything is stored or served; <c>Mirror:PollSeconds</c>, how often the index
/// is asked for news (1; backing off to <c>Mirror:MaxBackoffSeconds</c>, 60, while the origin is down).
/// </summary>
public sealed record MirrorOptions
{
    /// <summary><c>Mirror:Source</c> without a trailing slash; null: not a mirror.</summary>
    public string? Source { get; init; }

    /// <summary><c>Mirror:SumDb</c>: the origin's verifier key, or null.</summary>
    public string? SumDb { get; init; }

    /// <summary><c>Mirror:PollSeconds</c>.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>Mirror:MaxBackoffSeconds</c>.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The checksum database's name: the verifier key's first field.</summary>
    public string? SumDbName => SumDb?.Split('+')[0];

    /// <summary>Reads the keys; throws MOD6905 for an invalid value.</summary>
    public static MirrorOptions From(IConfiguration c)
    {
        var o = new MirrorOptions
        {
            Poll = WebhookOptions.Seconds(c, "Mirror:PollSeconds", TimeSpan.FromSeconds(1)),
            MaxBackoff = WebhookOptions.Seconds(c, "Mirror:MaxBackoffSeconds", TimeSpan.FromSeconds(60)),
        };
        if (c["Mirror:Source"] is { Length: > 0 } source)
        {
            if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw Invalid("Mirror:Source", Direct.GitCredentials.StripUserInfo(source), "the origin proxy's http:// or https:// URL");
            o = o with { Source = source.TrimEnd('/') };
        }
        if (c["Mirror:SumDb"] is { Length: > 0 } key)
        {
            // Go's verifier key: name+hash(8 hex)+base64(algorithm byte and public key).
            if (!Regex.IsMatch(key, @"^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$", RegexOptions.None, TimeSpan.FromSeconds(1)))
                throw Invalid("Mirror:SumDb", key, "the origin's checksum database verifier key, name+hash+base64 (what modproxy keygen printed)");
            if (o.Source is null) throw Invalid("Mirror:SumDb", key, "it only makes sense with Mirror:Source");
            try
            {
                _ = ModuleSdk.SumDb.NoteVerifier.Parse(key);
            }
            catch (ModuleException e)
            {
                throw new ModuleException(DiagnosticCodes.MirrorConfigurationInvalid, $"configuration Mirror:SumDb is invalid: {e.Message}", e);
            }
            o = o with { SumDb = key };
        }
        return o;
    }

    private static ModuleException Invalid(string key, string value, string want) =>
        new(DiagnosticCodes.MirrorConfigurationInvalid, $"configuration {key}={value} is invalid: want {want}");
}
