using ModuleSdk.Diagnostics;

namespace ModuleSdk.Sboms;

/// <summary>The bill-of-materials formats <c>dotnet mod version -m --sbom</c> writes.</summary>
public enum SbomFormat
{
    /// <summary>CycloneDX 1.5, JSON.</summary>
    CycloneDx,

    /// <summary>SPDX 2.3, JSON.</summary>
    Spdx,
}

/// <summary>Parsing of <see cref="SbomFormat"/> names.</summary>
public static class SbomFormats
{
    /// <summary>Parses <c>cyclonedx</c> or <c>spdx</c> (case-insensitive); throws MOD6701 otherwise.</summary>
    public static SbomFormat Parse(string name) => name.ToLowerInvariant() switch
    {
        "cyclonedx" or "cdx" => SbomFormat.CycloneDx,
        "spdx" => SbomFormat.Spdx,
        _ => throw new ModuleException(DiagnosticCodes.SbomUnknownFormat,
            $"unknown bill-of-materials format \"{name}\": use --sbom cyclonedx (CycloneDX 1.5) or --sbom spdx (SPDX 2.3)"),
    };
}
