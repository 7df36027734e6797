using System.Text.RegularExpressions;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.ModFile;

/// <summary>
/// Interprets the lines of a parsed module.mod (Go's <c>File.add</c> and <c>parseReplace</c>):
/// checks each directive's shape, unquotes paths, checks and canonicalizes versions, and fills
/// the typed lists of <see cref="ModuleFile"/>. Tokens are rewritten in place to their
/// canonical spelling (unneeded quotes dropped, versions canonical), so formatting the file
/// afterwards writes them that way, as Go does.
/// </summary>
internal sealed partial class DirectiveParser(ModuleFile file, ModFileErrors errors, VersionFixer? fix, bool strict)
{
    [GeneratedRegex(@"(?s)(?:\A|\n\n)Deprecated: *(.*?)(?:\z|\n\n)")]
    private static partial Regex DeprecatedRegex();

    /// <summary>Interprets every statement of the file.</summary>
    public void Run()
    {
        foreach (var stmt in file.Syntax.Statements)
        {
            switch (stmt)
            {
                case Line line:
                    Add(null, line, line.Tokens[0], 1);
                    break;
                case LineBlock block:
                    if (block.Tokens.Count > 1 || block.Tokens[0] is not ("module" or "require" or "exclude" or "replace" or "retract"))
                    {
                        if (strict) errors.Add(DiagnosticCodes.UnknownDirective, block.Start, $"unknown block type: {string.Join(' ', block.Tokens)}");
                        continue;
                    }
                    foreach (var l in block.Lines) Add(block, l, block.Tokens[0], 0);
                    break;
            }
        }
    }

    /// <summary>Interprets one directive; its arguments are <c>line.Tokens[first..]</c>.</summary>
    private void Add(LineBlock? block, Line line, string verb, int first)
    {
        // Dependencies' files keep only what matters to other modules; anything else (including
        // directives added by later versions) is ignored so that newer files still load.
        if (!strict && verb is not ("module" or "require" or "retract")) return;

        var tokens = line.Tokens;
        int argc = tokens.Count - first;
        void Error(string code, string message) => errors.Add(code, line.Start, message);

        switch (verb)
        {
            default:
                Error(DiagnosticCodes.UnknownDirective, $"unknown directive: {verb}");
                return;

            case "module":
                if (file.Module is not null)
                {
                    Error(DiagnosticCodes.RepeatedModule, "repeated module statement");
                    return;
                }
                file.Module = new ModuleDirective { Syntax = line, Deprecated = ParseDeprecation(block, line) };
                if (argc != 1)
                {
                    Error(DiagnosticCodes.DirectiveUsage, "usage: module module/path");
                    return;
                }
                if (!TryParseString(tokens, first, out var modPath, out var quoteError))
                {
                    Error(DiagnosticCodes.InvalidQuotedString, $"invalid quoted string: {quoteError}");
                    return;
                }
                file.Module.Path = modPath;
                return;

            case "require" or "exclude":
                {
                    if (argc != 2)
                    {
                        Error(DiagnosticCodes.DirectiveUsage, $"usage: {verb} module/path v1.2.3");
                        return;
                    }
                    if (!TryParseString(tokens, first, out var path, out var err))
                    {
                        Error(DiagnosticCodes.InvalidQuotedString, $"invalid quoted string: {err}");
                        return;
                    }
                    if (!TryParseVersion(verb, path, tokens, first + 1, fix, out var version, out var code, out err))
                    {
                        Error(code, err);
                        return;
                    }
                    if (!ModulePath.SplitPathVersion(path, out _, out var pathMajor))
                    {
                        Error(DiagnosticCodes.ModFileInvalidPath, "invalid module path");
                        return;
                    }
                    if (CheckPathMajor(version, pathMajor) is { } majorError)
                    {
                        Error(DiagnosticCodes.ModFileMajorMismatch, $"{verb} {path}: {majorError}");
                        return;
                    }
                    if (verb == "require") file.Require.Add(new Require { Mod = new ModuleId(path, version), Syntax = line, Indirect = IsIndirect(line) });
                    else file.Exclude.Add(new Exclude { Mod = new ModuleId(path, version), Syntax = line });
                    return;
                }

            case "replace":
                if (ParseReplace(line, verb, first) is { } replace) file.Replace.Add(replace);
                return;

            case "retract":
                {
                    string rationale = ParseDirectiveComment(block, line);
                    int next = first;
                    if (!TryParseVersionInterval(verb, "", tokens, ref next, VersionFixers.AsWritten, out var interval, out var code, out var err))
                    {
                        // Dependencies may use interval syntax newer than ours: ignore it there.
                        if (strict) Error(code, err);
                        return;
                    }
                    if (next < tokens.Count && strict)
                    {
                        Error(DiagnosticCodes.DirectiveUsage, $"unexpected token after version: {GoQuote.Quote(tokens[next])}");
                        return;
                    }
                    file.Retract.Add(new Retract { Interval = interval, Rationale = rationale, Syntax = line });
                    return;
                }
        }
    }

