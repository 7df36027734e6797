using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ModuleSdk.Proxy.Index;

/// <summary>
/// One line of the index feed, as Go's index.golang.org writes it:
/// <c>{"Path":"…","Version":"…","Timestamp":"2019-04-10T19:08:52.997264Z"}</c> (the time in UTC,
/// RFC 3339 with as many fraction digits as needed, Go's <c>RFC3339Nano</c>).
/// </summary>
public sealed record IndexEntry(string Path, string Version, DateTimeOffset Timestamp)
{
    /// <summary>The JSON line (without its newline).</summary>
    public string ToJson()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("Path", Path);
            w.WriteString("Version", Version);
            w.WriteString("Timestamp", FormatTime(Timestamp));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The entry a JSON line holds, or null when it is not one.</summary>
    public static IndexEntry? TryParse(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object
                || !r.TryGetProperty("Path", out var p) || p.ValueKind != JsonValueKind.String
                || !r.TryGetProperty("Version", out var v) || v.ValueKind != JsonValueKind.String
                || !r.TryGetProperty("Timestamp", out var t) || t.ValueKind != JsonValueKind.String
                || TryParseTime(t.GetString()!) is not { } time)
                return null;
            return new IndexEntry(p.GetString()!, v.GetString()!, time);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Go's <c>time.RFC3339Nano</c> in UTC: trailing zeros of the fraction dropped, no fraction for whole seconds.</summary>
    public static string FormatTime(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses an RFC 3339 time (any offset, optional fraction), as Go's <c>time.Parse(time.RFC3339, …)</c> accepts; null otherwise.</summary>
    public static DateTimeOffset? TryParseTime(string s)
    {
        // RFC 3339 needs the date, 'T', the time and a zone (Z or ±hh:mm); .NET's parser is laxer, so check the shape first.
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':') return null;
        char last = s[^1];
        bool zoned = last is 'Z' or 'z' || (s.Length >= 25 && s[^3] == ':' && s[^6] is '+' or '-');
        if (!zoned) return null;
        return DateTimeOffset.TryParse(s.ToUpperInvariant(), CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : null;
    }
}
