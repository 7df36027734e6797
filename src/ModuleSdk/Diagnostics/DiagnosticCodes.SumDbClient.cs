namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary><c>--sbom</c> names a format other than <c>cyclonedx</c> or <c>spdx</c>.</summary>
    public const string SbomUnknownFormat = "MOD6701";

    /// <summary><c>--sbom</c> found no assembly carrying module build information under the given paths.</summary>
    public const string SbomNoAssemblies = "MOD6702";
}
