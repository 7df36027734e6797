namespace ModuleSdk.Configuration;

/// <summary>
/// The settings that decide how modules are resolved and fetched, read from the environment
/// variables of SPEC §4–§7 (the MSBuild SDK maps its properties onto the same record).
/// Immutable; the part that affects resolution feeds the restore no-op check through
/// <see cref="ResolutionKey"/>.
/// </summary>
public sealed record ModuleSettings
{
    /// <summary>The default <c>MODPROXY</c>: straight to git, since there is no public .NET module proxy.</summary>
    public const string DefaultProxy = "direct";

    /// <summary>The environment variable of the module cache root.</summary>
    public const string CacheVariable = "MODCACHE";

    /// <summary>The environment variable of insecure module path and host patterns.</summary>
    public const string InsecureVariable = "MODINSECURE";

    /// <summary><c>MODPROXY</c>: the proxy list (Go's GOPROXY syntax).</summary>
    public string Proxy { get; init; } = DefaultProxy;

    /// <summary><c>MODPRIVATE</c>: comma-separated path globs that always go direct.</summary>
    public string Private { get; init; } = "";

    /// <summary><c>MODCACHE</c>: the module cache root (absolute; empty means <see cref="DefaultCacheRoot()"/>).</summary>
    public string CacheRoot { get; init; } = "";

    /// <summary><c>MODREPOS</c>: explicit module-path-to-repository rules for direct mode.</summary>
    public string Repos { get; init; } = "";

    /// <summary>
    /// <c>MODINSECURE</c>: module path (or repository host) globs whose repositories may be
    /// reached over <c>http://</c> and <c>git://</c> (Go's GOINSECURE).
    /// </summary>
    public string Insecure { get; init; } = "";

    /// <summary>
    /// Locked mode: a missing <c>module.sum</c> line is an error instead of being added
    /// (NuGet's RestoreLockedMode). Set by the caller; the CLI sets it from <c>MODLOCKED</c>.
    /// </summary>
    public bool LockedMode { get; init; }

    /// <summary>
    /// <c>MODSUMDB</c>: the checksum database (Go's GOSUMDB syntax: <c>off</c>, or
    /// <c>&lt;name&gt;+&lt;hash&gt;+&lt;key&gt; [url]</c>); empty means off (docs/trust.md).
    /// </summary>
    public string SumDb { get; init; } = "";

    /// <summary><c>MODNOSUMDB</c>: path globs never looked up in the checksum database; empty means <see cref="Private"/>.</summary>
    public string NoSumDb { get; init; } = "";

    /// <summary>Reads the settings from environment variables; missing or empty variables take defaults.</summary>
    public static ModuleSettings FromEnvironment(IReadOnlyDictionary<string, string?> env)
    {
        string? Get(string name) => env.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        return new ModuleSettings
        {
            Proxy = Get("MODPROXY") ?? DefaultProxy,
            // As Go reads GOPRIVATE: the value as given, since its patterns' spaces are significant.
            Private = env.TryGetValue("MODPRIVATE", out var p) && p is not null ? p : "",
            CacheRoot = CheckCacheRoot(Get(CacheVariable)) ?? DefaultCacheRoot(Get("HOME") ?? Get("USERPROFILE")),
            Repos = Get("MODREPOS") ?? "",
            Insecure = Get(InsecureVariable) ?? "",
            LockedMode = IsTrue(Get("MODLOCKED")),
            SumDb = Get("MODSUMDB") ?? "",
            NoSumDb = env.TryGetValue("MODNOSUMDB", out var n) && n is not null ? n : "",
        };
    }

    /// <summary>
    /// The default cache root: <c>~/.modulesdk/pkg/mod</c> (Go uses <c>~/go/pkg/mod</c>; a separate
    /// root keeps .NET modules and their module.mod hashes apart from Go's).
    /// </summary>
    public static string DefaultCacheRoot(string? home)
    {
        if (string.IsNullOrEmpty(home)) return DefaultCacheRoot();
        return Path.Combine(home, ".modulesdk", "pkg", "mod");
    }

    /// <summary>
    /// The default cache root for the current user: <c>~/.modulesdk/pkg/mod</c> under the user's
    /// profile directory (<c>HOME</c> when the platform reports none). Throws
    /// <see cref="Diagnostics.DiagnosticCodes.CacheRootInvalid"/> when there is no absolute home directory.
    /// </summary>
    public static string DefaultCacheRoot()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrEmpty(home)) home = Environment.GetEnvironmentVariable("HOME") ?? "";
        if (string.IsNullOrEmpty(home) || !Path.IsPathFullyQualified(home))
        {
            throw new Diagnostics.ModuleException(Diagnostics.DiagnosticCodes.CacheRootInvalid,
                $"cannot find the user's home directory for the default module cache: set {CacheVariable} to an absolute path");
        }
        return DefaultCacheRoot(home);
    }

    // Like GOMODCACHE, MODCACHE must be absolute: a relative cache would move with the working directory.
    private static string? CheckCacheRoot(string? value)
    {
        if (value is null) return null;
        if (!Path.IsPathFullyQualified(value))
            throw new Diagnostics.ModuleException(Diagnostics.DiagnosticCodes.CacheRootInvalid,
                $"MODCACHE entry is relative; must be absolute path: \"{value}\"");
        return value;
    }

    /// <summary>A string that changes whenever a setting that affects resolution changes (for no-op checks).</summary>
    public string ResolutionKey => string.Join("\n", Proxy, Private, CacheRoot, Repos, LockedMode ? "locked" : "", Insecure);

    private static bool IsTrue(string? v) => v is not null && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));
}
