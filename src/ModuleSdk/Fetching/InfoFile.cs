using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModuleSdk.Fetching;

/// <summary>
/// The <c>.info</c> JSON of the cache, as the go command writes it (<c>json.Marshal</c> of
/// <c>RevInfo</c>): <c>{"Version":"v1.2.0","Time":"2019-01-02T03:04:05Z"}</c> with an optional
/// <c>Origin</c> object, no trailing newline, so the cache can be served as a file proxy.
/// </summary>
internal static class InfoFile
{
    /// <summary>Serializes an info; the time in UTC with RFC 3339 fractional seconds as needed.</summary>
    public static byte[] Format(RevInfo info)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps "+incompatible" as is; the default encoder would write "\u002B".
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("Version", info.Version);
            json.WriteString("Time", info.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
            if (info.Origin is { } o)
            {
                json.WriteStartObject("Origin");
                WriteOptional(json, "VCS", o.VCS);
                WriteOptional(json, "URL", o.URL);
                WriteOptional(json, "Subdir", o.Subdir);
                WriteOptional(json, "Hash", o.Hash);
                WriteOptional(json, "TagPrefix", o.TagPrefix);
                WriteOptional(json, "TagSum", o.TagSum);
                WriteOptional(json, "Ref", o.Ref);
                WriteOptional(json, "RepoSum", o.RepoSum);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Parses an info; returns null when the bytes are not a usable info (a corrupt cache entry is refetched, not fatal).</summary>
    public static RevInfo? TryParse(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (!root.TryGetProperty("Version", out var v) || v.ValueKind != JsonValueKind.String) return null;
            var time = DateTimeOffset.MinValue;
            if (root.TryGetProperty("Time", out var t) && t.ValueKind == JsonValueKind.String &&
                !DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out time))
            {
                return null;
            }
            RevOrigin? origin = null;
            if (root.TryGetProperty("Origin", out var o) && o.ValueKind == JsonValueKind.Object)
            {
                origin = new RevOrigin
                {
                    VCS = Optional(o, "VCS"),
                    URL = Optional(o, "URL"),
                    Subdir = Optional(o, "Subdir"),
                    Hash = Optional(o, "Hash"),
                    TagPrefix = Optional(o, "TagPrefix"),
                    TagSum = Optional(o, "TagSum"),
                    Ref = Optional(o, "Ref"),
                    RepoSum = Optional(o, "RepoSum"),
                };
            }
            return new RevInfo(v.GetString()!, time, origin);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) json.WriteString(name, value);
    }

    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
