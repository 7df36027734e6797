namespace ModuleSdk.Diagnostics;

/// <summary>
/// Every diagnostic code ModuleSdk reports, in one place. Codes are never reused or renumbered;
/// each is documented in <c>docs/diagnostics.md</c>. Ranges by area:
/// MOD1xxx module paths and versions, MOD2xxx module.mod, MOD3xxx module.sum and hashes,
/// MOD4xxx module zips, MOD5xxx MVS, MOD6xxx fetching and proxies (MOD65xx the proxy server), MOD7xxx module cache and
/// verification, MOD8xxx the command line, MOD9xxx the MSBuild SDK.
/// </summary>
public static partial class DiagnosticCodes
{
}
