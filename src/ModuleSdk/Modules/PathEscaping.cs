using System.Text;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Modules;

/// <summary>
/// Case-encoding of module paths and versions for cache directories and proxy URLs: every
/// uppercase letter becomes <c>!</c> followed by its lowercase form, so that paths differing only
/// in case stay distinct on case-insensitive file systems (golang.org/x/mod/module).
/// </summary>
public static class PathEscaping
{
    /// <summary>Escapes a module path; throws <see cref="ModuleException"/> (MOD1001) if the path is invalid.</summary>
    public static string EscapePath(string path)
    {
        ModulePath.CheckPath(path);
        return Escape(path);
    }

    /// <summary>Escapes a version; throws MOD1004 if it contains <c>!</c> or is not a valid file-path element.</summary>
    public static string EscapeVersion(string version)
    {
        if (version.Contains('!') || version.Contains('/') || ModulePath.FilePathProblem(version) is not null || HasNonAscii(version))
            throw new ModuleException(DiagnosticCodes.InvalidVersion, $"version {ModulePath.Quote(version)} invalid: disallowed version string");
        return Escape(version);
    }

    /// <summary>Unescapes an escaped module path; throws MOD1008 on a bare uppercase letter, a <c>!</c> not followed by a-z, or an invalid result.</summary>
    public static string UnescapePath(string escaped)
    {
        var path = Unescape(escaped) ?? throw new ModuleException(DiagnosticCodes.InvalidEscaping, $"invalid escaped module path {ModulePath.Quote(escaped)}");
        var problem = ModulePath.ModulePathProblem(path);
        if (problem is not null)
            throw new ModuleException(DiagnosticCodes.InvalidEscaping,
                $"invalid escaped module path {ModulePath.Quote(escaped)}: malformed module path {ModulePath.Quote(path)}: {problem}");
        return path;
    }

    /// <summary>Unescapes an escaped version; throws MOD1008.</summary>
    public static string UnescapeVersion(string escaped)
    {
        var v = Unescape(escaped) ?? throw new ModuleException(DiagnosticCodes.InvalidEscaping, $"invalid escaped version {ModulePath.Quote(escaped)}");
        if (v.Contains('/') || ModulePath.FilePathProblem(v) is { } problem)
            throw new ModuleException(DiagnosticCodes.InvalidEscaping,
                $"invalid escaped version {ModulePath.Quote(v)}: {ModulePath.FilePathProblem(v) ?? "invalid char '/'"}");
        return v;
    }

    private static bool HasNonAscii(string s)
    {
        foreach (char c in s) if (c >= 0x80) return true;
        return false;
    }

    private static string Escape(string s)
    {
        bool upper = false;
        foreach (char c in s)
        {
            if (c == '!' || c >= 0x80)
                throw new ModuleException(DiagnosticCodes.InvalidEscaping,
                    $"cannot escape {ModulePath.Quote(s)}: '!' and non-ASCII characters are not allowed");
            upper |= c is >= 'A' and <= 'Z';
        }
        if (!upper) return s;
        var sb = new StringBuilder(s.Length + 8);
        foreach (char c in s)
        {
            if (c is >= 'A' and <= 'Z') sb.Append('!').Append((char)(c + ('a' - 'A')));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static string? Unescape(string escaped)
    {
        if (!escaped.Contains('!'))
        {
            foreach (char c in escaped)
                if (c >= 0x80 || c is >= 'A' and <= 'Z') return null;
            return escaped;
        }
        var sb = new StringBuilder(escaped.Length);
        bool bang = false;
        foreach (char c in escaped)
        {
            if (c >= 0x80) return null;
            if (bang)
            {
                bang = false;
                if (c is < 'a' or > 'z') return null;
                sb.Append((char)(c - ('a' - 'A')));
                continue;
            }
            if (c == '!') { bang = true; continue; }
            if (c is >= 'A' and <= 'Z') return null;
            sb.Append(c);
        }
        return bang ? null : sb.ToString();
    }
}
