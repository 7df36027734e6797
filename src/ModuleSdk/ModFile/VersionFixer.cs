using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.ModFile;

/// <summary>
/// Turns a version written in module.mod into the version to use (Go's <c>modfile.VersionFixer</c>),
/// or throws <see cref="ModuleException"/> when it cannot. The parser reports the exception's
/// message prefixed with the directive and module path, under the exception's code.
/// </summary>
/// <param name="path">The module path the version belongs to.</param>
/// <param name="version">The version as written (unquoted).</param>
public delegate string VersionFixer(string path, string version);

/// <summary>Ready-made <see cref="VersionFixer"/>s.</summary>
public static class VersionFixers
{
    /// <summary>
    /// Accepts only canonical versions whose major agrees with the path: what the main module's
    /// file must hold, since nothing here can resolve a query such as <c>v1.2</c> or a branch.
    /// </summary>
    public static VersionFixer CanonicalOnly { get; } = static (path, version) =>
    {
        string canonical = ModuleVersion.Canonical(version);
        if (canonical.Length == 0)
            throw new ModuleException(DiagnosticCodes.ModFileInvalidVersion, $"version {GoQuote.Quote(version)} invalid: must be of the form v1.2.3");
        if (canonical != version)
            throw new ModuleException(DiagnosticCodes.ModFileNonCanonicalVersion, $"version {GoQuote.Quote(version)} invalid: should be {canonical}");
        if (ModulePath.SplitPathVersion(path, out _, out var pathMajor))
        {
            try
            {
                ModulePath.CheckPathMajor(version, pathMajor);
            }
            catch (ModuleException e)
            {
                throw new ModuleException(DiagnosticCodes.ModFileMajorMismatch, e.Message, e);
            }
        }
        return version;
    };

    /// <summary>Leaves versions as written: what Go uses for retract lines before the module path is known.</summary>
    internal static VersionFixer AsWritten { get; } = static (_, version) => version;
}
