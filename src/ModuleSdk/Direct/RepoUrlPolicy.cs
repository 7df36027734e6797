using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Direct;

/// <summary>
/// Which repository URLs direct mode may use (Go's <c>validateRepoRoot</c> and <c>GOINSECURE</c>).
/// <c>https</c> and <c>ssh</c> (also scp-like <c>user@host:path</c>) always; <c>http</c> and
/// <c>git</c>, which neither authenticate the server nor protect the data, only for module paths
/// or repository hosts that match <c>MODINSECURE</c> (Go's <c>GOINSECURE</c> syntax: comma-separated
/// path globs); <c>file</c> and local paths only from the user's own <c>MODREPOS</c> rules, never
/// from a <c>?go-get=1</c> page, which would otherwise pick a repository on the building machine.
/// Every other scheme or git transport (<c>ext::</c>, <c>fd::</c>) is refused: libgit2 would run
/// a program for it.
/// </summary>
public static class RepoUrlPolicy
{
    /// <summary>The environment variable of insecure module path and host patterns.</summary>
    public const string InsecureVariable = Configuration.ModuleSettings.InsecureVariable;

    /// <summary>
    /// The scheme <paramref name="url"/> is reached by: <c>https</c>, <c>http</c>, <c>ssh</c>
    /// (scp-like included), <c>git</c>, <c>file</c> (local paths included), or null for anything
    /// else (other schemes, <c>transport::address</c>).
    /// </summary>
    public static string? SchemeOf(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        int sep = url.IndexOf("://", StringComparison.Ordinal);
        int slash = url.IndexOfAny(['/', '\\']);
        if (sep > 0 && (slash < 0 || sep < slash))
        {
            string scheme = url[..sep].ToLowerInvariant();
            return scheme is "https" or "http" or "ssh" or "git" or "file" ? scheme : null;
        }
        int colon = url.IndexOf(':');
        if (colon >= 0 && (slash < 0 || colon < slash))
        {
            if (url.AsSpan(colon).StartsWith("::")) return null; // git's <transport>::<address>
            if (colon == 1 && char.IsAsciiLetter(url[0]) && OperatingSystem.IsWindows()) return "file"; // C:\repo
            return colon > 0 ? "ssh" : null; // scp-like [user@]host:path, as git reads it
        }
        return "file";
    }

    /// <summary>
    /// Throws <see cref="DiagnosticCodes.InsecureRepository"/> unless <paramref name="url"/> may
    /// serve <paramref name="modulePath"/>. <paramref name="fromPage"/> names the <c>?go-get=1</c>
    /// page the URL came from (null: a <c>MODREPOS</c> rule).
    /// </summary>
    public static void Check(string modulePath, string url, string? insecurePatterns, string? fromPage)
    {
        string shown = GitCredentials.StripUserInfo(url);
        string where = fromPage is null
            ? $"{RepoRules.EnvironmentVariable} maps {modulePath} to \"{shown}\""
            : $"{fromPage}: go-import meta tag points {modulePath} at \"{shown}\"";
        switch (SchemeOf(url))
        {
            case "https" or "ssh":
                return;
            case "file" when fromPage is null:
                return;
            case "file":
                throw new ModuleException(DiagnosticCodes.InsecureRepository,
                    $"{where}: file scheme disallowed (a web page cannot choose a repository on this machine; " +
                    $"map the path with {RepoRules.EnvironmentVariable} instead)");
            case "http" or "git" when IsInsecureAllowed(modulePath, url, insecurePatterns):
                return;
            case "http" or "git":
                throw new ModuleException(DiagnosticCodes.InsecureRepository,
                    $"{where}: insecure URL (neither the server nor the data is authenticated); " +
                    $"use https or ssh, or allow it with {InsecureVariable}={FirstElement(modulePath)}");
            default:
                throw new ModuleException(DiagnosticCodes.InsecureRepository,
                    $"{where}: unsupported URL scheme (want https, ssh, file, or http and git with {InsecureVariable})");
        }
    }

    /// <summary>Whether <paramref name="insecurePatterns"/> matches the module path or the URL's host (host or host:port).</summary>
    public static bool IsInsecureAllowed(string modulePath, string url, string? insecurePatterns)
    {
        if (string.IsNullOrWhiteSpace(insecurePatterns)) return false;
        if (PathPatterns.MatchPrefixPatterns(insecurePatterns, modulePath)) return true;
        if (!Uri.TryCreate(GitCredentials.StripUserInfo(url), UriKind.Absolute, out var u) || u.Host.Length == 0) return false;
        return PathPatterns.MatchPrefixPatterns(insecurePatterns, u.Host)
            || (!u.IsDefaultPort && PathPatterns.MatchPrefixPatterns(insecurePatterns, u.Host + ":" + u.Port));
    }

    private static string FirstElement(string path) => path.Split('/')[0];
}
