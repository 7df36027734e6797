using ModuleSdk.Modules;

namespace ModuleSdk.BuildInfo;

/// <summary>
/// The ordinary .NET version attributes of a module's assemblies, from its module version, so
/// tools that read <c>AssemblyVersion</c>, <c>AssemblyFileVersion</c> or
/// <c>AssemblyInformationalVersion</c> see the module's version: <c>Version</c> is the NuGet
/// form (<c>v1.2.3-pre</c> → <c>1.2.3-pre</c>, a pseudo-version's timestamp and commit kept as
/// its prerelease, <c>+incompatible</c> as build metadata), from which the .NET SDK derives
/// <c>AssemblyVersion</c>; <c>FileVersion</c> is <c>major.minor.patch.0</c>; and
/// <c>InformationalVersion</c> is the module version and its <c>h1:</c> sum, as Go's build info
/// prints them.
/// </summary>
/// <param name="Version">The NuGet version (MSBuild's <c>Version</c>).</param>
/// <param name="FileVersion">The four-part file version.</param>
/// <param name="InformationalVersion">The module version, then its <c>h1:</c> sum when known.</param>
public sealed record ModuleAssemblyVersions(string Version, string FileVersion, string InformationalVersion)
{
    // Windows version resources hold 16-bit parts, and 65535 is reserved: AssemblyVersion and
    // FileVersion refuse larger numbers, which Go's versions allow.
    private const int MaxPart = 65534;

    /// <summary>
    /// The versions for <paramref name="moduleVersion"/> with <paramref name="sum"/>; null when
    /// it has no version attributes to give: empty, <c>(devel)</c> (the main module, a directory
    /// replacement), or numbers an assembly version cannot hold (the SDK's defaults stay then).
    /// </summary>
    public static ModuleAssemblyVersions? For(string moduleVersion, string? sum)
    {
        if (moduleVersion.Length == 0 || moduleVersion == ModuleBuildInfo.DevelVersion || !Semver.IsValid(moduleVersion)) return null;
        NuGet.Versioning.SemanticVersion v;
        try
        {
            v = ModuleVersion.ToSemanticVersion(moduleVersion);
        }
        catch (Diagnostics.ModuleException)
        {
            return null;
        }
        if (v.Major > MaxPart || v.Minor > MaxPart || v.Patch > MaxPart) return null;
        string informational = string.IsNullOrEmpty(sum) ? moduleVersion : moduleVersion + " " + sum;
        return new ModuleAssemblyVersions(v.ToFullString(), $"{v.Major}.{v.Minor}.{v.Patch}.0", informational);
    }
}
