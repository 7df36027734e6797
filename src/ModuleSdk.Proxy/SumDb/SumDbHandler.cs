using System.Text;
using System.Text.RegularExpressions;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Modules;
using ModuleSdk.Proxy.Policy;
using ModuleSdk.Proxy.Serving;
using ModuleSdk.Proxy.Storage;
using ModuleSdk.SumDb;

namespace ModuleSdk.Proxy.SumDb;

/// <summary>
/// Serves the checksum database under <c>/sumdb/&lt;name&gt;/</c> exactly as Go's
/// <c>sumdb.Server</c> does: <c>lookup/M@V</c> (the record id, the record, a blank line, the
/// signed tree head), <c>latest</c>, <c>tile/8/L/N[.p/W]</c> and <c>tile/8/data/N[.p/W]</c>;
/// plus <c>supported</c>, which tells the go command this proxy serves that database
/// (<c>&lt;GOPROXY&gt;/sumdb/&lt;name&gt;/supported</c>). A lookup of a version the log lacks fetches
/// it through the normal proxy path, as sum.golang.org does, and logs it first. Private modules
/// (<c>Private</c>) and filtered ones are never looked up: the log is public.
/// </summary>
public sealed partial class SumDbHandler(SumDbLog log, ModuleService modules, FilterFile filter, ProxyServerOptions options, ILogger<SumDbHandler> logger)
{
    /// <summary>The route prefix.</summary>
    public const string Prefix = "/sumdb/";

    // Go's modVerRE (x/mod sumdb/server.go): what a lookup may name.
    [GeneratedRegex(@"^[^@]+@v[0-9]+\.[0-9]+\.[0-9]+(-[^@]*)?(\+incompatible)?$")]
    private static partial Regex ModVer();

