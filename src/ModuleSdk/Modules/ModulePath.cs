using ModuleSdk.Diagnostics;

namespace ModuleSdk.Modules;

/// <summary>
/// Go's rules for module paths, import paths and file paths inside modules, and for the
/// major-version suffix (<c>/v2</c>, <c>gopkg.in/x.v2</c>) against a version
/// (golang.org/x/mod/module). Error messages use the go command's wording.
/// </summary>
public static class ModulePath
{
    private enum Kind { Module, Import, File }

    private static readonly string[] BadWindowsNames =
    [
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    /// <summary>
    /// Checks a module path; throws <see cref="ModuleException"/> with
    /// <see cref="DiagnosticCodes.InvalidModulePath"/> and Go's message
    /// (<c>malformed module path "x": missing dot in first path element</c>).
    /// </summary>
    public static void CheckPath(string path)
    {
        var problem = ModulePathProblem(path);
        if (problem is not null)
            throw new ModuleException(DiagnosticCodes.InvalidModulePath, $"malformed module path {Quote(path)}: {problem}");
    }

    /// <summary>Reports whether <paramref name="path"/> is a valid module path.</summary>
    public static bool IsValidPath(string path) => ModulePathProblem(path) is null;

    /// <summary>Checks an import (package) path: module path characters plus <c>+</c>, leading dots allowed.</summary>
    public static void CheckImportPath(string path)
    {
        var problem = PathProblem(path, Kind.Import);
        if (problem is not null)
            throw new ModuleException(DiagnosticCodes.InvalidImportPath, $"malformed import path {Quote(path)}: {problem}");
    }

    /// <summary>
    /// Checks a slash-separated file path inside a module (Go's CheckFilePath): letters, digits,
    /// space and <c>!#$%&amp;()+,-.=@[]^_{}~</c>, Unicode letters, no <c>.</c>/<c>..</c> elements,
    /// no trailing dots, no Windows reserved names. Throws <see cref="DiagnosticCodes.InvalidFilePath"/>.
    /// </summary>
    public static void CheckFilePath(string path)
    {
        var problem = FilePathProblem(path);
        if (problem is not null)
            throw new ModuleException(DiagnosticCodes.InvalidFilePath, $"malformed file path {Quote(path)}: {problem}");
    }

    /// <summary>Returns why <paramref name="path"/> is not a valid file path, or null when it is.</summary>
    public static string? FilePathProblem(string path) => PathProblem(path, Kind.File);

    /// <summary>Returns why <paramref name="path"/> is not a valid module path, or null when it is.</summary>
    public static string? ModulePathProblem(string path)
    {
        var problem = PathProblem(path, Kind.Module);
        if (problem is not null) return problem;
        int i = path.IndexOf('/');
        if (i < 0) i = path.Length;
        if (i == 0) return "leading slash";
        var first = path.AsSpan(0, i);
        if (!first.Contains('.')) return "missing dot in first path element";
        if (path[0] == '-') return "leading dash in first path element";
        foreach (char c in first)
            if (!(c == '-' || c == '.' || c is >= '0' and <= '9' || c is >= 'a' and <= 'z'))
                return $"invalid char {QuoteRune(c)} in first path element";
        if (!SplitPathVersion(path, out _, out _)) return "invalid version";
        return null;
    }

    /// <summary>
    /// Splits a module path into its prefix and its major-version suffix (<c>/v2</c> or, for
    /// gopkg.in, <c>.v2</c>); returns false when the suffix is malformed (<c>/v0</c>, <c>/v1</c>, <c>/v02</c>).
    /// </summary>
    public static bool SplitPathVersion(string path, out string prefix, out string pathMajor)
    {
        if (path.StartsWith("gopkg.in/", StringComparison.Ordinal)) return SplitGopkgIn(path, out prefix, out pathMajor);
        int i = path.Length;
        bool dot = false;
        while (i > 0 && (char.IsAsciiDigit(path[i - 1]) || path[i - 1] == '.'))
        {
            if (path[i - 1] == '.') dot = true;
            i--;
        }
        prefix = path;
        pathMajor = "";
        if (i <= 1 || i == path.Length || path[i - 1] != 'v' || path[i - 2] != '/') return true;
        string major = path[(i - 2)..];
        if (dot || major.Length <= 2 || major[2] == '0' || major == "/v1") return false;
        prefix = path[..(i - 2)];
        pathMajor = major;
        return true;
    }

    private static bool SplitGopkgIn(string path, out string prefix, out string pathMajor)
    {
        prefix = path;
        pathMajor = "";
        int i = path.Length;
        if (path.EndsWith("-unstable", StringComparison.Ordinal)) i -= "-unstable".Length;
        while (i > 0 && char.IsAsciiDigit(path[i - 1])) i--;
        if (i <= 1 || path[i - 1] != 'v' || path[i - 2] != '.') return false;
        string major = path[(i - 2)..];
        if (major.Length <= 2 || (major[2] == '0' && major != ".v0")) return false;
        prefix = path[..(i - 2)];
        pathMajor = major;
        return true;
    }

    /// <summary>
    /// Checks that <paramref name="version"/>'s major agrees with <paramref name="pathMajor"/>
    /// (Go's CheckPathMajor); throws <see cref="DiagnosticCodes.MajorVersionMismatch"/> with
    /// Go's message (<c>version "v2.0.0" invalid: should be v0 or v1, not v2</c>).
    /// </summary>
    public static void CheckPathMajor(string version, string pathMajor)
    {
        var problem = PathMajorProblem(version, pathMajor);
        if (problem is not null)
            throw new ModuleException(DiagnosticCodes.MajorVersionMismatch, $"version {Quote(version)} invalid: {problem}");
    }

    /// <summary>Reports whether the version's major agrees with the path's major suffix (Go's MatchPathMajor).</summary>
    public static bool MatchPathMajor(string version, string pathMajor) => PathMajorProblem(version, pathMajor) is null;

    /// <summary>Returns why <paramref name="version"/> does not fit <paramref name="pathMajor"/>, or null.</summary>
    public static string? PathMajorProblem(string version, string pathMajor)
    {
        if (pathMajor.StartsWith(".v", StringComparison.Ordinal) && pathMajor.EndsWith("-unstable", StringComparison.Ordinal))
            pathMajor = pathMajor[..^"-unstable".Length];
        // Old pseudo-versions for gopkg.in/x.v1 used v0.0.0-; Go still accepts them.
        if (version.StartsWith("v0.0.0-", StringComparison.Ordinal) && pathMajor == ".v1") return null;
        string m = Semver.Major(version);
        string want;
        if (pathMajor.Length == 0)
        {
            if (m is "v0" or "v1" || Semver.Build(version) == "+incompatible") return null;
            want = "v0 or v1";
        }
        else
        {
            if (m == pathMajor[1..]) return null;
            want = pathMajor[1..];
        }
        return $"should be {want}, not {m}";
    }

    /// <summary>The major version a path suffix names (<c>/v2</c> → <c>v2</c>, <c>.v1-unstable</c> → <c>v1</c>, <c>""</c> → <c>""</c>).</summary>
    public static string PathMajorPrefix(string pathMajor)
    {
        if (pathMajor.Length == 0) return "";
        if (pathMajor[0] != '/' && pathMajor[0] != '.') throw new ArgumentException($"pathMajor suffix {pathMajor} passed to PathMajorPrefix lacks separator");
        if (pathMajor.StartsWith(".v", StringComparison.Ordinal) && pathMajor.EndsWith("-unstable", StringComparison.Ordinal))
            pathMajor = pathMajor[..^"-unstable".Length];
        return pathMajor[1..];
    }

    /// <summary>
    /// Checks a (path, version) pair as Go's module.Check: a valid path and a valid version whose
    /// major agrees with the path. Throws <see cref="ModuleException"/>.
    /// </summary>
    public static void Check(string path, string version)
    {
        CheckPath(path);
        if (!Semver.IsValid(version))
            throw new ModuleException(DiagnosticCodes.InvalidVersion, $"{path}@{version}: invalid version: not a semantic version");
        SplitPathVersion(path, out _, out var pathMajor);
        var problem = PathMajorProblem(version, pathMajor);
        if (problem is not null)
            throw new ModuleException(DiagnosticCodes.MajorVersionMismatch, $"{path}@{version}: invalid version: {problem}");
    }

    /// <summary>
    /// Reports whether <paramref name="version"/> is usable in a module file for
    /// <paramref name="path"/>: canonical and matching the path's major.
    /// </summary>
    public static bool IsCanonicalFor(string path, string version)
    {
        if (ModuleVersion.Canonical(version) != version) return false;
        SplitPathVersion(path, out _, out var pathMajor);
        return MatchPathMajor(version, pathMajor);
    }

    private static string? PathProblem(string path, Kind kind)
    {
        if (!IsValidUtf16(path)) return "invalid UTF-8";
        if (path.Length == 0) return "empty string";
        if (path[0] == '-' && kind != Kind.File) return "leading dash";
        if (path.Contains("//", StringComparison.Ordinal)) return "double slash";
        if (path[^1] == '/') return "trailing slash";
        int start = 0;
        for (int i = 0; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '/')
            {
                var problem = ElementProblem(path.AsSpan(start, i - start), kind);
                if (problem is not null) return problem;
                start = i + 1;
            }
        }
        return null;
    }