    private Replace? ParseReplace(Line line, string verb, int first)
    {
        var tokens = line.Tokens;
        int argc = tokens.Count - first;
        void Error(string code, string message) => errors.Add(code, line.Start, message);

        int arrow = argc >= 2 && tokens[first + 1] == "=>" ? 1 : 2;
        if (argc < arrow + 2 || argc > arrow + 3 || tokens[first + arrow] != "=>")
        {
            Error(DiagnosticCodes.DirectiveUsage,
                $"usage: {verb} module/path [v1.2.3] => other/module v1.4\n\t or {verb} module/path [v1.2.3] => ../local/directory");
            return null;
        }
        if (!TryParseString(tokens, first, out var oldPath, out var err))
        {
            Error(DiagnosticCodes.InvalidQuotedString, $"invalid quoted string: {err}");
            return null;
        }
        if (!ModulePath.SplitPathVersion(oldPath, out _, out var pathMajor))
        {
            Error(DiagnosticCodes.ModFileInvalidPath, $"{verb} {oldPath}: invalid module path");
            return null;
        }
        string oldVersion = "";
        if (arrow == 2)
        {
            if (!TryParseVersion(verb, oldPath, tokens, first + 1, fix, out oldVersion, out var code, out err))
            {
                Error(code, err);
                return null;
            }
            if (CheckPathMajor(oldVersion, pathMajor) is { } majorError)
            {
                Error(DiagnosticCodes.ModFileMajorMismatch, $"{verb} {oldPath}: {majorError}");
                return null;
            }
        }
        if (!TryParseString(tokens, first + arrow + 1, out var newPath, out err))
        {
            Error(DiagnosticCodes.InvalidQuotedString, $"invalid quoted string: {err}");
            return null;
        }
        string newVersion = "";
        if (argc == arrow + 2)
        {
            if (!IsDirectoryPath(newPath))
            {
                Error(DiagnosticCodes.InvalidReplacement, "replacement module without version must be directory path (rooted or starting with ./ or ../)");
                return null;
            }
            // Go rejects backslashes on systems whose separator is '/'; module.mod files must read
            // the same everywhere, so they are rejected on every system here.
            if (newPath.Contains('\\'))
            {
                Error(DiagnosticCodes.InvalidReplacement, "replacement directory appears to be Windows path (on a non-windows system)");
                return null;
            }
        }
        if (argc == arrow + 3)
        {
            if (!TryParseVersion(verb, newPath, tokens, first + arrow + 2, fix, out newVersion, out var code, out err))
            {
                Error(code, err);
                return null;
            }
            if (IsDirectoryPath(newPath))
            {
                Error(DiagnosticCodes.InvalidReplacement, $"replacement module directory path {GoQuote.Quote(newPath)} cannot have version");
                return null;
            }
        }
        return new Replace { Old = new ModuleId(oldPath, oldVersion), New = new ModuleId(newPath, newVersion), Syntax = line };
    }

    /// <summary>
    /// Re-reads retract versions with the fixer once the module path is known (Go's
    /// <c>fixRetract</c>): the module directive may come after the retract lines.
    /// </summary>
    public void FixRetract()
    {
        if (fix is null) return;
        string path = file.Module?.Path ?? "";
        foreach (var r in file.Retract)
        {
            if (path.Length == 0)
            {
                errors.Add(DiagnosticCodes.RetractWithoutModule, r.Syntax.Start, "no module directive found, so retract cannot be used");
                return; // once is enough
            }
            int next = r.Syntax.InBlock ? 0 : 1;
            if (TryParseVersionInterval("retract", path, r.Syntax.Tokens, ref next, fix, out var interval, out var code, out var err))
                r.Interval = interval;
            else
            {
                errors.Add(code, r.Syntax.Start, err);
                r.Interval = default;
            }
        }
    }

    private static bool TryParseVersionInterval(string verb, string path, List<string> tokens, ref int i, VersionFixer fix,
        out VersionInterval interval, out string code, out string error)
    {
        interval = default;
        code = DiagnosticCodes.DirectiveUsage;
        if (i >= tokens.Count || tokens[i] == "(")
        {
            error = "expected '[' or version";
            return false;
        }
        if (tokens[i] != "[")
        {
            if (!TryParseVersion(verb, path, tokens, i, fix, out var v, out code, out error)) return false;
            i++;
            interval = VersionInterval.Single(v);
            return true;
        }
        i++;
        if (i >= tokens.Count)
        {
            error = "expected version after '['";
            return false;
        }
        if (!TryParseVersion(verb, path, tokens, i, fix, out var low, out code, out error)) return false;
        i++;
        code = DiagnosticCodes.DirectiveUsage;
        if (i >= tokens.Count || tokens[i] != ",")
        {
            error = "expected ',' after version";
            return false;
        }
        i++;
        if (i >= tokens.Count)
        {
            error = "expected version after ','";
            return false;
        }
        if (!TryParseVersion(verb, path, tokens, i, fix, out var high, out code, out error)) return false;
        i++;
        code = DiagnosticCodes.DirectiveUsage;
        if (i >= tokens.Count || tokens[i] != "]")
        {
            error = "expected ']' after version";
            return false;
        }
        i++;
        interval = new VersionInterval(low, high);
        error = "";
        return true;
    }

