using ModuleSdk.Building;
using ModuleSdk.Cache;
using ModuleSdk.Diagnostics;
using ModuleSdk.ModFile;
using ModuleSdk.Modules;
using ModuleSdk.Resolution;
using ModuleSdk.Zips;

namespace ModuleSdk.Vendoring;

/// <summary>
/// <c>dotnet mod vendor</c> (Go's <c>go mod vendor</c>): resolves and downloads the build list,
/// then writes every module's tree to <c>vendor/&lt;module path&gt;/</c> and the manifest to
/// <c>vendor/modules.txt</c>. Go vendors only the packages a build imports; a .NET build compiles
/// a module from its project, so the whole tree is copied, with the files a module zip would hold
/// (nested modules and VCS directories left out; for a directory replacement also its top-level
/// <c>bin</c>, <c>obj</c> and <c>.vs</c>). The new tree is built in a temporary sibling directory
/// and swapped in, so a failure leaves the previous <c>vendor/</c> as it was.
/// </summary>
public static class Vendorer
{
    private static readonly HashSet<string> SkipInReplacementDirectories = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", ".vs" };

    /// <summary>
    /// Vendors the build list of <paramref name="loader"/>'s main module into
    /// <paramref name="outputDirectory"/> (absolute; default <c>vendor/</c> at the main module's
    /// root). Adds missing <c>module.sum</c> lines as a restore does; never writes <c>module.mod</c>.
    /// When there is nothing to vendor (no dependencies, no replacements) the directory is
    /// removed and nothing is written, as Go does.
    /// </summary>
    public static async Task<VendorResult> VendorAsync(ModuleLoader loader, string? outputDirectory = null, CancellationToken cancellationToken = default)
    {
        string dir = Path.GetFullPath(outputDirectory ?? Path.Combine(loader.Main.Directory, VendorManifest.DirectoryName));
        // Refuse a foreign directory before any download, so nothing is fetched for a run that cannot finish.
        CheckReplaceable(dir);
        var build = await BuildResolver.ResolveAsync(loader, cancellationToken).ConfigureAwait(false);
        var manifest = CreateManifest(loader.Main.File, build);
        if (manifest.Entries.Count == 0)
        {
            if (Directory.Exists(dir)) Remove(dir);
            return new VendorResult(manifest, dir, Written: false);
        }
        Write(dir, manifest, build.Modules);
        return new VendorResult(manifest, dir, Written: true);
    }

    /// <summary>
    /// The manifest for <paramref name="build"/> (Go's <c>runVendor</c> bookkeeping): the union of
    /// the main module's requirements (marked explicit) and the build list (with the module path
    /// as its package line), sorted by path and version, each with the replacement in force;
    /// then every replacement of <c>module.mod</c> that applies to no module of the build list.
    /// </summary>
    public static VendorManifest CreateManifest(ModuleFile mainFile, ResolvedBuild build)
    {
        var index = new ModuleIndex(mainFile);
        var explicitModules = mainFile.Require.Select(r => r.Mod).ToHashSet();
        var inBuild = build.Modules.Select(m => m.Module).ToHashSet();
        var modules = explicitModules.Union(inBuild).Order().ToList();
        var entries = modules.Select(m => new VendorModule(m, index.Replacement(m), explicitModules.Contains(m), "",
            inBuild.Contains(m) ? [m.Path] : [])).ToList();
        foreach (var r in mainFile.Replace)
            if (!inBuild.Contains(r.Old)) entries.Add(new VendorModule(r.Old, r.New, false, "", []));
        return new VendorManifest(entries);
    }

