using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Zips;

/// <summary>
/// Module zips exactly as Go's golang.org/x/mod/zip, with <c>module.mod</c> in place of
/// <c>go.mod</c>: creation from a directory or a file list, checking, and safe extraction.
/// </summary>
/// <remarks>
/// The rules: every entry under <c>path@version/</c>; at most 500 MiB uncompressed in all and
/// 16 MiB for <c>module.mod</c> and <c>LICENSE</c>; file names as Go's CheckFilePath; no two names
/// equal under case folding; <c>module.mod</c> only at the root, spelled in lowercase. When a zip is
/// created, files in vendored packages (below <c>vendor/&lt;dir&gt;/</c>, or anywhere below a nested
/// <c>vendor/</c>: Go's rule with its historical quirk; <c>vendor/modules.txt</c> stays), directories
/// with their own <c>module.mod</c> (nested modules), <c>.git</c>, <c>.hg</c>,
/// <c>.svn</c>, <c>.bzr</c>, symbolic links and non-regular files are left out. Zips are created
/// deterministically: entries sorted, fixed timestamps and attributes. Errors are
/// <see cref="ModuleException"/>s with MOD4xxx codes (file name rules may carry MOD1003).
/// </remarks>
public static class ModuleZip
{
    /// <summary>At most this many bytes of zip file, and of uncompressed content in all (500 MiB).</summary>
    public const long MaxZipFile = ZipRules.MaxZipFile;

    /// <summary>At most this many bytes for the root <c>module.mod</c> (16 MiB).</summary>
    public const long MaxModFile = ZipRules.MaxModFile;

    /// <summary>At most this many bytes for the root <c>LICENSE</c> (16 MiB).</summary>
    public const long MaxLicense = ZipRules.MaxLicense;

    /// <summary>Writes the zip of the module rooted at <paramref name="directory"/> (files left out by Go's rules).</summary>
    public static void CreateFromDirectory(Stream output, ModuleId module, string directory) =>
        CreateFromDirectory(output, module, directory, ZipRules.Module);

    /// <summary>
    /// Writes the zip of a file list (direct mode feeds the blobs of a git tree). Paths are
    /// relative to the module root; the list may hold files the rules leave out (nested
    /// modules, links); any invalid file fails the whole zip.
    /// </summary>
    public static void Create(Stream output, ModuleId module, IEnumerable<IModuleFile> files) =>
        ZipCreator.Create(output, module, files, ZipRules.Module);

    /// <summary>Checks a file list against the rules (Go's <c>CheckFiles</c>); never throws for rule violations.</summary>
    public static CheckedFiles CheckFiles(IEnumerable<IModuleFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return ZipRules.Module.CheckFiles(files, out _);
    }

    /// <summary>
    /// Checks the module directory <paramref name="directory"/> (Go's <c>CheckDir</c>): what
    /// <see cref="CreateFromDirectory(Stream, ModuleId, string)"/> would put in, leave out, or fail on. Paths are the
    /// relative '/'-separated paths.
    /// </summary>
    public static CheckedFiles CheckDirectory(string directory) => CheckDirectory(directory, ZipRules.Module);

    /// <summary>
    /// Checks a zip against the rules without extracting (Go's <c>CheckZip</c>). Rule violations
    /// are reported in the result; a zip that cannot be read, or a bad module identity, throws.
    /// </summary>
    public static CheckedFiles CheckZip(string zipFile, ModuleId module) => CheckZip(zipFile, module, ZipRules.Module);

    /// <summary>Checks a zip against the rules without extracting; throws MOD4xxx on the first problem.</summary>
    public static void Check(string zipFile, ModuleId module)
    {
        if (CheckZip(zipFile, module).Error is { } error)
            throw new ModuleException(error.Code, $"{zipFile}: {error.Message}", error);
    }

    /// <summary>
    /// Extracts a module zip into <paramref name="directory"/>, which must be empty or absent;
    /// files read-only. Refuses anything outside the rules; leaves nothing on failure, nor when
    /// <paramref name="cancellationToken"/> stops it between two files.
    /// </summary>
    public static void Extract(string zipFile, ModuleId module, string directory, CancellationToken cancellationToken = default) =>
        ZipExtractor.Extract(zipFile, module, directory, ZipRules.Module, cancellationToken);

    internal static void CreateFromDirectory(Stream output, ModuleId module, string directory, ZipRules rules)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var files = rules.ListDirectory(directory, []);
        ZipCreator.Create(output, module, files, rules);
    }

    internal static CheckedFiles CheckDirectory(string directory, ZipRules rules)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var omitted = new List<FileError>();
        var files = rules.ListDirectory(directory, omitted);
        var cf = rules.CheckFiles(files, out _);
        return new CheckedFiles(cf.Valid.ToList(), [.. cf.Omitted, .. omitted], cf.Invalid.ToList(), cf.SizeError);
    }

    internal static CheckedFiles CheckZip(string zipFile, ModuleId module, ZipRules rules)
    {
        ArgumentNullException.ThrowIfNull(zipFile);
        ZipInspector.CheckModule(module);
        using var stream = new FileStream(zipFile, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (ZipInspector.CheckZipSize(stream.Length) is { } tooLarge) return new CheckedFiles([], [], [], tooLarge);
        using var zip = ZipInspector.Open(stream, zipFile);
        return ZipInspector.Check(zip, module, rules, out _);
    }
}
