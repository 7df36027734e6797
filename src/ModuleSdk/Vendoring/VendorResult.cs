namespace ModuleSdk.Vendoring;

/// <summary>What <see cref="Vendorer.VendorAsync"/> did.</summary>
/// <param name="Manifest">The manifest written (empty when there was nothing to vendor).</param>
/// <param name="Directory">The vendor directory, absolute.</param>
/// <param name="Written">False when there was nothing to vendor and the directory was removed instead (Go: "no dependencies to vendor").</param>
public sealed record VendorResult(VendorManifest Manifest, string Directory, bool Written);
