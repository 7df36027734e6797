using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Proxy.Serving;

/// <summary>What a GOPROXY protocol request asks for.</summary>
public enum ProtocolEndpoint
{
    /// <summary><c>$module/@v/list</c></summary>
    List,
    /// <summary><c>$module/@v/$version.info</c></summary>
    Info,
    /// <summary><c>$module/@v/$version.mod</c></summary>
    Mod,
    /// <summary><c>$module/@v/$version.zip</c></summary>
    Zip,
    /// <summary><c>$module/@latest</c></summary>
    Latest,
}

/// <summary>
/// A parsed GOPROXY request (SPEC §4): the module path and version unescaped (Go's <c>!</c>
/// escaping of capitals) and checked by the engine's rules.
/// </summary>
public sealed record ProtocolRequest(ProtocolEndpoint Endpoint, string Path, string? Version)
{
    /// <summary>
    /// Parses a request path such as <c>/example.com/!lib/v2/@v/v2.0.1.zip</c>; null when it is
    /// not a protocol request; throws <see cref="ModuleException"/> for a protocol request with a
    /// malformed path or version (answered as "not found", as Go's own proxy does).
    /// </summary>
    public static ProtocolRequest? TryParse(string requestPath)
    {
        string p = requestPath.TrimStart('/');
        if (p.EndsWith("/@latest", StringComparison.Ordinal))
            return new ProtocolRequest(ProtocolEndpoint.Latest, ModuleOf(p[..^"/@latest".Length]), null);
        int at = p.LastIndexOf("/@v/", StringComparison.Ordinal);
        if (at <= 0) return null;
        string path = ModuleOf(p[..at]);
        string file = p[(at + 4)..];
        if (file == "list") return new ProtocolRequest(ProtocolEndpoint.List, path, null);
        int dot = file.LastIndexOf('.');
        if (dot <= 0) return null;
        var endpoint = file[(dot + 1)..] switch
        {
            "info" => ProtocolEndpoint.Info,
            "mod" => ProtocolEndpoint.Mod,
            "zip" => ProtocolEndpoint.Zip,
            _ => (ProtocolEndpoint?)null,
        };
        if (endpoint is null) return null;
        string version = PathEscaping.UnescapeVersion(file[..dot]);
        if (endpoint != ProtocolEndpoint.Info && !ModulePath.IsCanonicalFor(path, version))
            throw new ModuleException(DiagnosticCodes.NonCanonicalVersion,
                $"{path}@{version}: invalid version: module files and zips are served for canonical versions of the module only");
        return new ProtocolRequest(endpoint.Value, path, version);
    }

    private static string ModuleOf(string escaped)
    {
        string path = PathEscaping.UnescapePath(escaped);
        ModulePath.CheckPath(path);
        return path;
    }
}