    /// <summary>Handles <c>/sumdb/&lt;name&gt;/…</c>.</summary>
    public async Task HandleAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        string path = http.Request.Path.Value ?? "";
        string rest = path[Prefix.Length..];
        int slash = rest.IndexOf('/');
        string name = slash < 0 ? rest : rest[..slash];
        string op = slash < 0 ? "" : rest[(slash + 1)..];
        http.Items["endpoint"] = "sumdb";
        if (name != log.Name)
        {
            await ProtocolHandler.TextAsync(http, StatusCodes.Status404NotFound, $"not found: this proxy serves the checksum database {log.Name} only");
            return;
        }
        try
        {
            if (op == "supported")
            {
                http.Items["endpoint"] = "sumdb-supported";
                await WriteAsync(http, [], "text/plain; charset=UTF-8", "no-cache");
            }
            else if (op == "latest")
            {
                http.Items["endpoint"] = "sumdb-latest";
                var (_, signed) = await log.LatestAsync(ct);
                await WriteAsync(http, signed, "text/plain; charset=UTF-8", "no-cache");
            }
            else if (op.StartsWith("lookup/", StringComparison.Ordinal))
            {
                http.Items["endpoint"] = "sumdb-lookup";
                await LookupAsync(http, op["lookup/".Length..], ct);
            }
            else if (op.StartsWith("tile/", StringComparison.Ordinal))
            {
                http.Items["endpoint"] = "sumdb-tile";
                if (!Tile.TryParse(op, out var tile))
                {
                    await ProtocolHandler.TextAsync(http, StatusCodes.Status400BadRequest, "invalid tile syntax");
                    return;
                }
                var data = await log.ReadTileAsync(tile, ct);
                if (data is null)
                {
                    await ProtocolHandler.TextAsync(http, StatusCodes.Status404NotFound, $"not found: {tile.Path} is not in the signed tree");
                    return;
                }
                // A tile of a given width never changes: cache it for good.
                await WriteAsync(http, data, tile.L == -1 ? "text/plain; charset=UTF-8" : "application/octet-stream", "public, max-age=31536000, immutable");
            }
            else
            {
                await ProtocolHandler.TextAsync(http, StatusCodes.Status404NotFound,
                    "not found: want /sumdb/<name>/supported, latest, lookup/<module>@<version> or tile/...");
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (ModuleNotFoundException e)
        {
            await ProtocolHandler.TextAsync(http, StatusCodes.Status404NotFound, "not found: " + e.Message);
        }
        catch (ModuleException e) when (e.Code.StartsWith("MOD1", StringComparison.Ordinal)
            || e.Code is DiagnosticCodes.DeclaredPathMismatch or DiagnosticCodes.PseudoVersionMismatch or DiagnosticCodes.DirectVersionInvalid)
        {
            await ProtocolHandler.TextAsync(http, StatusCodes.Status404NotFound, "not found: " + e.Message);
        }
        catch (ModuleException e)
        {
            int status = e.Code switch
            {
                DiagnosticCodes.SumDbLogCorrupt => StatusCodes.Status500InternalServerError,
                DiagnosticCodes.ProxyStorageFailed => StatusCodes.Status503ServiceUnavailable,
                DiagnosticCodes.ProxyTimeout => StatusCodes.Status504GatewayTimeout,
                _ => StatusCodes.Status502BadGateway,
            };
            if (status == StatusCodes.Status500InternalServerError)
                logger.LogError("{Code} checksum database {Name}: {Error}", e.Code, log.Name, e.Message);
            await ProtocolHandler.TextAsync(http, status, $"error {e.Code}: {e.Message}");
        }
    }

    private async Task LookupAsync(HttpContext http, string mod, CancellationToken ct)
    {
        if (!ModVer().IsMatch(mod))
        {
            await ProtocolHandler.TextAsync(http, StatusCodes.Status400BadRequest, "invalid module@version syntax");
            return;
        }
        int at = mod.IndexOf('@');
        string path = PathEscaping.UnescapePath(mod[..at]);
        string version = PathEscaping.UnescapeVersion(mod[(at + 1)..]);
        ModulePath.CheckPath(path);
        if (Semver.Canonical(version) != version || !ModulePath.IsCanonicalFor(path, version))
        {
            await ProtocolHandler.TextAsync(http, StatusCodes.Status404NotFound, $"not found: {path}@{version} is not a canonical version of {path}");
            return;
        }
        if (!string.IsNullOrEmpty(options.Private) && PathPatterns.MatchPrefixPatterns(options.Private, path))
        {
            await ProtocolHandler.TextAsync(http, StatusCodes.Status404NotFound,
                $"not found: {path} is private to this proxy; the checksum database logs public modules only");
            return;
        }
        switch (filter.Rules.Decide(path, version))
        {
            case FilterDecision.Exclude:
                await ProtocolHandler.TextAsync(http, StatusCodes.Status403Forbidden, $"forbidden: {path}@{version} is excluded by this proxy's filter");
                return;
            case FilterDecision.Direct:
                await ProtocolHandler.TextAsync(http, StatusCodes.Status404NotFound, $"not found: {path} is not served by this proxy (filter rule D)");
                return;
        }

        var id = new ModuleId(path, version);
        var (tree, signed) = await log.LatestAsync(ct);
        long? found = await log.FindAsync(id, tree.N, ct);
        if (found is null)
        {
            // As sum.golang.org: fetch it (the normal proxy path, which logs what it stores),
            // then log it here too for versions stored before the database was turned on.
            await modules.EnsureStoredAsync(path, version, ct);
            (tree, signed) = await log.LatestAsync(ct);
            found = await log.FindAsync(id, tree.N, ct);
            if (found is null)
            {
                found = await log.AppendAsync(await StoredRecordAsync(modules.Storage, id, ct), ct);
                (tree, signed) = await log.LatestAsync(ct);
            }
        }
        byte[] record = await log.ReadRecordAsync(found.Value, tree.N, ct);
        await WriteAsync(http, [.. LogRecord.Format(found.Value, record), .. signed], "text/plain; charset=UTF-8", "no-cache");
    }

    /// <summary>The record of a stored version: its recorded zip hash and its module file's go.mod hash.</summary>
    public static async Task<ModuleRecord> StoredRecordAsync(IModuleStorage storage, ModuleId id, CancellationToken ct)
    {
        byte[]? zipHash = null, mod = null;
        await using (var f = await storage.OpenAsync(id.Path, id.Version, StoredFileKind.ZipHash, ct))
            if (f is not null) zipHash = await f.ReadAllAsync(ct);
        await using (var f = await storage.OpenAsync(id.Path, id.Version, StoredFileKind.Mod, ct))
            if (f is not null) mod = await f.ReadAllAsync(ct);
        if (zipHash is null || mod is null) throw new ModuleNotFoundException($"{id}: not stored (deleted meanwhile)");
        return ModuleRecord.From(id.Path, id.Version, Encoding.UTF8.GetString(zipHash).Trim(), mod);
    }

    private static async Task WriteAsync(HttpContext http, byte[] data, string contentType, string cacheControl)
    {
        var res = http.Response;
        res.StatusCode = StatusCodes.Status200OK;
        res.ContentType = contentType;
        res.Headers.CacheControl = cacheControl;
        res.ContentLength = data.Length;
        if (!HttpMethods.IsHead(http.Request.Method)) await res.Body.WriteAsync(data, http.RequestAborted);
    }
}