    /// <summary>
    /// Reads the version token at <paramref name="i"/>: unquotes it, then fixes it with
    /// <paramref name="fix"/> or, without one, canonicalizes it (<c>v1.2</c> becomes
    /// <c>v1.2.0</c>), writing the result back into the token.
    /// </summary>
    private static bool TryParseVersion(string verb, string path, List<string> tokens, int i, VersionFixer? fix,
        out string version, out string code, out string error)
    {
        string prefix = path.Length > 0 ? $"{verb} {path}: " : $"{verb}: ";
        string raw = tokens[i];
        version = "";
        if (!TryParseString(tokens, i, out var t, out var quoteError))
        {
            code = DiagnosticCodes.InvalidQuotedString;
            error = $"{prefix}version {GoQuote.Quote(raw)} invalid: {quoteError}";
            return false;
        }
        if (fix is not null)
        {
            try
            {
                t = fix(path, t);
            }
            catch (ModuleException e)
            {
                code = e.Code;
                error = prefix + e.Message;
                return false;
            }
        }
        else
        {
            string canonical = ModuleVersion.Canonical(t);
            if (canonical.Length == 0)
            {
                code = DiagnosticCodes.ModFileInvalidVersion;
                error = $"{prefix}version {GoQuote.Quote(t)} invalid: must be of the form v1.2.3";
                return false;
            }
            t = canonical;
        }
        tokens[i] = t;
        version = t;
        code = "";
        error = "";
        return true;
    }

    /// <summary>
    /// Reads a path or version token: a double-quoted token is unquoted; an unquoted one may not
    /// contain quotes (reserved, and so that <c>'x'</c> is an error, not a path with quotes).
    /// The token is rewritten in its canonical spelling (quoted only if it must be).
    /// </summary>
    internal static bool TryParseString(List<string> tokens, int i, out string value, out string error)
    {
        string t = tokens[i];
        error = "";
        if (t.StartsWith('"'))
        {
            if (!GoQuote.TryUnquote(t, out value))
            {
                error = "invalid syntax";
                return false;
            }
        }
        else if (t.AsSpan().IndexOfAny("\"'`") >= 0)
        {
            value = "";
            error = "unquoted string cannot contain quote";
            return false;
        }
        else
        {
            value = t;
        }
        tokens[i] = GoQuote.AutoQuote(value);
        return true;
    }

    /// <summary>The major-version check's message, or null when the version agrees with the path.</summary>
    private static string? CheckPathMajor(string version, string pathMajor)
    {
        try
        {
            ModulePath.CheckPathMajor(version, pathMajor);
            return null;
        }
        catch (ModuleException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Reports whether a replacement is a directory: relative (<c>./</c>, <c>../</c>) or rooted,
    /// in Unix or Windows spelling, since module.mod files move between systems.
    /// </summary>
    public static bool IsDirectoryPath(string ns) =>
        ns.StartsWith("./", StringComparison.Ordinal) || ns.StartsWith("../", StringComparison.Ordinal) || ns.StartsWith('/') ||
        ns.StartsWith(@".\", StringComparison.Ordinal) || ns.StartsWith(@"..\", StringComparison.Ordinal) || ns.StartsWith('\\') ||
        (ns.Length >= 2 && char.IsAsciiLetter(ns[0]) && ns[1] == ':');

    /// <summary>Whether the line's first end-of-line comment marks it indirect (<c>// indirect</c> or <c>// indirect; ...</c>).</summary>
    internal static bool IsIndirect(Line line)
    {
        if (line.Comments.Suffix.Count == 0) return false;
        var f = Fields(TrimSlashes(line.Comments.Suffix[0].Token));
        return (f.Length == 1 && f[0] == "indirect") || (f.Length > 1 && f[0] == "indirect;");
    }

    internal static string TrimSlashes(string token) => token.StartsWith("//", StringComparison.Ordinal) ? token[2..] : token;

    internal static string[] Fields(string s) =>
        s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static string ParseDeprecation(LineBlock? block, Line line)
    {
        var m = DeprecatedRegex().Match(ParseDirectiveComment(block, line));
        return m.Success ? m.Groups[1].Value : "";
    }

    /// <summary>
    /// The text of a directive's comments (before it and at the end of its line), one line per
    /// comment without the slashes; a line without comments in a block takes the block's.
    /// </summary>
    internal static string ParseDirectiveComment(LineBlock? block, Line line)
    {
        var comments = line.Comments;
        if (block is not null && comments.Before.Count == 0 && comments.Suffix.Count == 0) comments = block.Comments;
        var lines = comments.Before.Concat(comments.Suffix)
            .Where(c => c.Token.StartsWith("//", StringComparison.Ordinal))
            .Select(c => c.Token[2..].Trim());
        return string.Join("\n", lines);
    }
}
