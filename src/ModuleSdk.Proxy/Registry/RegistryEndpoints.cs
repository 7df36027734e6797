using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Routing;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Policy;

namespace ModuleSdk.Proxy.Registry;

/// <summary>
/// Wires the registry into the server (SPEC §12): the search page at <c>/</c>, module pages at
/// <c>/&lt;module path&gt;</c>, version pages at <c>/&lt;module path&gt;@&lt;version&gt;</c>, each
/// answered as JSON when the client asks for <c>application/json</c>, and <c>?go-get=1</c> pages for
/// <c>Vanity:Rules</c>. Only requests no other endpoint claimed reach it (those that would go to
/// the protocol's catch-all), and never a protocol request (<c>/@v/</c>, <c>/@latest</c>): a
/// module path has a dotted first element, so <c>/healthz</c>, <c>/index</c>, <c>/sumdb/</c> and
/// <c>/webhooks/</c> are never module pages either. Policy applies as for the protocol: a private
/// module is shown to authenticated clients only, a filtered one to nobody.
/// </summary>
public static class RegistryEndpoints
{
    private const int SearchLimit = 100;
    private const int MaxCachedPages = 4096;

    private static readonly string[] Reserved = ["/healthz", "/readyz", "/metrics", "/index", "/sumdb", "/webhooks"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    /// <summary>Registers the registry's services (<c>Vanity:Rules</c> is parsed now: MOD6801 stops the start).</summary>
    public static void AddRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(VanityRules.Parse(configuration["Vanity:Rules"]));
        services.AddSingleton<RegistryIndex>();
        services.AddHostedService(sp => sp.GetRequiredService<RegistryIndex>());
    }

    /// <summary>Adds the registry's middleware; call before the protocol's catch-all is mapped.</summary>
    public static void UseRegistry(this WebApplication app)
    {
        var index = app.Services.GetRequiredService<RegistryIndex>();
        var vanity = app.Services.GetRequiredService<VanityRules>();
        var options = app.Services.GetRequiredService<ProxyServerOptions>();
        var filter = app.Services.GetRequiredService<FilterFile>();
        var tokens = app.Services.GetRequiredService<ClientTokens>();
        var pages = new ConcurrentDictionary<(string Module, bool Json), (long Generation, FilterRules Rules, byte[] Body)>();
        app.Use(async (http, next) =>
        {
            if (!Claims(http)) { await next(http); return; }
            string path = http.Request.Path.Value ?? "/";
            if (http.Request.Query["go-get"] == "1")
            {
                string import = VanityRules.ImportPathOf(http.Request.Host.Value ?? "", path);
                var root = vanity.Match(import) is { } byHost ? (Import: import, Root: byHost)
                    : vanity.Match(path.Trim('/')) is { } byPath ? (Import: path.Trim('/'), Root: byPath) : default;
                if (root.Root is not null)
                {
                    http.Items["endpoint"] = "vanity";
                    string? link = index.IsKnown(root.Root.Root) ? RegistryViews.ModuleUrl(root.Root.Root) : null;
                    await WriteAsync(http, 200, "text/html; charset=utf-8", VanityRules.Page(root.Import, root.Root, link));
                    return;
                }
                await next(http);
                return;
            }
            if (path.Contains("/@v/", StringComparison.Ordinal) || path.EndsWith("/@latest", StringComparison.Ordinal)
                || Reserved.Any(r => path == r || path.StartsWith(r + "/", StringComparison.Ordinal)))
            {
                await next(http);
                return;
            }
            bool authenticated = tokens.IsAuthenticated(http.Request.Headers.Authorization);
            bool Visible(string p) =>
                (string.IsNullOrEmpty(options.Private) || !PathPatterns.MatchPrefixPatterns(options.Private, p) || authenticated)
                && filter.Rules.Decide(p, null) == FilterDecision.Include;
            bool json = WantsJson(http.Request);
            // Whether some stored module may be hidden from this client (then counts are filtered too).
            bool hidesSome = !string.IsNullOrEmpty(options.Private) || !ReferenceEquals(filter.Rules, FilterRules.IncludeAll);
            var ct = http.RequestAborted;
            if (path == "/")
            {
                http.Items["endpoint"] = "registry-search";
                string q = http.Request.Query["q"].ToString().Trim();
                if (q.Length > 200) q = q[..200];
                var (results, total) = index.Search(q, Visible, SearchLimit);
                var view = new SearchView(q, total, index.Complete, results.Select(e => new SearchHit(e.Path, e.Latest, e.Description,
                    hidesSome ? index.UsedBy(e.Path, int.MaxValue).Count(Visible) : index.UsedByCount(e.Path), RegistryViews.ModuleUrl(e.Path))).ToList());
                await AnswerAsync(http, json, view, () => RegistryHtml.Search(view), options, 200);
                return;
            }
            string rest = path.Trim('/');
            int at = rest.IndexOf('@');
            string module = at < 0 ? rest : rest[..at];
            string? version = at < 0 ? null : rest[(at + 1)..];
            if (!ModulePath.IsValidPath(module))
            {
                await next(http);
                return;
            }
            http.Items["endpoint"] = version is null ? "registry-module" : "registry-version";
            var entry = Visible(module) ? await index.ModuleAsync(module, ct) : null;
            if (entry is null)
            {
                // Only browsers and JSON clients get the registry's own 404 (a page with a search
                // box, an object); anyone else the protocol's plain-text one, as before the registry.
                if (json || AcceptsHtml(http.Request)) await NotFoundAsync(http, json, module, options);
                else await next(http);
                return;
            }
            if (version is null)
            {
                // The busiest page: built once per index generation (and filter file) while
                // nothing on it depends on who asks (no Private paths configured).
                bool cacheable = string.IsNullOrEmpty(options.Private);
                var key = (module, json);
                if (cacheable && pages.TryGetValue(key, out var hit) && hit.Generation == index.Generation && ReferenceEquals(hit.Rules, filter.Rules))
                {
                    await AnswerAsync(http, json, hit.Body, options, 200);
                    return;
                }
                long generation = index.Generation;
                var rules = filter.Rules;
                var view = await RegistryViews.ModuleAsync(index, entry, Visible, ct);
                byte[] body = Encoding.UTF8.GetBytes(json ? JsonSerializer.Serialize(view, Json) : RegistryHtml.Module(view));
                if (cacheable)
                {
                    if (pages.Count >= MaxCachedPages) pages.Clear();
                    pages[key] = (generation, rules, body);
                }
                await AnswerAsync(http, json, body, options, 200);
                return;
            }
            if (!entry.Versions.Contains(version))
            {
                // Stored by another instance since the index last looked?
                if (Semver.IsValid(version) && await index.FactsAsync(module, version, ct) is not null)
                    entry = await index.AddAsync(module, version, ct) ?? entry;
                if (!entry.Versions.Contains(version))
                {
                    await NotFoundAsync(http, json, module + "@" + version, options);
                    return;
                }
            }
            var facts = await index.FactsAsync(module, version, ct);
            if (facts is null)
            {
                await NotFoundAsync(http, json, module + "@" + version, options);
                return;
            }
            var vview = RegistryViews.Version(index, entry, facts, Visible);
            await AnswerAsync(http, json, vview, () => RegistryHtml.Version(vview), options, 200);
        });
    }

