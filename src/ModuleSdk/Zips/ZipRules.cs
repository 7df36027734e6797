using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Zips;

/// <summary>
/// Go's module zip rules (golang.org/x/mod/zip) parameterized by the name of the module file:
/// <see cref="Module"/> (<c>module.mod</c>) is ModuleSdk's; <see cref="Go"/> (<c>go.mod</c>) exists
/// so tests can check the rules against Go's own test vectors.
/// </summary>
internal sealed class ZipRules
{
    /// <summary>At most this many bytes of zip file and of uncompressed content (500 MiB).</summary>
    public const long MaxZipFile = 500L << 20;

    /// <summary>At most this many bytes for the root module file (16 MiB).</summary>
    public const long MaxModFile = 16L << 20;

    /// <summary>At most this many bytes for the root LICENSE (16 MiB).</summary>
    public const long MaxLicense = 16L << 20;

    public static ZipRules Module { get; } = new("module.mod");

    public static ZipRules Go { get; } = new("go.mod");

    private ZipRules(string modFileName) => ModFileName = modFileName;

    /// <summary>The module file's name: its presence marks a module root.</summary>
    public string ModFileName { get; }

    /// <summary>
    /// Go's <c>checkFiles</c>: sorts a file set into valid, omitted and invalid. Files in vendored
    /// packages (<see cref="IsVendoredPackage"/>) and submodules (directories below the root holding
    /// a module file, in any letter case) are left out, as are links and non-regular files; paths must be clean, relative and pass CheckFilePath.
    /// </summary>
    public CheckedFiles CheckFiles(IEnumerable<IModuleFile> files, out List<IModuleFile> validFiles)
    {
        var list = files as IReadOnlyList<IModuleFile> ?? files.ToList();
        var valid = new List<string>();
        var omitted = new List<FileError>();
        var invalid = new List<FileError>();
        validFiles = new List<IModuleFile>();
        ModuleException? sizeError = null;
        var reported = new HashSet<string>(StringComparer.Ordinal);
        void Report(string path, bool isOmitted, string code, string reason)
        {
            // Go reports each path once, under its first problem.
            if (!reported.Add(path)) return;
            (isOmitted ? omitted : invalid).Add(new FileError(path, code, reason));
        }

        var moduleDirs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in list)
        {
            var (dir, name) = SplitLast(f.Path);
            if (f.Kind == ModuleFileKind.Regular && CaseFold.EqualFold(name, ModFileName)) moduleDirs.Add(dir);
        }
        bool InSubmodule(string p)
        {
            for (int slash = p.LastIndexOf('/'); slash > 0; slash = p.LastIndexOf('/', slash - 1))
            {
                if (moduleDirs.Contains(p[..slash])) return true;
            }
            return false;
        }

