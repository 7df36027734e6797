namespace ModuleSdk.Modules;

/// <summary>
/// Version rules that belong to modules rather than to semver itself (golang.org/x/mod/module):
/// the canonical module version keeps <c>+incompatible</c> (MVS's "no version" sentinel is in Mvs).
/// </summary>
public static class ModuleVersion
{
    /// <summary>The suffix of v2+ versions of a module without a <c>/vN</c> path or a module file.</summary>
    public const string Incompatible = "+incompatible";

    /// <summary>Canonical form keeping <c>+incompatible</c> (Go's module.CanonicalVersion); <c>""</c> when invalid.</summary>
    public static string Canonical(string v)
    {
        string cv = Semver.Canonical(v);
        return cv.Length > 0 && Semver.Build(v) == Incompatible ? cv + Incompatible : cv;
    }

    /// <summary>
    /// The NuGet.Versioning value of a valid module version (<c>v1.2.3-pre+build</c> →
    /// <c>1.2.3-pre+build</c>), for .NET APIs that need a <see cref="NuGet.Versioning.SemanticVersion"/>
    /// (package and assembly versions). Order such values with <see cref="SemverComparer"/>, not
    /// with NuGet's comparers. Throws MOD1004 for invalid versions and for numbers beyond
    /// <see cref="int"/>, which Go allows but NuGet cannot hold.
    /// </summary>
    public static NuGet.Versioning.SemanticVersion ToSemanticVersion(string v)
    {
        string canonical = Semver.Canonical(v);
        if (canonical.Length == 0 || !NuGet.Versioning.SemanticVersion.TryParse(canonical[1..] + Semver.Build(v), out var value))
            throw new Diagnostics.ModuleException(Diagnostics.DiagnosticCodes.InvalidVersion,
                $"version {ModulePath.Quote(v)} cannot be represented as a NuGet semantic version");
        return value;
    }

    /// <summary>Reports whether the version carries <c>+incompatible</c>.</summary>
    public static bool IsIncompatible(string v) => Semver.Build(v) == Incompatible;
}
