using System.Globalization;
using System.Text;

namespace ModuleSdk.Cli.Output;

/// <summary>
/// Writes JSON exactly as the go command's <c>json.MarshalIndent(v, "", "\t")</c> does, so
/// scripts written against <c>go list -m -json</c> and <c>go mod download -json</c> read our
/// output unchanged: tab indentation, <c>"Key": value</c>, fields in declaration order, empty
/// values omitted (<c>omitempty</c>), Go's string escaping (<c>&lt;</c>, <c>&gt;</c>,
/// <c>&amp;</c>, U+2028 and U+2029 escaped; other non-ASCII written as is) and RFC 3339 times.
/// </summary>
public sealed class GoJson
{
    private readonly List<(string Key, object Value)> _fields = [];

    /// <summary>Adds a string field; omitted when null or empty.</summary>
    public GoJson Add(string key, string? value)
    {
        if (!string.IsNullOrEmpty(value)) _fields.Add((key, value));
        return this;
    }

    /// <summary>Adds a boolean field; omitted when false.</summary>
    public GoJson Add(string key, bool value)
    {
        if (value) _fields.Add((key, true));
        return this;
    }

    /// <summary>Adds a time field in RFC 3339 (UTC offsets kept); omitted when null.</summary>
    public GoJson Add(string key, DateTimeOffset? value)
    {
        if (value is { } t) _fields.Add((key, new RawJson(Quote(FormatTime(t)))));
        return this;
    }

    /// <summary>Adds a nested object; omitted when null.</summary>
    public GoJson Add(string key, GoJson? value)
    {
        if (value is not null) _fields.Add((key, value));
        return this;
    }

    /// <summary>Adds a string array; omitted when null or empty.</summary>
    public GoJson Add(string key, IReadOnlyList<string>? values)
    {
        if (values is { Count: > 0 }) _fields.Add((key, values));
        return this;
    }

    /// <summary>Adds an array of objects; omitted when null or empty.</summary>
    public GoJson Add(string key, IReadOnlyList<GoJson>? values)
    {
        if (values is { Count: > 0 }) _fields.Add((key, values));
        return this;
    }

    /// <summary>Go's <c>codehost.Origin</c> in its field order; null when there is none.</summary>
    public static GoJson? Origin(Fetching.RevOrigin? o) => o is null ? null : new GoJson()
        .Add("VCS", o.VCS)
        .Add("URL", o.URL)
        .Add("Subdir", o.Subdir)
        .Add("TagPrefix", o.TagPrefix)
        .Add("TagSum", o.TagSum)
        .Add("Ref", o.Ref)
        .Add("Hash", o.Hash)
        .Add("RepoSum", o.RepoSum);

    /// <summary>The indented text, without a trailing newline.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Write(sb, 0);
        return sb.ToString();
    }

    private void Write(StringBuilder sb, int depth)
    {
        if (_fields.Count == 0) { sb.Append("{}"); return; }
        sb.Append('{');
        for (int i = 0; i < _fields.Count; i++)
        {
            sb.Append('\n').Append('\t', depth + 1).Append(Quote(_fields[i].Key)).Append(": ");
            WriteValue(sb, _fields[i].Value, depth + 1);
            if (i < _fields.Count - 1) sb.Append(',');
        }
        sb.Append('\n').Append('\t', depth).Append('}');
    }

    private static void WriteValue(StringBuilder sb, object value, int depth)
    {
        switch (value)
        {
            case string s: sb.Append(Quote(s)); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case RawJson r: sb.Append(r.Text); break;
            case GoJson o: o.Write(sb, depth); break;
            case IReadOnlyList<string> list:
                sb.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    sb.Append('\n').Append('\t', depth + 1).Append(Quote(list[i]));
                    if (i < list.Count - 1) sb.Append(',');
                }
                sb.Append('\n').Append('\t', depth).Append(']');
                break;
            case IReadOnlyList<GoJson> objects:
                sb.Append('[');
                for (int i = 0; i < objects.Count; i++)
                {
                    sb.Append('\n').Append('\t', depth + 1);
                    objects[i].Write(sb, depth + 1);
                    if (i < objects.Count - 1) sb.Append(',');
                }
                sb.Append('\n').Append('\t', depth).Append(']');
                break;
        }
    }

    /// <summary>Go's time.Time JSON form: RFC 3339 with fractional seconds only when non-zero.</summary>
    public static string FormatTime(DateTimeOffset t)
    {
        string frac = t.ToString("fffffff", CultureInfo.InvariantCulture).TrimEnd('0');
        string basePart = t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + (frac.Length > 0 ? "." + frac : "");
        return basePart + (t.Offset == TimeSpan.Zero ? "Z" : t.ToString("zzz", CultureInfo.InvariantCulture));
    }

    /// <summary>Go's JSON string encoding.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private sealed record RawJson(string Text);
}