    private static string? ElementProblem(ReadOnlySpan<char> elem, Kind kind)
    {
        if (elem.Length == 0) return "empty path element";
        if (elem.Count('.') == elem.Length) return $"invalid path element {Quote(elem.ToString())}";
        if (elem[0] == '.' && kind == Kind.Module) return "leading dot in path element";
        if (elem[^1] == '.') return "trailing dot in path element";
        for (int i = 0; i < elem.Length; i++)
        {
            int rune = elem[i];
            if (char.IsHighSurrogate(elem[i]) && i + 1 < elem.Length)
            {
                rune = char.ConvertToUtf32(elem[i], elem[i + 1]);
                i++;
            }
            bool ok = kind switch
            {
                Kind.Module => ModulePathOK(rune),
                Kind.Import => ModulePathOK(rune) || rune == '+',
                _ => FileNameOK(rune),
            };
            if (!ok) return $"invalid char {QuoteRune(rune)}";
        }
        var shortName = elem;
        int dot = shortName.IndexOf('.');
        if (dot >= 0) shortName = shortName[..dot];
        foreach (var bad in BadWindowsNames)
            if (shortName.Equals(bad, StringComparison.OrdinalIgnoreCase))
                return $"{Quote(shortName.ToString())} disallowed as path element component on Windows";
        if (kind == Kind.File) return null;
        // Windows short names (PROGRA~1) are a problem only for import paths.
        int tilde = shortName.LastIndexOf('~');
        if (tilde >= 0 && tilde < shortName.Length - 1)
        {
            bool digits = true;
            foreach (char c in shortName[(tilde + 1)..]) digits &= char.IsAsciiDigit(c);
            if (digits) return "trailing tilde and digits in path element";
        }
        return null;
    }

