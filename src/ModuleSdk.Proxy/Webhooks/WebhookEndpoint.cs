using System.Text.Json;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Operations;
using ModuleSdk.Proxy.Serving;

namespace ModuleSdk.Proxy.Webhooks;

/// <summary>
/// <c>POST /webhooks/github|gitlab|generic</c>: checks the delivery's signature against
/// <c>Webhooks:Secret</c> (401 and MOD6903 when it does not match; 404 when no secret is
/// configured: the hooks are off), reads the push or tag event (400, MOD6904, when malformed),
/// maps the repository to module paths with the <c>Repos</c> rules (404 when none maps), and
/// answers 202 with the modules (and a tag's versions) it refreshes in the background
/// (<see cref="ModuleRefresher"/>, tracked for graceful shutdown). A deleted ref changes nothing:
/// stored versions stay.
/// </summary>
public sealed class WebhookEndpoint(WebhookOptions options, RepoModuleMap map, ModuleRefresher refresher, InFlightFetches inFlight,
    ILogger<WebhookEndpoint> log)
{
    private const int MaxBody = 4 * 1024 * 1024;

    /// <summary>Answers one delivery for the hook <paramref name="kind"/> (<c>github</c>, <c>gitlab</c>, <c>generic</c>).</summary>
    public async Task HandleAsync(HttpContext http, string kind)
    {
        http.Items["endpoint"] = "webhook";
        if (options.Secret is not { } secret)
        {
            await ProtocolHandler.TextAsync(http, StatusCodes.Status404NotFound, "not found: webhooks are off on this proxy (set Webhooks:Secret)");
            return;
        }
        if (http.Request.ContentLength > MaxBody)
        {
            await ProtocolHandler.TextAsync(http, StatusCodes.Status413PayloadTooLarge, "the delivery is too large");
            return;
        }
        // Bounded even without a Content-Length (chunked): a delivery is a few kilobytes.
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBody)
            {
                await ProtocolHandler.TextAsync(http, StatusCodes.Status413PayloadTooLarge, "the delivery is too large");
                return;
            }
        }
        byte[] body = buffer.ToArray();
        var headers = http.Request.Headers;
        bool signed = kind switch
        {
            "github" => WebhookPayloads.VerifyHmac(secret, body, headers["X-Hub-Signature-256"].FirstOrDefault()),
            "gitlab" => WebhookPayloads.VerifyToken(secret, headers["X-Gitlab-Token"].FirstOrDefault()),
            _ => WebhookPayloads.VerifyHmac(secret, body, headers[WebhookPayloads.GenericSignatureHeader].FirstOrDefault()),
        };
        if (!signed)
        {
            log.LogWarning("{Code} webhook {Kind}: signature or token does not match", DiagnosticCodes.WebhookSignatureInvalid, kind);
            await ProtocolHandler.TextAsync(http, StatusCodes.Status401Unauthorized,
                $"error {DiagnosticCodes.WebhookSignatureInvalid}: the delivery's signature does not match this proxy's Webhooks:Secret");
            return;
        }
        string? eventName = kind switch
        {
            "github" => headers["X-GitHub-Event"].FirstOrDefault(),
            "gitlab" => headers["X-Gitlab-Event"].FirstOrDefault(),
            _ => "push",
        };
        PushEvent? ev;
        try
        {
            ev = WebhookPayloads.Parse(kind, eventName, body);
        }
        catch (ModuleException e)
        {
            await ProtocolHandler.TextAsync(http, StatusCodes.Status400BadRequest, $"error {e.Code}: {e.Message}");
            return;
        }
        if (ev is null || ev.Deleted)
        {
            await JsonAsync(http, StatusCodes.Status200OK, [], [],
                ev is null ? $"event {eventName} ignored: only pushes and tags refresh modules"
                    : "a deleted ref changes nothing: stored versions stay served");
            return;
        }

        var roots = map.RootsOf(ev.RepositoryUrls).Concat(ev.Modules).Distinct(StringComparer.Ordinal).ToList();
        if (roots.Count == 0)
        {
            await ProtocolHandler.TextAsync(http, StatusCodes.Status404NotFound,
                $"not found: no module of this proxy lives in {string.Join(", ", ev.RepositoryUrls.Select(Direct.GitCredentials.StripUserInfo))}" +
                " (map it in Repos)");
            return;
        }
        // What to refresh: a tag names its module path(s) and version; any other push, each root.
        var work = new List<(string Path, string? Version)>();
        foreach (var root in roots)
        {
            if (ev.Tag is { } tag)
            {
                var candidates = RepoModuleMap.TagModules(root, tag);
                if (candidates.Count == 0) work.Add((root, null)); // not a version tag: a refresh of the list
                foreach (var (p, v) in candidates) work.Add((p, v));
            }
            else work.Add((root, null));
        }
        work = [.. work.Where(w => ModulePath.IsValidPath(w.Path)).Distinct()];
        foreach (var (path, version) in work)
            _ = inFlight.Track(RunAsync(path, version));
        await JsonAsync(http, StatusCodes.Status202Accepted, work.Select(w => w.Path).Distinct().ToList(),
            work.Where(w => w.Version is not null).Select(w => w.Path + "@" + w.Version).ToList(), null);
    }

    private async Task RunAsync(string path, string? version)
    {
        await Task.Yield();
        try
        {
            var stored = await refresher.RefreshAsync(path, version, CancellationToken.None);
            log.LogInformation("webhook: refreshed {Module}; stored {Versions}", path, stored.Count == 0 ? "nothing new" : string.Join(" ", stored));
        }
        catch (Exception e) when (e is ModuleException or IOException or HttpRequestException)
        {
            log.LogWarning("webhook: refreshing {Module} failed (stored versions stay served): {Error}", path, e.Message);
        }
    }

    private static async Task JsonAsync(HttpContext http, int status, IReadOnlyList<string> modules, IReadOnlyList<string> versions, string? note)
    {
        var res = http.Response;
        res.StatusCode = status;
        res.ContentType = "application/json; charset=utf-8";
        res.Headers.CacheControl = "no-cache";
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?> { ["modules"] = modules, ["versions"] = versions, ["note"] = note });
        res.ContentLength = body.Length;
        await res.Body.WriteAsync(body, http.RequestAborted);
    }
}
