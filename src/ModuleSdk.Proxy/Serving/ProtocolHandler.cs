using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Policy;
using ModuleSdk.Proxy.Storage;
using ModuleSdk.Sums;

namespace ModuleSdk.Proxy.Serving;

/// <summary>
/// Answers GOPROXY protocol requests (SPEC §4) the way Go's clients rely on: 200 with the
/// content; 404 for anything that is not here (an unknown module or version, a malformed path,
/// a <c>D</c> filter rule), so that a <c>,</c> list falls through; 403 for what policy refuses;
/// 502/504 when the upstream fails, 503 when storage does; never 5xx for "not found".
/// <c>.info</c>, <c>.mod</c> and <c>.zip</c> of a version are immutable (<c>Cache-Control:
/// public, max-age=31536000, immutable</c>, an ETag from their content); <c>list</c>,
/// <c>@latest</c> and an <c>.info</c> asked for by a non-canonical name change, so they are
/// cacheable only briefly. Zips are streamed from storage, never held in memory whole.
/// </summary>
public sealed class ProtocolHandler(ModuleService modules, FilterFile filter, ClientTokens tokens, ProxyServerOptions options,
    Operations.ProxyMetrics metrics, ILogger<ProtocolHandler> log)
{
    private const string Immutable = "public, max-age=31536000, immutable";
    private readonly string _short = $"public, max-age={(int)options.ListTtl.TotalSeconds}";
    private readonly ConcurrentDictionary<ModuleId, long> _touched = new();
    private readonly ImmutableAnswers _answers = new();

    /// <summary>Handles one request that <see cref="ProtocolRequest.TryParse"/> recognized (or failed to).</summary>
    public async Task HandleAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        ProtocolRequest? req;
        try
        {
            req = ProtocolRequest.TryParse(http.Request.Path.Value ?? "/");
        }
        catch (ModuleException e)
        {
            http.Items["endpoint"] = "invalid";
            await TextAsync(http, StatusCodes.Status404NotFound, "not found: " + e.Message);
            return;
        }
        if (req is null)
        {
            http.Items["endpoint"] = "other";
            await TextAsync(http, StatusCodes.Status404NotFound,
                "not found: not a module proxy request (want /<module>/@v/list, /@v/<version>.info|.mod|.zip or /@latest)");
            return;
        }
        http.Items["endpoint"] = req.Endpoint.ToString().ToLowerInvariant();

        // Policy before anything is looked up: private modules need an authenticated client
        // (the server-wide token check already ran when tokens are configured).
        if (!string.IsNullOrEmpty(options.Private) && PathPatterns.MatchPrefixPatterns(options.Private, req.Path)
            && !tokens.IsAuthenticated(http.Request.Headers.Authorization))
        {
            await TextAsync(http, StatusCodes.Status403Forbidden,
                $"forbidden: {req.Path} is private to this proxy's authenticated clients (configure Auth:Tokens and send a token)");
            return;
        }
        bool named = req.Version is not null && ModulePath.IsCanonicalFor(req.Path, req.Version);
        switch (filter.Rules.Decide(req.Path, named ? req.Version : null))
        {
            case FilterDecision.Exclude:
                await TextAsync(http, StatusCodes.Status403Forbidden,
                    $"forbidden: {req.Path}{(named ? "@" + req.Version : "")} is excluded by this proxy's filter");
                return;
            case FilterDecision.Direct:
                await TextAsync(http, StatusCodes.Status404NotFound, $"not found: {req.Path} is not served by this proxy (filter rule D): fetch it directly");
                return;
        }

        try
        {
            switch (req.Endpoint)
            {
                case ProtocolEndpoint.List:
                    var versions = await modules.ListAsync(req.Path, ct);
                    await SmallAsync(http, Encoding.UTF8.GetBytes(string.Concat(versions.Select(v => v + "\n"))), "text/plain; charset=utf-8", _short, null);
                    break;
                case ProtocolEndpoint.Latest:
                    var latest = await modules.LatestAsync(req.Path, ct);
                    await SmallAsync(http, RevInfoJson.Format(latest), "application/json", _short, null);
                    break;
                case ProtocolEndpoint.Info when !named:
                    // A query (v1.2, a branch, a commit): its answer can change, so it is not immutable.
                    string resolved = await modules.ResolveAsync(req.Path, req.Version!, ct);
                    switch (filter.Rules.Decide(req.Path, resolved))
                    {
                        case FilterDecision.Exclude:
                            await TextAsync(http, StatusCodes.Status403Forbidden, $"forbidden: {req.Path}@{resolved} is excluded by this proxy's filter");
                            return;
                        case FilterDecision.Direct:
                            await TextAsync(http, StatusCodes.Status404NotFound,
                                $"not found: {req.Path}@{resolved} is not served by this proxy (filter rule D): fetch it directly");
                            return;
                    }
                    await modules.EnsureStoredAsync(req.Path, resolved, ct);
                    await ServeStoredAsync(http, req.Path, resolved, StoredFileKind.Info, _short, ct);
                    break;
                default:
                    var kind = req.Endpoint switch
                    {
                        ProtocolEndpoint.Info => StoredFileKind.Info,
                        ProtocolEndpoint.Mod => StoredFileKind.Mod,
                        _ => StoredFileKind.Zip,
                    };
                    if (kind != StoredFileKind.Zip && _answers.TryGet(req.Path, req.Version!, kind, out var answer))
                    {
                        // A hot version: no storage access at all (policy was checked above).
                        Touch(req.Path, req.Version!);
                        await SmallAsync(http, answer.Data, ContentType(kind), Immutable, answer.ETag);
                        break;
                    }
                    // A zip whose version was seen committed in the last minute (its ETag is
                    // remembered) needs no existence check: opening it checks the commit again.
                    if (kind != StoredFileKind.Zip || !_answers.TryGet(req.Path, req.Version!, StoredFileKind.ZipHash, out _))
                        await modules.EnsureStoredAsync(req.Path, req.Version!, ct);
                    await ServeStoredAsync(http, req.Path, req.Version!, kind, Immutable, ct);
                    break;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client hung up; a shared fetch goes on for the others.
        }
        catch (ModuleNotFoundException e)
        {
            await TextAsync(http, StatusCodes.Status404NotFound, "not found: " + e.Message);
        }
        catch (ModuleException e) when (e.Code.StartsWith("MOD1", StringComparison.Ordinal)
            || e.Code is DiagnosticCodes.DeclaredPathMismatch or DiagnosticCodes.PseudoVersionMismatch or DiagnosticCodes.DirectVersionInvalid)
        {
            // An invalid version of this module (a wrong major, a pseudo-version that does not
            // fit the repository) does not exist here: Go's own proxy answers these with 404 too.
            await TextAsync(http, StatusCodes.Status404NotFound, "not found: " + e.Message);
        }
        catch (ModuleException e)
        {
            if (e.Code == DiagnosticCodes.ProxyStorageFailed) metrics.StorageError();
            int status = e.Code switch
            {
                DiagnosticCodes.ProxyStorageFailed => StatusCodes.Status503ServiceUnavailable,
                DiagnosticCodes.ProxyTimeout => StatusCodes.Status504GatewayTimeout,
                _ => StatusCodes.Status502BadGateway,
            };
            await TextAsync(http, status, $"error {e.Code}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && !http.Response.HasStarted)
        {
            // Storage read failures outside the backends' own wrapping (a disk going away).
            metrics.StorageError();
            log.LogError("{Code} reading {Module} from storage failed: {Error}", DiagnosticCodes.ProxyStorageFailed, req.Path, e.Message);
            await TextAsync(http, StatusCodes.Status503ServiceUnavailable, $"error {DiagnosticCodes.ProxyStorageFailed}: storage read failed");
        }
    }

    private async Task ServeStoredAsync(HttpContext http, string path, string version, StoredFileKind kind, string cacheControl, CancellationToken ct)
    {
        var file = await modules.Storage.OpenAsync(path, version, kind, ct);
        if (file is null)
        {
            // Deleted between the check and the read (retention): not here.
            await TextAsync(http, StatusCodes.Status404NotFound, $"not found: {path}@{version}");
            return;
        }
        await using (file)
        {
            Touch(path, version);
            if (kind != StoredFileKind.Zip)
            {
                byte[] data = await file.ReadAllAsync(ct);
                string etag = kind == StoredFileKind.Mod ? Hash1.HashModFile(data) : "sha256:" + Convert.ToBase64String(SHA256.HashData(data));
                if (cacheControl == Immutable) _answers.Add(path, version, kind, data, etag);
                await SmallAsync(http, data, ContentType(kind), cacheControl, etag);
                return;
            }
            string zipHash;
            if (_answers.TryGet(path, version, StoredFileKind.ZipHash, out var known)) zipHash = known.ETag;
            else
            {
                await using (var h = await modules.Storage.OpenAsync(path, version, StoredFileKind.ZipHash, ct))
                    zipHash = h is null ? "" : Encoding.UTF8.GetString(await h.ReadAllAsync(ct)).Trim();
                if (zipHash.Length > 0) _answers.Add(path, version, StoredFileKind.ZipHash, [], zipHash);
            }
            var res = http.Response;
            res.Headers.CacheControl = cacheControl;
            if (zipHash.Length > 0)
            {
                res.Headers.ETag = Quote(zipHash);
                if (NotModified(http, zipHash)) return;
            }
            res.StatusCode = StatusCodes.Status200OK;
            res.ContentType = "application/zip";
            res.ContentLength = file.Length;
            if (HttpMethods.IsHead(http.Request.Method)) return;
            await ZipBody.WriteAsync(file.Content, file.Length, res.BodyWriter, ct);
        }
    }

    private void Touch(string path, string version)
    {
        // Retention needs "last asked for", to the day: one storage write per version per hour.
        var id = new ModuleId(path, version);
        long now = Environment.TickCount64;
        if (_touched.TryGetValue(id, out long last) && now - last < 3_600_000) return;
        _touched[id] = now;
        _ = TouchInBackground(path, version);
    }

    private async Task TouchInBackground(string path, string version)
    {
        try
        {
            await modules.Storage.TouchAsync(path, version, DateTimeOffset.UtcNow, CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogWarning("recording the access time of {Module} {Version} failed: {Error}", path, version, e.Message);
        }
    }

    private static async Task SmallAsync(HttpContext http, byte[] data, string contentType, string cacheControl, string? etag)
    {
        etag ??= "sha256:" + Convert.ToBase64String(SHA256.HashData(data));
        var res = http.Response;
        res.Headers.CacheControl = cacheControl;
        res.Headers.ETag = Quote(etag);
        if (NotModified(http, etag)) return;
        res.StatusCode = StatusCodes.Status200OK;
        res.ContentType = contentType;
        res.ContentLength = data.Length;
        if (!HttpMethods.IsHead(http.Request.Method)) await res.Body.WriteAsync(data, http.RequestAborted);
    }

    private static string ContentType(StoredFileKind kind) => kind == StoredFileKind.Info ? "application/json" : "text/plain; charset=utf-8";

    private static string Quote(string etag) => "\"" + etag + "\"";

    private static bool NotModified(HttpContext http, string etag)
    {
        var inm = http.Request.Headers.IfNoneMatch;
        if (inm.Count == 0) return false;
        if (!EntityTagHeaderValue.TryParseList(inm, out var tags)) return false;
        var mine = new EntityTagHeaderValue(Quote(etag));
        if (!tags.Any(t => t.Tag == "*" || t.Compare(mine, useStrongComparison: false))) return false;
        http.Response.StatusCode = StatusCodes.Status304NotModified;
        return true;
    }

    /// <summary>A plain-text answer (errors): Go's clients show its first lines to the user.</summary>
    public static async Task TextAsync(HttpContext http, int status, string message)
    {
        var res = http.Response;
        res.StatusCode = status;
        res.ContentType = "text/plain; charset=utf-8";
        // Errors are not cached for long: a module missing now may be tagged in a minute.
        res.Headers.CacheControl = "no-cache";
        byte[] body = Encoding.UTF8.GetBytes(message + "\n");
        res.ContentLength = body.Length;
        if (!HttpMethods.IsHead(http.Request.Method)) await res.Body.WriteAsync(body, http.RequestAborted);
    }
}
