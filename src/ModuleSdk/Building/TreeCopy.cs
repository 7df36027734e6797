using System.Runtime.InteropServices;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Building;

/// <summary>
/// Mirrors a module's source tree into a directory the consumer owns (its <c>obj/</c>), so the
/// module's project can be restored and built there while the cache stays read-only and
/// untouched. Files are hard-linked where the platform allows it (no bytes copied; the build
/// never writes into source files) and copied otherwise. The copy is made in a temporary
/// sibling directory and renamed into place, so a crash never leaves a half-made tree that
/// looks complete. A module's <c>NuGet.Config</c> and <c>global.json</c> files are left out at
/// any depth: they would join the consumer's restore (package sources, SDK versions) from a
/// directory under its <c>obj/</c>, and a dependency must not change how its consumer restores.
/// </summary>
public static class TreeCopy
{
    /// <summary>The files never copied (compared case-insensitively, as NuGet finds its config).</summary>
    public static readonly IReadOnlySet<string> ConsumerSettingsFiles = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "NuGet.Config", "global.json" };

    // Bumped when the copy's content rules change, so copies made by older rules are made again.
    private const string CopyFormat = "copy 2";

    /// <summary>
    /// Makes <paramref name="target"/> a mirror of <paramref name="source"/> unless it already is
    /// one (a previous restore made it: module versions never change). Directories named in
    /// <paramref name="skipDirectories"/> (for example <c>bin</c> and <c>obj</c> of a replacement
    /// directory) are left out at the top level; with <paramref name="skipNestedModules"/>,
    /// subdirectories holding their own <c>module.mod</c> are left out at any depth (in
    /// <c>vendor/</c>, <c>example.com/lib/v2</c> lies inside <c>example.com/lib</c>'s tree).
    /// Returns whether a copy was made.
    /// </summary>
    public static bool Mirror(string source, string target, bool refresh, IReadOnlySet<string>? skipDirectories = null, bool skipNestedModules = false)
    {
        string marker = Path.Combine(target, ".modulesdk", "complete");
        string stamp = source + "\n" + CopyFormat + "\n";
        if (!refresh && File.Exists(marker) && File.ReadAllText(marker) == stamp) return false;
        string parent = Path.GetDirectoryName(Path.GetFullPath(target))!;
        string temp = Path.Combine(parent, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            Directory.CreateDirectory(parent);
            CopyDirectory(source, temp, skipDirectories, skipNestedModules);
            Directory.CreateDirectory(Path.Combine(temp, ".modulesdk"));
            File.WriteAllText(Path.Combine(temp, ".modulesdk", "complete"), stamp);
            if (Directory.Exists(target)) Delete(target);
            Directory.Move(temp, target);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (Directory.Exists(temp)) Delete(temp);
            throw new ModuleException(DiagnosticCodes.ModuleCopyFailed, $"copying {source} to {target}: {e.Message}", inner: e);
        }
    }

    /// <summary>
    /// Deletes a mirrored tree. Only directory entries are removed: a hard-linked file's mode is
    /// shared with the cache, so it is never made writable first (Unix needs only the directory writable).
    /// </summary>
    public static void Delete(string directory)
    {
        foreach (var dir in Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories).Prepend(directory))
        {
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(dir, File.GetUnixFileMode(dir) | UnixFileMode.UserWrite | UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        Directory.Delete(directory, recursive: true);
    }

    private static void CopyDirectory(string source, string target, IReadOnlySet<string>? skip, bool skipNestedModules)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
            if (!ConsumerSettingsFiles.Contains(Path.GetFileName(file)))
                LinkOrCopy(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            string name = Path.GetFileName(dir);
            if (skip is not null && skip.Contains(name)) continue;
            if (skipNestedModules && File.Exists(Path.Combine(dir, "module.mod"))) continue;
            CopyDirectory(dir, Path.Combine(target, name), null, skipNestedModules);
        }
    }

    // Windows is left to copying: clearing a read-only attribute to delete a hard link there
    // would clear it on the cache's file too.
    private static void LinkOrCopy(string source, string target)
    {
        if (!OperatingSystem.IsWindows() && Link(source, target) == 0) return;
        File.Copy(source, target);
    }

    // Strings marshal as UTF-8 on Unix. LibraryImport would need unsafe code enabled in the core.
    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string oldPath, string newPath);
}
