namespace ModuleSdk.Mvs;

/// <summary>
/// The version order the go command gives MVS (<c>modload</c>'s <c>cmpVersion</c>): the empty
/// version of the main module is above every version, everything else compares as semantic
/// versions, and <see cref="None"/>, not being one, is below every valid version.
/// </summary>
public static class ModuleVersionOrder
{
    /// <summary>The version meaning "not in the build": below every other version.</summary>
    public const string None = "none";

    /// <summary>Compares two versions: -1, 0 or +1.</summary>
    public static int Compare(string v1, string v2)
    {
        if (v2.Length == 0) return v1.Length == 0 ? 0 : -1;
        if (v1.Length == 0) return 1;
        return Modules.Semver.Compare(v1, v2);
    }

    /// <summary>Returns the greater of two versions, <paramref name="v1"/> on a tie.</summary>
    public static string Max(string v1, string v2) => Compare(v1, v2) < 0 ? v2 : v1;
}
