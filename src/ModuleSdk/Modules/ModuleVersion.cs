namespace ModuleSdk.Modules;

/// <summary>
/// Version rules that belong to modules rather than to semver itself (golang.org/x/mod/module):
/// the canonical module version keeps <c>+incompatible</c>, and the sentinels MVS uses.
/// </summary>
public static class ModuleVersion
{
    /// <summary>The version MVS uses for "no version": below every real version.</summary>
    public const string None = "none";

    /// <summary>The suffix of v2+ versions of a module without a <c>/vN</c> path or a module file.</summary>
    public const string Incompatible = "+incompatible";

    /// <summary>Canonical form keeping <c>+incompatible</c> (Go's module.CanonicalVersion); <c>""</c> when invalid.</summary>
    public static string Canonical(string v)
    {
        string cv = Semver.Canonical(v);
        return cv.Length > 0 && Semver.Build(v) == Incompatible ? cv + Incompatible : cv;
    }

    /// <summary>Reports whether the version carries <c>+incompatible</c>.</summary>
    public static bool IsIncompatible(string v) => Semver.Build(v) == Incompatible;
}
