namespace ModuleSdk.BuildInfo;

/// <summary>A module as recorded in build information (Go's <c>debug.Module</c>).</summary>
/// <param name="Path">The module path (or a replacement directory).</param>
/// <param name="Version">The version; <c>(devel)</c> for the main module and directory replacements.</param>
/// <param name="Sum">The <c>h1:</c> hash of the module zip; empty when there is none.</param>
/// <param name="Replace">The replacement in force, or null.</param>
public sealed record BuildModule(string Path, string Version, string Sum = "", BuildModule? Replace = null);