    private static bool ModulePathOK(int r) =>
        r is '-' or '.' or '_' or '~' or (>= '0' and <= '9') or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z');

    private static bool FileNameOK(int r)
    {
        if (r < 0x80)
            return r is (>= '0' and <= '9') or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z')
                || "!#$%&()+,-.=@[]^_{}~ ".Contains((char)r);
        return System.Globalization.CharUnicodeInfo.GetUnicodeCategory(r) is
            System.Globalization.UnicodeCategory.UppercaseLetter or System.Globalization.UnicodeCategory.LowercaseLetter
            or System.Globalization.UnicodeCategory.TitlecaseLetter or System.Globalization.UnicodeCategory.ModifierLetter
            or System.Globalization.UnicodeCategory.OtherLetter;
    }

    /// <summary>Reports whether a .NET string is well-formed UTF-16 (the counterpart of Go's valid UTF-8: no lone surrogates).</summary>
    internal static bool IsValidUtf16(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c)) return false;
            else if (c == '\uFFFD') return false; // the decoder's replacement for invalid UTF-8 bytes
        }
        return true;
    }

    /// <summary>Go's %q for a string.</summary>
    internal static string Quote(string s) => GoQuote.Quote(s);

    private static string QuoteRune(int r) => GoQuote.QuoteRune(r);
}
