using ModuleSdk.Diagnostics;

namespace ModuleSdk.Modules;

/// <summary>
/// Go's rules for module paths, import paths and file paths inside modules, and for the
/// major-version suffix (<c>/v2</c>, <c>gopkg.in/x.v2</c>) against a version
/// (golang.org/x/mod/module).
/// </summary>
public static class ModulePath
{
    /// <summary>Checks a module path; throws <see cref="ModuleException"/> (<see cref="DiagnosticCodes.InvalidModulePath"/>) naming the rule broken.</summary>
    public static void CheckPath(string path) => throw new NotImplementedException();

    /// <summary>Checks an import path (Go's CheckImportPath).</summary>
    public static void CheckImportPath(string path) => throw new NotImplementedException();

    /// <summary>Checks a slash-separated file path inside a module (Go's CheckFilePath); throws <see cref="DiagnosticCodes.InvalidFilePath"/>.</summary>
    public static void CheckFilePath(string path) => throw new NotImplementedException();

    /// <summary>Reports whether <paramref name="path"/> is a valid module path.</summary>
    public static bool IsValidPath(string path) => throw new NotImplementedException();

    /// <summary>
    /// Splits a module path into its prefix and its major-version suffix (<c>/v2</c> or, for
    /// gopkg.in, <c>.v2</c>); returns false when the suffix is malformed (<c>/v0</c>, <c>/v1</c>, <c>/v02</c>).
    /// </summary>
    public static bool SplitPathVersion(string path, out string prefix, out string pathMajor) => throw new NotImplementedException();

    /// <summary>
    /// Checks that <paramref name="version"/>'s major agrees with <paramref name="pathMajor"/>
    /// (Go's CheckPathMajor); throws <see cref="DiagnosticCodes.MajorVersionMismatch"/>.
    /// </summary>
    public static void CheckPathMajor(string version, string pathMajor) => throw new NotImplementedException();

    /// <summary>Reports whether the version's major agrees with the path's major suffix (Go's MatchPathMajor).</summary>
    public static bool MatchPathMajor(string version, string pathMajor) => throw new NotImplementedException();

    /// <summary>The major version a path suffix names, without the prefix (<c>/v2</c> → <c>v2</c>, <c>""</c> → <c>""</c>).</summary>
    public static string PathMajorPrefix(string pathMajor) => throw new NotImplementedException();

    /// <summary>
    /// Checks a (path, version) pair as Go's module.Check: a valid path, a canonical version
    /// whose major agrees with the path (with <c>+incompatible</c> rules).
    /// </summary>
    public static void Check(string path, string version) => throw new NotImplementedException();
}
