using System.Text;
using System.Text.Json;

namespace ModuleSdk.Tests.Conformance;

/// <summary>One object of <c>download -json</c> output, the fields the comparison needs.</summary>
/// <param name="ModSum">Go's <c>GoModSum</c> or ModuleSdk's <c>ModSum</c>.</param>
public sealed record DownloadEntry(string Path, string Version, string? Sum, string? ModSum, string? Error)
{
    public string Key => Path + "@" + Version;
}

/// <summary>Parses the stream of concatenated JSON objects that <c>go mod download -json</c> prints.</summary>
public static class DownloadJson
{
    /// <summary>Parses every top-level object; <paramref name="modSumField"/> is <c>GoModSum</c> or <c>ModSum</c>.</summary>
    public static List<DownloadEntry> Parse(string text, string modSumField)
    {
        var result = new List<DownloadEntry>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            var o = doc.RootElement;
            result.Add(new DownloadEntry(Str(o, "Path") ?? "", Str(o, "Version") ?? "", Str(o, "Sum"), Str(o, modSumField), Str(o, "Error")));
        }
        return result;
    }

    private static string? Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
