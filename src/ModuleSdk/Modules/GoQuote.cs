using System.Globalization;
using System.Text;

using ModuleSdk.Modules;

namespace ModuleSdk.Modules;

/// <summary>
/// Go's string quoting as module.mod files use it: <c>strconv.Quote</c>, <c>strconv.Unquote</c>
/// for double-quoted strings, <c>QuoteRune</c> for error messages, and modfile's
/// <c>MustQuote</c>/<c>AutoQuote</c> (quote a token only when it could not stand alone).
/// Printability and spacing follow Go's <c>unicode.IsPrint</c> and <c>unicode.IsSpace</c>.
/// </summary>
public static class GoQuote
{
    /// <summary>Reports whether <paramref name="s"/> must be quoted to appear as one token in a module.mod line.</summary>
    public static bool MustQuote(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            int r = RuneAt(s, i);
            if (r > 0xFFFF) i++;
            switch (r)
            {
                case ' ' or '"' or '\'' or '`':
                    return true;
                case '(' or ')' or '[' or ']' or '{' or '}' or ',':
                    if (s.Length > 1) return true;
                    break;
                default:
                    if (!IsPrint(r)) return true;
                    break;
            }
        }
        return s.Length == 0 || s.Contains("//", StringComparison.Ordinal) || s.Contains("/*", StringComparison.Ordinal);
    }

    /// <summary>Returns <paramref name="s"/>, or its Go quotation when <see cref="MustQuote"/> says it needs one.</summary>
    public static string AutoQuote(string s) => MustQuote(s) ? Quote(s) : s;

    /// <summary>Go's <c>strconv.Quote</c>: a double-quoted string with Go escapes for non-printable characters.</summary>
    public static string Quote(string s) => QuoteWith(s, '"');

    /// <summary>Go's <c>strconv.QuoteRune</c>: a single-quoted character literal.</summary>
    public static string QuoteRune(int r) => QuoteWith(char.ConvertFromUtf32(r is >= 0xD800 and <= 0xDFFF or > 0x10FFFF ? 0xFFFD : r), '\'');

    private static string QuoteWith(string s, char quote)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append(quote);
        for (int i = 0; i < s.Length; i++)
        {
            int r = RuneAt(s, i);
            if (r > 0xFFFF) i++;
            if (r == quote || r == '\\')
            {
                sb.Append('\\').Append((char)r);
                continue;
            }
            if (IsPrint(r))
            {
                sb.Append(char.ConvertFromUtf32(r));
                continue;
            }
            switch (r)
            {
                case '\a': sb.Append(@"\a"); break;
                case '\b': sb.Append(@"\b"); break;
                case '\f': sb.Append(@"\f"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                case '\v': sb.Append(@"\v"); break;
                default:
                    if (r < ' ' || r == 0x7F) sb.Append(@"\x").Append(r.ToString("x2", CultureInfo.InvariantCulture));
                    else if (r < 0x10000) sb.Append(@"\u").Append(r.ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(@"\U").Append(r.ToString("x8", CultureInfo.InvariantCulture));
                    break;
            }
        }
        sb.Append(quote);
        return sb.ToString();
    }

    /// <summary>
    /// Go's <c>strconv.Unquote</c> for a double-quoted string: returns false on any syntax error
    /// (bad escape, unescaped quote, missing quotes). Byte escapes (<c>\xff</c>, <c>\377</c>) are
    /// collected as UTF-8 and decoded at the end; invalid sequences become U+FFFD.
    /// </summary>
    public static bool TryUnquote(string s, out string value)
    {
        value = "";
        if (s.Length < 2 || s[0] != '"' || s[^1] != '"') return false;
        var body = s[1..^1];
        if (body.Contains('\n')) return false;
        var bytes = new List<byte>(body.Length);
        Span<byte> buf = stackalloc byte[4];
        for (int i = 0; i < body.Length;)
        {
            int c = RuneAt(body, i);
            if (c == '"') return false;
            if (c != '\\')
            {
                i += c > 0xFFFF ? 2 : 1;
                AppendRune(bytes, c, buf);
                continue;
            }
            if (++i >= body.Length) return false;
            char e = body[i++];
            switch (e)
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '"': bytes.Add((byte)'"'); break;
                case 'x' or 'u' or 'U':
                    {
                        int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                        if (i + n > body.Length) return false;
                        int v = 0;
                        for (int k = 0; k < n; k++)
                        {
                            int d = HexValue(body[i + k]);
                            if (d < 0) return false;
                            v = (v << 4) | d;
                        }
                        i += n;
                        if (e == 'x') bytes.Add((byte)v);
                        else if (v > 0x10FFFF || v is >= 0xD800 and <= 0xDFFF) return false;
                        else AppendRune(bytes, v, buf);
                        break;
                    }
                case >= '0' and <= '7':
                    {
                        int v = e - '0';
                        if (i + 2 > body.Length) return false;
                        for (int k = 0; k < 2; k++)
                        {
                            char d = body[i + k];
                            if (d is < '0' or > '7') return false;
                            v = (v << 3) | (d - '0');
                        }
                        i += 2;
                        if (v > 255) return false;
                        bytes.Add((byte)v);
                        break;
                    }
                default:
                    return false;
            }
        }
        value = Encoding.UTF8.GetString(bytes.ToArray());
        return true;
    }

    private static void AppendRune(List<byte> bytes, int r, Span<byte> buf)
    {
        int n = new Rune(r).EncodeToUtf8(buf);
        for (int k = 0; k < n; k++) bytes.Add(buf[k]);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>The code point at index <paramref name="i"/>; a lone surrogate reads as U+FFFD, as Go reads bad UTF-8.</summary>
    internal static int RuneAt(string s, int i)
    {
        char c = s[i];
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) return char.ConvertToUtf32(c, s[i + 1]);
        return char.IsSurrogate(c) ? 0xFFFD : c;
    }

    /// <summary>Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    internal static bool IsPrint(int r)
    {
        if (r == ' ') return true;
        switch (CharUnicodeInfo.GetUnicodeCategory(r))
        {
            case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.OtherPunctuation
                or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Go's <c>unicode.IsSpace</c>.</summary>
    internal static bool IsSpace(int r) => Rune.IsValid(r) && Rune.IsWhiteSpace(new Rune(r));
}
