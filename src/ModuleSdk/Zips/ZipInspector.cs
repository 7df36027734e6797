using System.IO.Compression;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Zips;

/// <summary>
/// Go's <c>checkZip</c>: checks every entry of an opened module zip against the rules, using
/// the sizes the zip declares (extraction then holds each entry to its declared size).
/// </summary>
internal static class ZipInspector
{
    /// <summary>Checks the module identity the zip must be for: a canonical version, a valid path agreeing with it.</summary>
    public static void CheckModule(ModuleId module)
    {
        string canonical = ModuleVersion.Canonical(module.Version);
        if (canonical != module.Version)
            throw new ModuleException(DiagnosticCodes.NonCanonicalVersion, $"version \"{module.Version}\" is not canonical (should be \"{canonical}\")");
        ModulePath.Check(module.Path, module.Version);
    }

    /// <summary>Opens a zip for reading; a file that is not a zip becomes <see cref="DiagnosticCodes.ZipUnreadable"/>.</summary>
    public static ZipArchive Open(Stream stream, string displayName)
    {
        try
        {
            var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            try
            {
                // The directory is read on first use: read it here, where its errors (an end
                // record counting more entries than the directory holds) become this one.
                _ = zip.Entries.Count;
            }
            catch
            {
                zip.Dispose();
                throw;
            }
            return zip;
        }
        catch (InvalidDataException ex)
        {
            throw new ModuleException(DiagnosticCodes.ZipUnreadable, $"{displayName}: not a valid zip file: {ex.Message}", ex);
        }
    }

    /// <summary>The zip's own size limit, checked before its directory is even read.</summary>
    public static ModuleException? CheckZipSize(long zipSize) =>
        zipSize > ZipRules.MaxZipFile
            ? new ModuleException(DiagnosticCodes.ZipTooLarge, $"module zip file is too large ({zipSize} bytes; limit is {ZipRules.MaxZipFile} bytes)")
            : null;

    /// <summary>Checks the entries; valid ones are returned in <paramref name="validEntries"/> with their names below the prefix.</summary>
    public static CheckedFiles Check(ZipArchive zip, ModuleId module, ZipRules rules, out List<(ZipArchiveEntry Entry, string Name)> validEntries)
    {
        var valid = new List<string>();
        var invalid = new List<FileError>();
        validEntries = new List<(ZipArchiveEntry, string)>();
        ModuleException? sizeError = null;
        string prefix = module.Path + "@" + module.Version + "/";
        var collisions = new CollisionChecker();
        long size = 0;
        foreach (var entry in zip.Entries)
        {
            string full = entry.FullName;
            void Bad(string code, string reason) => invalid.Add(new FileError(full, code, reason));
            if (!full.StartsWith(prefix, StringComparison.Ordinal))
            {
                Bad(DiagnosticCodes.ZipBadPrefix, $"path does not have prefix {ZipRules.Quote(prefix)}");
                continue;
            }
            string name = full[prefix.Length..];
            if (name.Length == 0) continue;
            bool isDir = name.EndsWith('/');
            if (isDir) name = name[..^1];
            if (ZipRules.Clean(name) != name) { Bad(DiagnosticCodes.ZipBadFileName, "file path is not clean"); continue; }
            if (ZipRules.CheckFileName(name) is { } badName) { Bad(badName.Code, badName.Reason); continue; }
            if (collisions.Check(name, isDir, full) is { } collision) { Bad(collision.Code, collision.Reason); continue; }
            if (IsSymlink(entry)) { Bad(DiagnosticCodes.ZipSymlink, "entry is a symbolic link"); continue; }
            if (isDir) continue;
            var (_, baseName) = ZipRules.SplitLast(name);
            if (CaseFold.EqualFold(baseName, rules.ModFileName))
            {
                if (baseName != name) { Bad(DiagnosticCodes.ZipModFileNotInRoot, $"{rules.ModFileName} file not in module root directory"); continue; }
                if (name != rules.ModFileName) { Bad(DiagnosticCodes.ZipModFileCase, $"{rules.ModFileName} files must have lowercase names"); continue; }
            }
            long sz = entry.Length;
            if (sz >= 0 && ZipRules.MaxZipFile - size >= sz) size += sz;
            else sizeError ??= new ModuleException(DiagnosticCodes.ZipTooLarge,
                $"total uncompressed size of module contents too large (max size is {ZipRules.MaxZipFile} bytes)");
            if (name == rules.ModFileName && sz > ZipRules.MaxModFile)
            {
                Bad(DiagnosticCodes.ZipFileTooLarge, $"{rules.ModFileName} file too large (max size is {ZipRules.MaxModFile} bytes)");
                continue;
            }
            if (name == "LICENSE" && sz > ZipRules.MaxLicense)
            {
                Bad(DiagnosticCodes.ZipFileTooLarge, $"LICENSE file too large (max size is {ZipRules.MaxLicense} bytes)");
                continue;
            }
            valid.Add(full);
            validEntries.Add((entry, name));
        }
        return new CheckedFiles(valid, [], invalid, sizeError);
    }

    // Unix zip tools keep the file mode in the high half of the external attributes; a link's
    // type bits are 0120000. Go ignores modes when unzipping (writing the link target as a file);
    // ModuleSdk refuses such entries outright, since no module zip made by the rules has one.
    private static bool IsSymlink(ZipArchiveEntry entry) => ((entry.ExternalAttributes >> 16) & 0xF000) == 0xA000;
}
