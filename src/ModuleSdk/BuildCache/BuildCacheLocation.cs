using ModuleSdk.Diagnostics;

namespace ModuleSdk.BuildCache;

/// <summary>
/// Where the build cache lives (Go's <c>GOCACHE</c>): <c>MODBUILDCACHE</c> (the SDK's
/// <c>ModuleBuildCache</c> property) when set, <c>off</c> to disable it, and otherwise beside the
/// module cache, <c>&lt;MODCACHE&gt;-build</c> (<c>~/.modulesdk/pkg/mod-build</c> by default).
/// Beside and not inside: SPEC §9 keeps build outputs out of the module cache, whose trees are
/// read-only sources; beside, moving <c>MODCACHE</c> (as tests and CI jobs do) moves the build
/// cache with it.
/// </summary>
public static class BuildCacheLocation
{
    /// <summary>The environment variable of the build cache root.</summary>
    public const string Variable = "MODBUILDCACHE";

    /// <summary>The environment variable of the size limit in MiB.</summary>
    public const string SizeVariable = "MODBUILDCACHESIZE";

    /// <summary>The value that turns the build cache off.</summary>
    public const string Off = "off";

    /// <summary>The default size limit: 10 GiB, trimmed least recently used first.</summary>
    public const long DefaultSizeLimitBytes = 10L * 1024 * 1024 * 1024;

    /// <summary>
    /// The build cache root for <paramref name="setting"/> (the property or <c>MODBUILDCACHE</c>)
    /// and the module cache root <paramref name="moduleCacheRoot"/>; null when the setting is
    /// <c>off</c>. Fails with <see cref="DiagnosticCodes.BuildCacheLocationInvalid"/> on a relative path.
    /// </summary>
    public static string? Resolve(string? setting, string moduleCacheRoot)
    {
        string value = setting?.Trim() ?? "";
        if (value.Equals(Off, StringComparison.OrdinalIgnoreCase)) return null;
        if (value.Length == 0) return DefaultFor(moduleCacheRoot);
        // As MODCACHE: a relative cache would move with the working directory of each build node.
        if (!Path.IsPathFullyQualified(value))
            throw new ModuleException(DiagnosticCodes.BuildCacheLocationInvalid,
                $"{Variable} (ModuleBuildCache) is relative; must be an absolute path or '{Off}': \"{value}\"");
        return Path.GetFullPath(value);
    }

    /// <summary>The default root beside <paramref name="moduleCacheRoot"/>: the same path with <c>-build</c> appended.</summary>
    public static string DefaultFor(string moduleCacheRoot) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(moduleCacheRoot)) + "-build";

    /// <summary>
    /// The size limit in bytes for <paramref name="setting"/> (MiB; empty means
    /// <see cref="DefaultSizeLimitBytes"/>). Fails with <see cref="DiagnosticCodes.BuildCacheSizeInvalid"/>.
    /// </summary>
    public static long SizeLimit(string? setting)
    {
        string value = setting?.Trim() ?? "";
        if (value.Length == 0) return DefaultSizeLimitBytes;
        if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long mib)
            || mib <= 0 || mib > long.MaxValue / (1024 * 1024))
            throw new ModuleException(DiagnosticCodes.BuildCacheSizeInvalid,
                $"{SizeVariable} (ModuleBuildCacheSizeLimitMB) must be a positive whole number of MiB: \"{value}\"");
        return mib * 1024 * 1024;
    }
}