    /// <summary>Writes <paramref name="modules"/>' trees and <paramref name="manifest"/> into <paramref name="directory"/>, replacing it whole.</summary>
    public static void Write(string directory, VendorManifest manifest, IReadOnlyList<ResolvedModule> modules)
    {
        directory = Path.GetFullPath(directory);
        CheckReplaceable(directory);
        var plan = modules.Select(m => (Module: m, Files: FilesOf(m, directory))).ToList();
        CheckOverlaps(plan.Select(p => (p.Module.Module.Path, p.Files)).ToList());

        string parent = Path.GetDirectoryName(directory)!;
        string name = Path.GetFileName(directory);
        string temp = Path.Combine(parent, $".{name}.{Guid.NewGuid().ToString("N")[..8]}.tmp");
        string? old = null;
        try
        {
            Directory.CreateDirectory(temp);
            foreach (var (m, files) in plan)
            {
                string target = Path.Combine(temp, m.Module.Path.Replace('/', Path.DirectorySeparatorChar));
                foreach (var f in files)
                {
                    string to = Path.Combine(target, f.Replace('/', Path.DirectorySeparatorChar));
                    Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                    // A fresh, writable file: the cache's are read-only, and vendor/ is the user's to commit and edit.
                    using var source = new FileStream(Path.Combine(m.Directory, f.Replace('/', Path.DirectorySeparatorChar)),
                        FileMode.Open, FileAccess.Read, FileShare.Read);
                    using var dest = new FileStream(to, FileMode.CreateNew, FileAccess.Write);
                    source.CopyTo(dest);
                }
            }
            File.WriteAllText(Path.Combine(temp, VendorManifest.FileName), manifest.Format());
            if (Directory.Exists(directory))
            {
                old = Path.Combine(parent, $".{name}.{Guid.NewGuid().ToString("N")[..8]}.old");
                Directory.Move(directory, old);
            }
            try
            {
                Directory.Move(temp, directory);
            }
            catch
            {
                if (old is not null) Directory.Move(old, directory);
                old = null;
                throw;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (Directory.Exists(temp)) TryRemove(temp);
            throw new ModuleException(DiagnosticCodes.VendorWriteFailed, $"writing {directory}: {e.Message}", inner: e);
        }
        if (old is not null) TryRemove(old);
    }

    /// <summary>Throws MOD5205 unless <paramref name="directory"/> is absent, empty, or a vendor directory (it holds <c>modules.txt</c>).</summary>
    private static void CheckReplaceable(string directory)
    {
        if (File.Exists(directory))
            throw new ModuleException(DiagnosticCodes.VendorDirectoryForeign,
                $"{directory} exists and is a file; remove it or choose another directory with -o");
        if (!Directory.Exists(directory) || File.Exists(Path.Combine(directory, VendorManifest.FileName))
            || !Directory.EnumerateFileSystemEntries(directory).Any())
            return;
        throw new ModuleException(DiagnosticCodes.VendorDirectoryForeign,
            $"{directory} exists but has no {VendorManifest.FileName}, so dotnet mod vendor did not write it and will not replace it; " +
            "move it away, or choose another directory with -o");
    }

    // The files to copy, as '/'-separated paths relative to the module's tree: what a module zip
    // of that tree would hold (for the cache's extracted trees, exactly the zip's files).
    private static List<string> FilesOf(ResolvedModule m, string vendorDirectory)
    {
        bool replacementDirectory = m.Actual.Version.Length == 0;
        var check = ModuleZip.CheckDirectory(m.Directory);
        // A replacement directory that holds the vendor directory itself (replace x => ./) must not copy it into itself.
        string? inside = Path.GetRelativePath(m.Directory, vendorDirectory) is var rel
            && !rel.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(rel)
            ? rel.Replace(Path.DirectorySeparatorChar, '/') + "/" : null;
        bool Skipped(string f) =>
            (replacementDirectory && f.IndexOf('/') is var slash and > 0 && SkipInReplacementDirectories.Contains(f[..slash]))
            || (inside is not null && f.StartsWith(inside, StringComparison.Ordinal));
        var invalid = check.Invalid.FirstOrDefault(e => !Skipped(e.Path));
        if (invalid is not null)
            throw new ModuleException(DiagnosticCodes.VendorInvalidFile,
                $"{m.Module.Path}: cannot vendor {Path.Combine(m.Directory, invalid.Path)}: {invalid.Reason}");
        return check.Valid.Where(f => !Skipped(f)).ToList();
    }

    // vendor/<path>/ of one module must not hold files of another: with modules example.com/a
    // and example.com/a/b, a's tree may not have a b/ folder (Go reports such packages as ambiguous).
    private static void CheckOverlaps(IReadOnlyList<(string Path, List<string> Files)> modules)
    {
        var paths = modules.Select(m => m.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, files) in modules)
        {
            foreach (var f in files)
            {
                for (int i = f.IndexOf('/'); i > 0; i = f.IndexOf('/', i + 1))
                {
                    string other = path + "/" + f[..i];
                    if (paths.Contains(other))
                        throw new ModuleException(DiagnosticCodes.VendorTreeConflict,
                            $"cannot vendor {path}: its file {f} lies in vendor/{other}, where module {other} is vendored");
                }
            }
        }
    }

    private static void Remove(string directory)
    {
        try
        {
            TreeCopy.Delete(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.VendorWriteFailed, $"removing {directory}: {e.Message}", inner: e);
        }
    }

    private static void TryRemove(string directory)
    {
        try
        {
            TreeCopy.Delete(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind under a dot-name; the vendor directory itself is complete.
        }
    }
}
