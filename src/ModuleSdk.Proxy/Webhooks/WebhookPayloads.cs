using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Proxy.Webhooks;

/// <summary>
/// Checks and reads webhook deliveries of the three kinds (SPEC §12):
/// <list type="bullet">
/// <item><c>github</c>: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>;
/// <c>push</c> events (<c>ref</c>, <c>deleted</c>, <c>repository.clone_url|ssh_url|html_url|git_url</c>)
/// and <c>create</c> events of tags; <c>ping</c>.</item>
/// <item><c>gitlab</c>: <c>X-Gitlab-Token</c> equal to the secret; <c>Push Hook</c> and
/// <c>Tag Push Hook</c> (<c>ref</c>, <c>after</c> all zeros for a deletion,
/// <c>project.git_http_url|git_ssh_url|web_url</c>).</item>
/// <item><c>generic</c>: <c>X-Modproxy-Signature-256: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>
/// (GitHub's scheme under a header of its own); a JSON object with <c>repository</c> (a git URL)
/// and/or <c>module</c> (a module path), and an optional <c>ref</c> (<c>refs/tags/v1.2.0</c>, or a
/// bare tag <c>v1.2.0</c>).</item>
/// </list>
/// Secrets are compared in constant time and never logged.
/// </summary>
public static class WebhookPayloads
{
    /// <summary>The generic hook's signature header.</summary>
    public const string GenericSignatureHeader = "X-Modproxy-Signature-256";

    /// <summary>Reports whether <paramref name="header"/> is <c>sha256=</c> and the HMAC-SHA256 of
    /// <paramref name="body"/> with <paramref name="secret"/>.</summary>
    public static bool VerifyHmac(string secret, byte[] body, string? header)
    {
        if (header is null || !header.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase)) return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(7).Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        byte[] expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The header value that signs <paramref name="body"/> (<c>sha256=&lt;hex&gt;</c>): for senders and tests.</summary>
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Reports whether a token header equals the secret (constant time).</summary>
    public static bool VerifyToken(string secret, string? token) =>
        token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(token));

    /// <summary>
    /// The push event in a checked delivery of <paramref name="kind"/>, null for an event that
    /// is not a push or tag (a ping, an issue): nothing to do. Throws MOD6904 for a malformed one.
    /// </summary>
    public static PushEvent? Parse(string kind, string? eventName, byte[] body)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(body);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Invalid($"the body is not JSON: {e.Message}");
        }
        if (root.ValueKind != JsonValueKind.Object) throw Invalid("the body is not a JSON object");
        PushEvent? ev = kind switch
        {
            "github" => GitHub(eventName, root),
            "gitlab" => GitLab(eventName, root),
            _ => Generic(root),
        };
        if (ev is not null && ev.RepositoryUrls.Count == 0 && ev.Modules.Count == 0)
            throw Invalid("the event names no repository URL" + (kind == "generic" ? " (\"repository\") or module (\"module\")" : ""));
        return ev;
    }

    private static PushEvent? GitHub(string? eventName, JsonElement root)
    {
        string? reference;
        switch (eventName)
        {
            case "push":
                reference = Str(root, "ref");
                break;
            case "create" when Str(root, "ref_type") == "tag":
                reference = "refs/tags/" + Str(root, "ref");
                break;
            default:
                return null; // ping, branch creation, anything else
        }
        var urls = Urls(root, "repository", "clone_url", "ssh_url", "html_url", "git_url", "url");
        return new PushEvent(urls, reference, root.TryGetProperty("deleted", out var d) && d.ValueKind == JsonValueKind.True, []);
    }

    private static PushEvent? GitLab(string? eventName, JsonElement root)
    {
        if (eventName is not ("Push Hook" or "Tag Push Hook")) return null;
        var urls = Urls(root, "project", "git_http_url", "git_ssh_url", "web_url", "http_url", "ssh_url")
            .Concat(Urls(root, "repository", "git_http_url", "git_ssh_url", "homepage", "url")).Distinct(StringComparer.Ordinal).ToList();
        bool deleted = Str(root, "after") is { } after && after.Length > 0 && after.All(c => c == '0');
        return new PushEvent(urls, Str(root, "ref"), deleted, []);
    }

    private static PushEvent Generic(JsonElement root)
    {
        string? reference = Str(root, "ref");
        if (reference is not null && !reference.StartsWith("refs/", StringComparison.Ordinal)) reference = "refs/tags/" + reference;
        var urls = Str(root, "repository") is { Length: > 0 } u ? new[] { u } : [];
        var modules = Str(root, "module") is { Length: > 0 } m ? new[] { m } : [];
        return new PushEvent(urls, reference, false, modules);
    }

    private static string? Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<string> Urls(JsonElement root, string objectName, params string[] names)
    {
        var urls = new List<string>();
        if (!root.TryGetProperty(objectName, out var o) || o.ValueKind != JsonValueKind.Object) return urls;
        foreach (var n in names)
            if (Str(o, n) is { Length: > 0 } u && !urls.Contains(u)) urls.Add(u);
        return urls;
    }

    private static ModuleException Invalid(string why) => new(DiagnosticCodes.WebhookPayloadInvalid, "webhook delivery: " + why);
}
