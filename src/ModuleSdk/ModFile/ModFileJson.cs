using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ModuleSdk.ModFile;

/// <summary>
/// The JSON view of a module.mod file printed by <c>dotnet mod edit -json</c>, in the shape of
/// <c>go mod edit -json</c>: <c>Module</c> (<c>Path</c>, <c>Deprecated</c> when set), then
/// <c>Require</c>, <c>Exclude</c>, <c>Replace</c>, <c>Retract</c>, each an array or
/// <c>null</c> when empty (Go marshals nil slices as null); empty strings and false flags are
/// omitted where Go's struct tags say <c>omitempty</c>. Indented with tabs, with a final newline.
/// </summary>
public static class ModFileJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IndentCharacter = '\t',
        IndentSize = 1,
        // Go escapes <, >, & as \u003c etc. but leaves other non-ASCII text as is.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        TypeInfoResolver = ModFileJsonContext.Default,
    };

    /// <summary>The JSON text for <paramref name="file"/>, as <c>go mod edit -json</c> prints it.</summary>
    public static string Serialize(ModuleFile file)
    {
        var view = ToView(file);
        var json = JsonSerializer.Serialize(view, (JsonTypeInfo<FileJson>)Options.GetTypeInfo(typeof(FileJson)));
        return EscapeLikeGo(json) + "\n";
    }

    /// <summary>The view object behind <see cref="Serialize"/>.</summary>
    public static FileJson ToView(ModuleFile file) => new()
    {
        Module = new ModuleJson { Path = file.Module?.Path ?? "", Deprecated = NullIfEmpty(file.Module?.Deprecated) },
        Require = file.Require.Count == 0 ? null : file.Require.Select(r => new RequireJson
        {
            Path = r.Mod.Path,
            Version = NullIfEmpty(r.Mod.Version),
            Indirect = r.Indirect ? true : null,
        }).ToList(),
        Exclude = file.Exclude.Count == 0 ? null : file.Exclude.Select(x => new VersionJson
        {
            Path = x.Mod.Path,
            Version = NullIfEmpty(x.Mod.Version),
        }).ToList(),
        Replace = file.Replace.Count == 0 ? null : file.Replace.Select(r => new ReplaceJson
        {
            Old = new VersionJson { Path = r.Old.Path, Version = NullIfEmpty(r.Old.Version) },
            New = new VersionJson { Path = r.New.Path, Version = NullIfEmpty(r.New.Version) },
        }).ToList(),
        Retract = file.Retract.Count == 0 ? null : file.Retract.Select(r => new RetractJson
        {
            Low = NullIfEmpty(r.Low),
            High = NullIfEmpty(r.High),
            Rationale = NullIfEmpty(r.Rationale),
        }).ToList(),
    };

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>Go's encoder escapes &lt; &gt; &amp; U+2028 U+2029 as \u00XX; the relaxed encoder does not.</summary>
    private static string EscapeLikeGo(string json)
    {
        if (json.AsSpan().IndexOfAny("<>&\u2028\u2029") < 0) return json;
        var sb = new StringBuilder(json.Length + 16);
        foreach (char c in json)
        {
            switch (c)
            {
                case '<': sb.Append("\\u003c"); break;
                case '>': sb.Append("\\u003e"); break;
                case '&': sb.Append("\\u0026"); break;
                case '\u2028': sb.Append("\\u2028"); break;
                case '\u2029': sb.Append("\\u2029"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>The whole file.</summary>
    public sealed class FileJson
    {
        /// <summary>The module directive (an empty path when there is none).</summary>
        public required ModuleJson Module { get; init; }

        /// <summary>The requirements, or null.</summary>
        public List<RequireJson>? Require { get; init; }

        /// <summary>The exclusions, or null.</summary>
        public List<VersionJson>? Exclude { get; init; }

        /// <summary>The replacements, or null.</summary>
        public List<ReplaceJson>? Replace { get; init; }

        /// <summary>The retractions, or null.</summary>
        public List<RetractJson>? Retract { get; init; }
    }

    /// <summary>The module directive.</summary>
    public sealed class ModuleJson
    {
        /// <summary>The module path.</summary>
        public required string Path { get; init; }

        /// <summary>The deprecation message, omitted when empty.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Deprecated { get; init; }
    }

    /// <summary>A requirement.</summary>
    public sealed class RequireJson
    {
        /// <summary>The module path.</summary>
        public required string Path { get; init; }

        /// <summary>The version, omitted when empty.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Version { get; init; }

        /// <summary>True for <c>// indirect</c>, omitted otherwise.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public bool? Indirect { get; init; }
    }

    /// <summary>A module version (Go's <c>module.Version</c>).</summary>
    public sealed class VersionJson
    {
        /// <summary>The module path or directory.</summary>
        public required string Path { get; init; }

        /// <summary>The version, omitted when empty.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Version { get; init; }
    }

    /// <summary>A replacement.</summary>
    public sealed class ReplaceJson
    {
        /// <summary>The replaced module.</summary>
        public required VersionJson Old { get; init; }

        /// <summary>The replacement.</summary>
        public required VersionJson New { get; init; }
    }

    /// <summary>A retraction.</summary>
    public sealed class RetractJson
    {
        /// <summary>The lowest version, omitted when empty.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Low { get; init; }

        /// <summary>The highest version, omitted when empty.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? High { get; init; }

        /// <summary>The rationale, omitted when empty.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Rationale { get; init; }
    }
}