        var collisions = new CollisionChecker();
        long budget = MaxZipFile;
        foreach (var f in list)
        {
            string p = f.Path;
            if (p != Clean(p)) { Report(p, false, DiagnosticCodes.ZipBadFileName, "file path is not clean"); continue; }
            if (p.StartsWith('/')) { Report(p, false, DiagnosticCodes.ZipBadFileName, "file path is not relative"); continue; }
            if (IsVendoredPackage(p)) { Report(p, true, DiagnosticCodes.ZipOmitted, VendoredReason); continue; }
            if (InSubmodule(p)) { Report(p, true, DiagnosticCodes.ZipOmitted, "file is in another module"); continue; }
            if (p == ".hg_archival.txt") { Report(p, true, DiagnosticCodes.ZipOmitted, "file is inserted by 'hg archive' and is always omitted"); continue; }
            if (CheckFileName(p) is { } bad) { Report(p, false, bad.Code, bad.Reason); continue; }
            if (CaseFold.EqualFold(p, ModFileName) && p != ModFileName)
            {
                Report(p, false, DiagnosticCodes.ZipModFileCase, $"{ModFileName} files must have lowercase names");
                continue;
            }
            if (collisions.Check(p, f.Kind == ModuleFileKind.Directory, p) is { } collision) { Report(p, false, collision.Code, collision.Reason); continue; }
            if (f.Kind == ModuleFileKind.Symlink) { Report(p, true, DiagnosticCodes.ZipOmitted, "file is a symbolic link"); continue; }
            if (f.Kind != ModuleFileKind.Regular) { Report(p, true, DiagnosticCodes.ZipOmitted, "not a regular file"); continue; }
            long size = f.Size;
            if (size >= 0 && size <= budget) budget -= size;
            else sizeError ??= new ModuleException(DiagnosticCodes.ZipTooLarge, $"module source tree too large (max size is {MaxZipFile} bytes)");
            if (p == ModFileName && size > MaxModFile)
            {
                Report(p, false, DiagnosticCodes.ZipFileTooLarge, $"{ModFileName} file too large (max size is {MaxModFile} bytes)");
                continue;
            }
            if (p == "LICENSE" && size > MaxLicense)
            {
                Report(p, false, DiagnosticCodes.ZipFileTooLarge, $"LICENSE file too large (max size is {MaxLicense} bytes)");
                continue;
            }
            valid.Add(p);
            validFiles.Add(f);
        }
        return new CheckedFiles(valid, omitted, invalid, sizeError);
    }

    /// <summary>
    /// Go's <c>listFilesInDir</c>: the files under <paramref name="directory"/> in Go's walk order
    /// (depth first, names in byte order), leaving out (and reporting) paths in vendored packages,
    /// version control directories and directories that hold their own module file. Links are
    /// listed (as links, never followed) so the rules can report them.
    /// </summary>
    public List<IModuleFile> ListDirectory(string directory, List<FileError> omitted)
    {
        var root = new DirectoryInfo(directory);
        if (!root.Exists) throw new DirectoryNotFoundException($"module directory {directory} does not exist");
        var files = new List<IModuleFile>();
        // One entry per pending path, children pushed in reverse so that they pop in order: the
        // preorder of Go's filepath.Walk, which fixes the order of the valid and omitted lists.
        var stack = new Stack<(FileSystemInfo Entry, string Rel)>();
        PushChildren(stack, root, "");
        while (stack.Count > 0)
        {
            var (entry, slashPath) = stack.Pop();
            var file = DiskModuleFile.From(entry, slashPath);
            // Before anything else, as Go: a vendored directory is reported but still walked, so
            // its files are reported one by one too.
            if (IsVendoredPackage(slashPath))
            {
                omitted.Add(new FileError(slashPath, DiagnosticCodes.ZipOmitted, VendoredReason));
                if (file.Kind == ModuleFileKind.Directory) PushChildren(stack, (DirectoryInfo)entry, slashPath);
                continue;
            }
            if (file.Kind == ModuleFileKind.Directory)
            {
                if (entry.Name is ".bzr" or ".git" or ".hg" or ".svn")
                {
                    omitted.Add(new FileError(slashPath, DiagnosticCodes.ZipOmitted, "directory is a version control repository"));
                    continue;
                }
                var mod = new FileInfo(System.IO.Path.Combine(entry.FullName, ModFileName));
                if (mod.Exists)
                {
                    omitted.Add(new FileError(slashPath, DiagnosticCodes.ZipOmitted, "directory is in another module"));
                    continue;
                }
                PushChildren(stack, (DirectoryInfo)entry, slashPath);
                continue;
            }
            files.Add(file);
        }
        return files;
    }

    private static void PushChildren(Stack<(FileSystemInfo Entry, string Rel)> stack, DirectoryInfo dir, string rel)
    {
        // Sorted so that the file list, and so any error listing, does not depend on the file
        // system's enumeration order.
        var entries = dir.EnumerateFileSystemInfos("*", NoSkipping).ToList();
        entries.Sort((a, b) => Utf8Ordinal.Instance.Compare(a.Name, b.Name));
        for (int i = entries.Count - 1; i >= 0; i--)
            stack.Push((entries[i], rel.Length == 0 ? entries[i].Name : rel + "/" + entries[i].Name));
    }

    /// <summary>Go's reason for a file left out as part of a vendored package.</summary>
    public const string VendoredReason = "file is in vendor directory";

    /// <summary>
    /// Go's <c>isVendoredPackage</c>, exactly: whether a '/'-separated path lies in a vendored
    /// package, i.e. below <c>vendor/&lt;something&gt;/</c>, so that <c>vendor/modules.txt</c> stays.
    /// For a <c>vendor</c> directory below the root Go counts the offset from the start of the path
    /// rather than from the match (golang.org/issue/31562), which leaves out every file below a
    /// nested <c>vendor/</c>, even one directly in it. Go keeps the quirk because fixing it would
    /// change the hash of every module already published; so do we, or our hashes would differ.
    /// </summary>
    public static bool IsVendoredPackage(string name)
    {
        int i;
        if (name.StartsWith("vendor/", StringComparison.Ordinal)) i = "vendor/".Length;
        else if (name.Contains("/vendor/", StringComparison.Ordinal)) i = "/vendor/".Length;
        else return false;
        return name.AsSpan(i).Contains('/');
    }

    /// <summary>
    /// Checks one relative file name: the defensive checks that keep extraction inside its
    /// directory whatever CheckFilePath allows, then Go's CheckFilePath. Null when fine.
    /// </summary>
    public static FileError? CheckFileName(string p)
    {
        if (p.Contains('\uFFFD'))
            return new FileError(p, DiagnosticCodes.ZipBadFileName, $"malformed file path {Quote(p)}: invalid UTF-8");
        if (p.Contains('\\'))
            return new FileError(p, DiagnosticCodes.ZipBadFileName, $"malformed file path {Quote(p)}: contains a backslash");
        if (p.Contains('\0'))
            return new FileError(p, DiagnosticCodes.ZipBadFileName, $"malformed file path {Quote(p)}: contains a NUL byte");
        if (p.StartsWith('/'))
            return new FileError(p, DiagnosticCodes.ZipBadFileName, $"malformed file path {Quote(p)}: file path is not relative");
        if (p.Length == 0 || p.Split('/').Any(e => e is "" or "." or ".."))
            return new FileError(p, DiagnosticCodes.ZipBadFileName, $"malformed file path {Quote(p)}: empty, '.' or '..' path element");
        if (p.Length >= 2 && p[1] == ':')
            return new FileError(p, DiagnosticCodes.ZipBadFileName, $"malformed file path {Quote(p)}: drive letter");
        try
        {
            ModulePath.CheckFilePath(p);
        }
        catch (ModuleException ex)
        {
            return new FileError(p, ex.Code, ex.Message);
        }
        return null;
    }

    /// <summary>Go's <c>path.Clean</c>: the shortest equivalent '/' path (".." kept where it leads out of a relative path).</summary>
    public static string Clean(string p)
    {
        if (p.Length == 0) return ".";
        bool rooted = p[0] == '/';
        var parts = new List<string>();
        foreach (var e in p.Split('/'))
        {
            if (e is "" or ".") continue;
            if (e == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(e);
        }
        string s = (rooted ? "/" : "") + string.Join('/', parts);
        return s.Length == 0 ? "." : s;
    }

    /// <summary>Go's <c>%q</c>.</summary>
    public static string Quote(string s) => GoQuote.Quote(s);

    /// <summary>The directory part (without trailing slash, "" for the root) and the last element.</summary>
    public static (string Dir, string Name) SplitLast(string p)
    {
        int slash = p.LastIndexOf('/');
        return slash < 0 ? ("", p) : (p[..slash], p[(slash + 1)..]);
    }

    private static readonly EnumerationOptions NoSkipping = new()
    {
        // The defaults skip hidden files, which on Unix means every dot file.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };
}