    // Only GET/HEAD requests that no endpoint of their own claimed (none matched, or the
    // protocol's catch-all did): /healthz, /index, /webhooks/... and whatever is mapped later stay theirs.
    private static bool Claims(HttpContext http)
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)) return false;
        var endpoint = http.GetEndpoint();
        return endpoint is null || (endpoint is RouteEndpoint r && r.RoutePattern.RawText == "/{**rest}");
    }

    /// <summary>Whether the client asked for JSON rather than HTML (<c>Accept: application/json</c>, preferred over <c>text/html</c>).</summary>
    public static bool WantsJson(HttpRequest request)
    {
        string accept = request.Headers.Accept.ToString();
        int jsonAt = accept.IndexOf("application/json", StringComparison.OrdinalIgnoreCase);
        if (jsonAt < 0) return false;
        int htmlAt = accept.IndexOf("text/html", StringComparison.OrdinalIgnoreCase);
        return htmlAt < 0 || jsonAt < htmlAt;
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static Task NotFoundAsync(HttpContext http, bool json, string what, ProxyServerOptions options) =>
        AnswerAsync(http, json, new { error = "not found: this registry stores no module " + what }, () => RegistryHtml.NotFound(what), options, 404);

    private static async Task AnswerAsync(HttpContext http, bool json, byte[] body, ProxyServerOptions options, int status)
    {
        Headers(http, json, options);
        await WriteAsync(http, status, json ? "application/json; charset=utf-8" : "text/html; charset=utf-8", body);
    }

    private static void Headers(HttpContext http, bool json, ProxyServerOptions options)
    {
        var res = http.Response;
        res.Headers.Vary = "Accept";
        res.Headers.CacheControl = string.IsNullOrEmpty(options.Private) && string.IsNullOrEmpty(options.AuthTokens)
            ? "public, max-age=60" : "private, max-age=60";
        if (json) return;
        res.Headers.ContentSecurityPolicy = RegistryHtml.ContentSecurityPolicy;
        res.Headers.XContentTypeOptions = "nosniff";
        res.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static async Task AnswerAsync<T>(HttpContext http, bool json, T view, Func<string> html, ProxyServerOptions options, int status)
    {
        // Pages change as versions arrive; private modules must not sit in shared caches.
        Headers(http, json, options);
        if (json)
        {
            await WriteAsync(http, status, "application/json; charset=utf-8", JsonSerializer.Serialize(view, Json));
            return;
        }
        await WriteAsync(http, status, "text/html; charset=utf-8", html());
    }

    private static Task WriteAsync(HttpContext http, int status, string contentType, string body) =>
        WriteAsync(http, status, contentType, Encoding.UTF8.GetBytes(body));

    private static async Task WriteAsync(HttpContext http, int status, string contentType, byte[] bytes)
    {
        var res = http.Response;
        res.StatusCode = status;
        res.ContentType = contentType;
        res.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(http.Request.Method)) await res.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
