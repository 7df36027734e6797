using System.Globalization;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Proxy.Webhooks;

/// <summary>
/// The keys of "push a tag, the proxy updates" (SPEC §12): <c>Webhooks:Secret</c> (the HMAC
/// secret of GitHub and the generic hook, GitLab's token; without it the webhook endpoints answer
/// 404), and polling for hosts without webhooks: <c>Polling:Modules</c> (module path patterns,
/// <c>MODPRIVATE</c> syntax: each stored module matching them, and each literal path, is polled),
/// <c>Polling:IntervalSeconds</c> (the first interval, 60) and <c>Polling:MaxIntervalSeconds</c>
/// (the back-off's ceiling, 3600).
/// </summary>
public sealed record WebhookOptions
{
    /// <summary><c>Webhooks:Secret</c>.</summary>
    public string? Secret { get; init; }

    /// <summary><c>Polling:Modules</c>: empty turns polling off.</summary>
    public string PollModules { get; init; } = "";

    /// <summary><c>Polling:IntervalSeconds</c>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary><c>Polling:MaxIntervalSeconds</c>.</summary>
    public TimeSpan PollMaxInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Reads the keys; throws MOD6905 for an invalid value.</summary>
    public static WebhookOptions From(IConfiguration c)
    {
        var o = new WebhookOptions
        {
            Secret = c["Webhooks:Secret"] is { Length: > 0 } s ? s : null,
            PollModules = c["Polling:Modules"] ?? "",
            PollInterval = Seconds(c, "Polling:IntervalSeconds", TimeSpan.FromSeconds(60)),
            PollMaxInterval = Seconds(c, "Polling:MaxIntervalSeconds", TimeSpan.FromHours(1)),
        };
        if (o.PollMaxInterval < o.PollInterval) o = o with { PollMaxInterval = o.PollInterval };
        return o;
    }

    /// <summary>A positive number of seconds under <paramref name="key"/>, or <paramref name="fallback"/>; MOD6905 otherwise.</summary>
    internal static TimeSpan Seconds(IConfiguration c, string key, TimeSpan fallback)
    {
        if (c[key] is not { Length: > 0 } raw) return fallback;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) || s <= 0 || double.IsInfinity(s))
            throw new ModuleException(DiagnosticCodes.MirrorConfigurationInvalid, $"configuration {key}={raw} is invalid: want a positive number of seconds");
        return TimeSpan.FromSeconds(s);
    }
}
